// Soak: the playground left running fast with a load that never lets go of anything.
//
// Driven through the UI as a user would (release build under /nats-playground/, Debian
// Chromium at 1280x720): three publishers set to publish every 0.01 s (the app answers
// with the fastest period it keeps and says so), two listeners in manual-ack mode whose
// handler never acks, all connected / started, speed 100x (the speed slider's End key),
// Play. Every SAMPLE seconds it records:
//   - wasm memory: the byteLength of the wasm instance's exported memory (reached through
//     Trunk's `TrunkApplicationStarted` event, whose detail is the instance's exports);
//   - JS heap used (CDP Performance.getMetrics, JSHeapUsedSize);
//   - frames drawn in the last second (requestAnimationFrame timestamps);
//   - the virtual time shown (`t = …`), the channel's message count, unacked deliveries;
//   - how long a round trip into the page takes (a blocked main thread shows here);
//   - the autosave in localStorage: its size and the virtual time it holds.
// At the end: Pause (frames drawn between the click and the clock's last change), the
// scrubber's Home key (wall ms until the clock shows 0), the autosave written after that,
// and a reload (the panels and the run come back).
//
//   node e2e/bench/soak.mjs [--seconds 300] [--sample 10] [--out target/bench/soak.json]
//
// Prints progress on stderr and one JSON object on stdout (also written to --out).
// Not part of the test suite: it runs for minutes and its figures are measurements.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, openPanel, REPO } from '../lib/app.mjs';
import { serveDist } from '../lib/server.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const SECONDS = Number(arg('seconds', 300));
const SAMPLE_S = Number(arg('sample', 10));
const OUT = path.resolve(arg('out', path.join(REPO, 'target', 'bench', 'soak.json')));
const AUTOSAVE_KEY = 'nats-playground/autosave';
// The bounds this soak checks, stated before it runs (the report says whether each held).
const BOUNDS = {
  wasm_mib: 256, // wasm memory at every sample
  pause_frames: 1, // frames after the click that may still show a new virtual time
  scrub_to_start_ms: 1000, // Home key to the clock showing 0
};
const log = (...a) => console.error(`[soak ${new Date().toISOString().slice(11, 19)}]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Rejects if `p` takes longer than `ms` (a frozen tab never answers). */
function within(p, ms, what) {
  let timer;
  return Promise.race([
    p,
    new Promise((_, rej) => {
      timer = setTimeout(() => rej(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// In the page before the app starts: the wasm memory, a frame log, and the clock's changes.
function instrument() {
  addEventListener('TrunkApplicationStarted', (e) => {
    window.__wasmMemory = e.detail?.wasm?.memory ?? null;
  });
  window.__tickLog = null;
  window.__frames = []; // rAF timestamps (performance.now clock), the last few seconds
  const raf = window.requestAnimationFrame.bind(window);
  const ch = new MessageChannel();
  ch.port1.onmessage = () => {
    const c = document.querySelector('[data-testid=clock]');
    window.__tickLog?.push({ at: performance.now(), ms: c ? Number(c.dataset.ms) : null });
  };
  const tick = (t) => {
    const f = window.__frames;
    f.push(t);
    if (f.length > 2000) f.splice(0, 1000);
    // While recording: the virtual time the page shows once this frame's callbacks (the
    // app's among them) are done, read from a message posted now (handled after them).
    if (window.__tickLog) ch.port2.postMessage(0);
    raf(tick);
  };
  raf(tick);
  window.__clockChanges = null; // [{ at, ms }] while recording
  window.__watchClock = () => {
    const el = document.querySelector('[data-testid=clock]');
    if (!el || window.__clockObserver) return;
    window.__clockObserver = new MutationObserver(() => {
      if (window.__clockChanges) window.__clockChanges.push({ at: performance.now(), ms: Number(el.dataset.ms) });
    });
    window.__clockObserver.observe(el, { attributes: true, attributeFilter: ['data-ms'], childList: true, characterData: true, subtree: true });
  };
  window.__sample = (key) => {
    const now = performance.now();
    const clock = document.querySelector('[data-testid=clock]');
    const channel = document.querySelector('[data-testid^="channel-"] .channel-title');
    const pending = [...document.querySelectorAll('[data-testid^="sub-"][data-pending]')].map((e) => Number(e.dataset.pending));
    const saved = localStorage.getItem(key);
    let savedNow = null;
    let savedSteps = null;
    if (saved) {
      try {
        const j = JSON.parse(saved);
        savedNow = j.playground?.now ?? null;
        savedSteps = Array.isArray(j.steps) ? j.steps.length : null;
      } catch {
        savedNow = 'unparsable';
      }
    }
    return {
      wasm_bytes: window.__wasmMemory?.buffer?.byteLength ?? null,
      fps: window.__frames.filter((t) => t > now - 1000).length,
      clock_text: clock?.textContent ?? null,
      clock_ms: clock ? Number(clock.dataset.ms) : null,
      channel_text: channel?.textContent ?? null,
      unacked: pending.reduce((a, b) => a + b, 0),
      playing: document.querySelector('[data-testid=play]')?.getAttribute('aria-pressed'),
      speed: document.querySelector('[data-testid=speed-label]')?.textContent ?? null,
      // The speed the clock really keeps, when the app says it falls short of the asked one.
      speed_reached: Number(document.querySelector('[data-testid=speed-reached]')?.dataset.reached ?? NaN),
      notices: [...document.querySelectorAll('[data-testid=notice]')].map((n) => n.textContent.trim()),
      autosave_chars: saved?.length ?? 0,
      autosave_now_ms: savedNow,
      autosave_steps: savedSteps,
      panels: document.querySelectorAll('[data-testid^="panel-"][data-x]').length,
      crash_screen: document.querySelector('#crash-message')?.textContent ?? null,
    };
  };
}

async function setUp(page) {
  await page.waitForSelector('#app-title', { timeout: 30000 });
  await page.waitForSelector('[data-testid=panel-1]');
  const notices = [];
  // Three publishers: the first is on the canvas already.
  await page.click('#add-publisher');
  await page.waitForSelector('[data-testid=panel-2]');
  await page.click('#add-publisher');
  await page.waitForSelector('[data-testid=panel-3]');
  for (const id of [1, 2, 3]) {
    await openPanel(page, id);
    await page.fill('[data-testid=form-every]', '0.01');
    await page.waitForTimeout(200);
    notices.push(...(await page.$$eval('[data-testid=notice]', (ns) => ns.map((n) => n.textContent.trim()))));
  }
  const every = await page.inputValue('[data-testid=form-every]');
  // Two listeners, manual ack, a handler that never acks.
  await page.click('#add-listener');
  await page.waitForSelector('[data-testid=panel-4]');
  await page.click('#add-listener');
  await page.waitForSelector('[data-testid=panel-5]');
  for (const id of [4, 5]) {
    await openPanel(page, id);
    await page.check('[data-testid=form-manual-ack]');
    await page.selectOption('[data-testid=form-handler]', 'never');
  }
  const ackWait = await page.inputValue('[data-testid=form-ack-wait]');
  for (const id of [1, 2, 3]) await page.click(`[data-testid=panel-${id}-connect]`);
  for (const id of [4, 5]) await page.click(`[data-testid=panel-${id}-start]`);
  // Speed 100x: the slider's End key.
  await page.focus('[data-testid=speed]');
  await page.keyboard.press('End');
  const speed = await page.textContent('[data-testid=speed-label]');
  if ((await page.getAttribute('[data-testid=play]', 'aria-pressed')) !== 'true') await page.click('[data-testid=play]');
  await page.evaluate(() => window.__watchClock());
  return { publish_every_field: every, ack_wait_ms_field: ackWait, speed, setup_notices: [...new Set(notices)] };
}

async function jsHeap(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? null;
}

async function sample(page, cdp, t0) {
  const start = Date.now();
  const s = await within(page.evaluate((k) => window.__sample(k), AUTOSAVE_KEY), 60000, 'sample');
  const roundTrip = Date.now() - start;
  const heap = await within(jsHeap(cdp), 60000, 'JS heap');
  const msgs = Number((s.channel_text ?? '').match(/([\d,]+) msgs?/)?.[1]?.replace(/,/g, '') ?? NaN);
  return {
    wall_s: Math.round((Date.now() - t0) / 1000),
    virtual_ms: s.clock_ms,
    clock: s.clock_text,
    wasm_mib: s.wasm_bytes == null ? null : +(s.wasm_bytes / 2 ** 20).toFixed(1),
    js_heap_mib: heap == null ? null : +(heap / 2 ** 20).toFixed(1),
    fps: s.fps,
    round_trip_ms: roundTrip,
    channel_msgs: Number.isFinite(msgs) ? msgs : null,
    unacked: s.unacked,
    playing: s.playing,
    speed_reached: Number.isFinite(s.speed_reached) ? s.speed_reached : null,
    autosave_kib: +(s.autosave_chars / 1024).toFixed(1),
    autosave_now_ms: s.autosave_now_ms,
    autosave_steps: s.autosave_steps,
    notices: s.notices,
    crash_screen: s.crash_screen,
  };
}

/**
 * Pause, clicked with the mouse at the button (no waiting for the page to be idle): when the
 * page saw the click, the clock's changes after it, and the frames drawn between the click
 * and the clock's last change.
 */
async function measurePause(page) {
  await page.evaluate(() => {
    window.__clockChanges = [];
    window.__tickLog = [];
    window.__clickAt = null;
    const btn = document.querySelector('[data-testid=play]');
    btn.addEventListener('click', () => { window.__clickAt = performance.now(); }, { once: true, capture: true });
  });
  await sleep(1000); // how often the clock changes while playing
  const changesIn1s = await page.evaluate(() => window.__clockChanges.length);
  const box = await page.locator('[data-testid=play]').boundingBox();
  const issued = Date.now();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForFunction(() => window.__clickAt !== null, null, { timeout: 120000, polling: 100 });
  const seenAfter = await page.evaluate(() => performance.timeOrigin + window.__clickAt) - issued;
  await page.waitForFunction(() => document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'false', null, { timeout: 120000, polling: 100 });
  await sleep(2000); // the clock must stay still from here on
  const r = await page.evaluate(() => {
    const at = window.__clickAt;
    const all = window.__clockChanges;
    const changes = all.filter((c) => c.at >= at);
    const last = changes.length ? changes[changes.length - 1].at : at;
    const frameTimes = window.__frames.filter((t) => t > at);
    const log = window.__tickLog;
    const firstAfter = log.findIndex((k) => k.at > at);
    const ticks = firstAfter < 0 ? [] : log.slice(firstAfter);
    const moved = [];
    for (let i = 0; i < ticks.length; i++) {
      const prev = i === 0 ? log[firstAfter - 1]?.ms : ticks[i - 1].ms;
      if (prev !== undefined && ticks[i].ms !== prev) moved.push(i + 1);
    }
    window.__tickLog = null;
    window.__clockChanges = null;
    return {
      clock_changes_after_click: changes.length,
      last_change_ms_after_click: +(last - at).toFixed(1),
      // Frames (animation-frame callbacks) after the click, and those of them that found a
      // virtual time different from the frame before: 1 = the first frame after the click.
      frames_after_click_with_a_new_time: moved,
      frame_callbacks_in_2s_after: ticks.length,
      // The first frames after the click: [ms after the click, virtual ms shown].
      first_frames: ticks.slice(0, 8).map((k) => [+(k.at - at).toFixed(1), k.ms]),
      virtual_ms_at_click: log[firstAfter - 1]?.ms ?? null,
      frames_drawn_in_2s_after: frameTimes.length,
      first_frame_ms_after_click: frameTimes.length ? +(frameTimes[0] - at).toFixed(1) : null,
      clock_after: document.querySelector('[data-testid=clock]').textContent,
      clock_ms_after: Number(document.querySelector('[data-testid=clock]').dataset.ms),
    };
  });
  return { clock_changes_in_1s_before: changesIn1s, click_seen_ms_after_issued: seenAfter, ...r };
}

/** The scrubber's Home key: wall ms from the key press to the clock showing 0. */
async function measureScrubToStart(page) {
  await page.focus('[data-testid=scrubber]');
  await page.evaluate(() => {
    window.__clockChanges = [];
    window.__homeAt = null;
    document.querySelector('[data-testid=scrubber]').addEventListener('keydown', () => { window.__homeAt = performance.now(); }, { once: true, capture: true });
  });
  const from = Number(await page.getAttribute('[data-testid=clock]', 'data-ms'));
  const issued = Date.now();
  await page.keyboard.press('Home');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=clock]').dataset.ms) === 0, null, { timeout: 120000, polling: 50 });
  const r = await page.evaluate(() => {
    const zero = window.__clockChanges.find((c) => c.ms === 0);
    const r = {
      key_seen_wall: performance.timeOrigin + window.__homeAt,
      zero_wall: zero ? performance.timeOrigin + zero.at : null,
      clock_after: document.querySelector('[data-testid=clock]').textContent,
    };
    window.__clockChanges = null;
    return r;
  });
  return {
    from_virtual_ms: from,
    key_seen_ms_after_press: +(r.key_seen_wall - issued).toFixed(1),
    ms_from_press_to_clock_0: r.zero_wall == null ? null : +(r.zero_wall - issued).toFixed(1),
    ms_from_key_event_to_clock_0: r.zero_wall == null ? null : +(r.zero_wall - r.key_seen_wall).toFixed(1),
    clock_after: r.clock_after,
  };
}

/**
 * Waits (up to 20 s) until the autosave holds virtual time `ms` (or `announced`, the moment
 * the app said the autosave keeps the history up to); returns what it holds.
 */
async function autosaveAt(page, ms, announced = null) {
  const from = Date.now();
  const ok = await page
    .waitForFunction(([k, ms, alt]) => {
      try {
        const now = JSON.parse(localStorage.getItem(k) ?? 'null')?.playground?.now;
        // The notice says the moment to 0.1 s.
        return now === ms || (alt !== null && Math.abs(now - alt) <= 50);
      } catch {
        return false;
      }
    }, [AUTOSAVE_KEY, ms, announced], { timeout: 20000, polling: 100 })
    .then(() => true, () => false);
  const s = await page.evaluate((k) => window.__sample(k), AUTOSAVE_KEY);
  return {
    holds_the_moment_on_screen: ok && s.autosave_now_ms === ms,
    holds_the_announced_moment: ok && announced !== null && Math.abs(s.autosave_now_ms - announced) <= 50,
    announced_ms: announced,
    wall_ms_until_saved: ok ? Date.now() - from : null,
    kib: +(s.autosave_chars / 1024).toFixed(1),
    now_ms: s.autosave_now_ms,
    steps: s.autosave_steps,
    notices: s.notices,
  };
}

const server = await serveDist(path.join(REPO, 'dist'));
const context = await launch({ viewport: { width: 1280, height: 720 } });
const page = context.pages()[0] ?? (await context.newPage());
const events = [];
const t0 = Date.now();
const note = (kind, text) => {
  events.push({ wall_s: +((Date.now() - t0) / 1000).toFixed(1), kind, text: String(text).slice(0, 500) });
  log(kind, String(text).slice(0, 200));
};
page.on('pageerror', (e) => note('pageerror', e.message));
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') note(`console.${m.type()}`, m.text()); });
page.on('crash', () => note('crash', 'the page crashed'));
const sh = (cmd) => {
  try {
    return execSync(cmd, { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '?';
  }
};
const out = {
  measured: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  commit: sh('git rev-parse --short HEAD'),
  machine: `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${sh('chromium --version')}`,
  load_average_at_start: os.loadavg().map((x) => +x.toFixed(2)),
  bounds: BOUNDS,
  seconds: SECONDS,
  sample_s: SAMPLE_S,
  viewport: '1280x720',
  samples: [],
  events,
};
try {
  await page.addInitScript(instrument);
  await page.goto(server.baseUrl);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  out.setup = await setUp(page);
  log('setup', JSON.stringify(out.setup));
  const tPlay = Date.now();
  out.samples.push(await sample(page, cdp, tPlay));
  let failed = null;
  while (Date.now() - tPlay < SECONDS * 1000) {
    await sleep(Math.max(0, tPlay + out.samples.length * SAMPLE_S * 1000 - Date.now()));
    try {
      const s = await sample(page, cdp, tPlay);
      out.samples.push(s);
      log(JSON.stringify({ ...s, notices: s.notices.length }));
      if (s.crash_screen) throw new Error(`crash screen: ${s.crash_screen}`);
    } catch (e) {
      failed = e.message;
      note('sample-failed', e.message);
      break;
    }
  }
  out.run_failed = failed;
  if (failed) {
    // What a user finds when opening the playground again (same browser profile, new tab).
    await page.close().catch(() => {});
    const again = await context.newPage();
    await again.addInitScript(instrument);
    const at = Date.now();
    await again.goto(server.baseUrl);
    await again.waitForSelector('#app-title', { timeout: 60000 });
    await again.waitForFunction(() => !document.querySelector('[data-testid=loading]'), null, { timeout: 120000 }).catch(() => {});
    await sleep(1000);
    const back = await again.evaluate((k) => window.__sample(k), AUTOSAVE_KEY);
    out.reopen_after_failure = {
      wall_ms: Date.now() - at,
      panels: back.panels,
      clock: back.clock_text,
      scrubber_max_ms: Number(await again.getAttribute('[data-testid=scrubber]', 'max')),
      autosave_kib: +(back.autosave_chars / 1024).toFixed(1),
      notices: back.notices,
    };
    log('reopened', JSON.stringify(out.reopen_after_failure));
  } else {
    out.pause = await within(measurePause(page), 300000, 'pause');
    log('pause', JSON.stringify(out.pause));
    // The autosave runs every 2 s: it must hold the paused moment, then the start.
    // The moment the app said the autosave keeps the history up to, if it said so.
    const said = out.samples.flatMap((x) => x.notices).map((n) => n.match(/autosave keeps its history up to ([\d.]+) s/)).find(Boolean);
    out.autosave_announced_ms = said ? Math.round(Number(said[1]) * 1000) : null;
    out.autosave_paused = await within(autosaveAt(page, out.pause.clock_ms_after, out.autosave_announced_ms), 60000, 'autosave');
    log('autosave (paused)', JSON.stringify(out.autosave_paused));
    out.scrub_to_start = await within(measureScrubToStart(page), 300000, 'scrub');
    log('scrub', JSON.stringify(out.scrub_to_start));
    out.autosave_end = await within(autosaveAt(page, 0), 60000, 'autosave');
    const storage = await page.evaluate(() => Object.fromEntries(
      [['local', localStorage], ['session', sessionStorage]].map(([n, s]) => [n, Object.fromEntries(
        Array.from({ length: s.length }, (_, i) => s.key(i)).map((k) => [k, s.getItem(k).length]))]),
    ));
    out.autosave_end.keys_chars = storage;
    log('autosave (at 0)', JSON.stringify(out.autosave_end));
    // Back to the end (the scrubber's End key), saved there, then reload.
    const horizon = Number(await page.getAttribute('[data-testid=scrubber]', 'max'));
    const endFrom = Date.now();
    await page.focus('[data-testid=scrubber]');
    await page.keyboard.press('End');
    await page.waitForFunction((h) => Number(document.querySelector('[data-testid=clock]').dataset.ms) === h, horizon, { timeout: 120000, polling: 50 });
    out.scrub_to_end = { to_virtual_ms: horizon, ms_from_press_to_clock_at_end: Date.now() - endFrom };
    log('scrub to end', JSON.stringify(out.scrub_to_end));
    out.autosave_at_end = await within(autosaveAt(page, horizon, out.autosave_announced_ms), 60000, 'autosave');
    log('autosave (at the end)', JSON.stringify(out.autosave_at_end));
    // Reload: the work comes back.
    const reloadAt = Date.now();
    await page.reload();
    await page.waitForSelector('#app-title', { timeout: 60000 });
    await page.waitForSelector('[data-testid=panel-5]', { timeout: 120000 });
    await page.waitForFunction(() => !document.querySelector('[data-testid=loading]'), null, { timeout: 120000 });
    const back = await page.evaluate((k) => window.__sample(k), AUTOSAVE_KEY);
    out.reload = {
      wall_ms_until_panels_back: Date.now() - reloadAt,
      panels: back.panels,
      clock: back.clock_text,
      scrubber_max_ms: Number(await page.getAttribute('[data-testid=scrubber]', 'max')),
      scrubber_max_ms_before: horizon,
      wasm_mib: back.wasm_bytes == null ? null : +(back.wasm_bytes / 2 ** 20).toFixed(1),
      notices: back.notices,
    };
    log('reload', JSON.stringify(out.reload));
  }
  fs.mkdirSync(path.join(REPO, 'target', 'e2e'), { recursive: true });
  await page.screenshot({ path: path.join(REPO, 'target', 'e2e', 'soak-end.png') }).catch(() => {});
} catch (e) {
  note('error', e.stack ?? e.message);
  out.error = e.message;
} finally {
  await context.close().catch(() => {});
  await server.stop();
}
out.load_average_at_end = os.loadavg().map((x) => +x.toFixed(2));
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify(out, null, 2));
console.log(JSON.stringify(out, null, 2));
