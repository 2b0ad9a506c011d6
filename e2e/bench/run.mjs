// Browser benchmarks against the release build served under /nats-playground/:
//   load:   first render after navigation (cold cache: a fresh profile per run), from the
//           Performance API clock (performance.now() when the app's title is in the DOM);
//   frames: 12 panels (2 publishers every 40 ms = 50 msg/s, 10 listeners), frame times from
//           requestAnimationFrame timestamps over 5 s of playing (page cross-origin isolated,
//           so the timestamps have 5 us resolution); the main-thread work per frame; and the
//           frame intervals with the frame-rate limit off.
// Prints one JSON object on stdout. Run by scripts/bench.sh.
import path from 'node:path';
import { launch, REPO, shareFragment } from '../lib/app.mjs';
import { serveDist } from '../lib/server.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

function twelvePanels() {
  const panels = [];
  const steps = [];
  for (let i = 1; i <= 12; i++) {
    const publisher = i <= 2;
    const client = publisher ? `tickets-${i}` : `listener-${i}`;
    const pos = publisher ? { x: 20, y: 20 + 200 * (i - 1) } : { x: 620 + 240 * ((i - 3) % 2), y: 20 + 110 * (i - 3) };
    const kind = publisher
      ? { Publisher: { subject: 'ticket:created', data: '{"id":"t1","title":"concert","price":20}', every_ms: 40 } }
      : { Listener: { subject: 'ticket:created', queue_group: i % 2 ? 'orders-service' : '' } };
    panels.push({ id: i, name: client, client_id: client, pos, kind, removed: false });
    steps.push({ at: 0, op: 'connect', client, panel: i });
  }
  for (let i = 3; i <= 12; i++) {
    const client = `listener-${i}`;
    steps.push({ at: 0, op: 'subscribe', client, sub: `s${i}`, subject: 'ticket:created', queue: i % 2 ? 'orders-service' : null, panel: i });
  }
  return {
    name: 'bench-12-panels', description: '12 panels, 50 messages per second',
    server: { cluster_id: 'ticketing', hb_interval_ms: 5000, hb_timeout_ms: 5000, hb_fail_count: 2 },
    steps, end_ms: 5000,
    layout: { panels },
    playground: { format: 'nats-streaming-playground', version: 1, latency_ms: 100, seed: 1, now: 5000, speed: 1.0 },
  };
}

// Main-thread work per frame: from the start of the app's requestAnimationFrame callback to
// a message posted after the frame (script, Yew's render, style, layout, paint all done).
// A second rAF callback queued right after the app's runs after the app's callback and its
// microtasks (the render); its MessageChannel message is handled after the frame is drawn.
function instrumentFrames() {
  const raf = window.requestAnimationFrame.bind(window);
  window.__rawRaf = raf; // the benchmark's own frame loop is not the app's
  window.__work = [];
  const ch = new MessageChannel();
  let start = 0;
  ch.port1.onmessage = () => window.__work.push(performance.now() - start);
  window.requestAnimationFrame = (cb) => {
    const id = raf((t) => {
      start = performance.now();
      cb(t);
    });
    raf(() => ch.port2.postMessage(0));
    return id;
  };
}

async function measureFrames(url, { extraArgs = [], instrument = false } = {}) {
  const context = await launch({ viewport: { width: 1600, height: 1000 }, extraArgs });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    if (instrument) await page.addInitScript(instrumentFrames);
    await page.goto(url + '#' + shareFragment(twelvePanels()));
    await page.waitForSelector('#app-title');
    await page.waitForSelector('[data-testid="panel-12"]', { timeout: 15000 });
    const isolated = await page.evaluate(() => self.crossOriginIsolated === true);
    const pressed = await page.getAttribute('[data-testid=play]', 'aria-pressed');
    if (pressed !== 'true') await page.click('[data-testid=play]');
    await page.waitForTimeout(1000);
    if (instrument) await page.evaluate(() => { window.__work = []; });
    const ts = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const t = [];
          const raf = window.__rawRaf ?? window.requestAnimationFrame.bind(window);
          const f = (now) => {
            t.push(now);
            if (now - t[0] < 5000) raf(f);
            else resolve(t);
          };
          raf(f);
        }),
    );
    const dts = ts.slice(1).map((t, i) => t - ts[i]);
    const delivered = await page.evaluate(() => document.body.innerText.match(/Received event #/g)?.length ?? 0);
    const work = instrument ? await page.evaluate(() => window.__work) : null;
    if (work) {
      return {
        frames: work.length,
        work_p50_ms: +pct(work, 50).toFixed(2),
        work_p95_ms: +pct(work, 95).toFixed(2),
        work_max_ms: +Math.max(...work).toFixed(2),
      };
    }
    return {
      panels: 12,
      messages_per_s: 50,
      cross_origin_isolated: isolated,
      frames: dts.length,
      p50_ms: +pct(dts, 50).toFixed(3),
      p95_ms: +pct(dts, 95).toFixed(3),
      p99_ms: +pct(dts, 99).toFixed(3),
      max_ms: +Math.max(...dts).toFixed(3),
      // Frames that missed a 60 Hz vsync (more than 1.5 intervals).
      long_frames: dts.filter((d) => d > 25).length,
      console_lines_seen: delivered,
    };
  } finally {
    await context.close();
  }
}

const server = await serveDist(path.join(REPO, 'dist'));
const isolatedServer = await serveDist(path.join(REPO, 'dist'), { isolated: true });
const url = server.baseUrl;
const isolatedUrl = isolatedServer.baseUrl;
const out = {};
try {
  const loads = [];
  for (let run = 0; run < 5; run++) {
    const context = await launch();
    const page = context.pages()[0] ?? (await context.newPage());
    await page.addInitScript(() => {
      new MutationObserver((_, obs) => {
        if (document.querySelector('#app-title')) {
          window.__firstRender = performance.now();
          obs.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(url);
    await page.waitForSelector('#app-title');
    loads.push(await page.evaluate(() => window.__firstRender));
    await context.close();
  }
  out.load = { first_render_ms: Math.round(median(loads)), runs_ms: loads.map(Math.round) };

  // Frames at the display's pace (60 Hz vsync), page cross-origin isolated so that
  // requestAnimationFrame timestamps have 5 us resolution (100 us otherwise, which alone
  // turns a steady 16.667 ms into 16.6/16.7/16.8 ms readings).
  out.frames = await measureFrames(isolatedUrl);
  // What a frame costs the main thread, at the display's pace (a separate run: the
  // instrumentation itself adds a callback per frame).
  out.frame_work = await measureFrames(isolatedUrl, { instrument: true });
  // The same load with the frame-rate limit off: frames follow each other as soon as the
  // page has produced one, so each interval is what one frame costs (script, style,
  // layout, paint), the headroom under the 16.7 ms budget.
  out.frames_unthrottled = await measureFrames(isolatedUrl, {
    extraArgs: ['--disable-frame-rate-limit', '--disable-gpu-vsync'],
  });
} finally {
  await server.stop();
  await isolatedServer.stop();
}
console.log(JSON.stringify(out, null, 2));
