// Many panels at 100x: 21 publishers (each set to publish every 0.01 s: the app answers
// with the fastest period it keeps for that many) and 20 listeners (auto ack), all
// connected / started, 41 panels in all, speed 100x, Play. Driven through the UI on the
// release build (headless Chromium at 1280x720). For SECONDS of wall time it records the
// frames drawn per second and the speed the time bar says the clock really keeps; then it
// clicks panels' edit buttons (wall ms from the click to the panel shown selected) and
// Pause (wall ms until the button says Play, and whether the clock moved after the click).
//
//   node e2e/bench/panels.mjs [--seconds 30] [--out target/bench/panels.json]
//
// Prints one JSON object (also written to --out). Not part of the test suite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, openPanel, REPO } from '../lib/app.mjs';
import { serveDist } from '../lib/server.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const SECONDS = Number(arg('seconds', 30));
const OUT = path.resolve(arg('out', path.join(REPO, 'target', 'bench', 'panels.json')));
const log = (...a) => console.error('[panels]', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function instrument() {
  window.__frames = [];
  const raf = window.requestAnimationFrame.bind(window);
  const tick = (t) => {
    window.__frames.push(t);
    if (window.__frames.length > 4000) window.__frames.splice(0, 2000);
    raf(tick);
  };
  raf(tick);
}

const server = await serveDist(path.join(REPO, 'dist'));
const context = await launch({ viewport: { width: 1280, height: 720 } });
const page = context.pages()[0] ?? (await context.newPage());
const out = { measured: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC', load_average_at_start: os.loadavg().map((x) => +x.toFixed(2)) };
try {
  await page.addInitScript(instrument);
  await page.goto(server.baseUrl);
  await page.waitForSelector('[data-testid=panel-1]', { timeout: 30000 });
  for (let i = 0; i < 20; i++) await page.click('#add-publisher');
  for (let i = 0; i < 20; i++) await page.click('#add-listener');
  await page.waitForSelector('[data-testid=panel-41]');
  out.panels = await page.$$eval('[data-testid^="panel-"][data-x]', (e) => e.length);
  for (let id = 1; id <= 21; id++) {
    await openPanel(page, id);
    await page.fill('[data-testid=form-every]', '0.01');
  }
  out.publish_every_field = await page.inputValue('[data-testid=form-every]');
  out.notice = await page.$$eval('[data-testid=notice]', (ns) => ns.map((n) => n.textContent.trim())[0] ?? null);
  // Panels overlap on a full canvas: the buttons are pressed as elements, not at a place.
  const press = (sel) => page.$eval(sel, (b) => b.click());
  for (let id = 1; id <= 21; id++) await press(`[data-testid=panel-${id}-connect]`);
  for (let id = 22; id <= 41; id++) await press(`[data-testid=panel-${id}-start]`);
  await page.focus('[data-testid=speed]');
  await page.keyboard.press('End');
  if ((await page.getAttribute('[data-testid=play]', 'aria-pressed')) !== 'true') await page.click('[data-testid=play]');
  const t0 = Date.now();
  out.seconds = [];
  while (Date.now() - t0 < SECONDS * 1000) {
    await sleep(1000);
    out.seconds.push(await page.evaluate(() => {
      const now = performance.now();
      return {
        fps: window.__frames.filter((t) => t > now - 1000).length,
        virtual_ms: Number(document.querySelector('[data-testid=clock]').dataset.ms),
        reached: Number(document.querySelector('[data-testid=speed-reached]')?.dataset.reached ?? NaN) || null,
      };
    }));
  }
  // While playing (the time bar says the speed really kept, when it falls short).
  fs.mkdirSync(path.join(REPO, 'target', 'e2e'), { recursive: true });
  await page.waitForSelector('[data-testid=speed-reached]', { timeout: 10000 }).catch(() => {});
  await page.screenshot({ path: path.join(REPO, 'target', 'e2e', 'panels-41-100x-playing.png') });
  for (const [w, h] of [[1366, 768], [390, 844]]) {
    await page.setViewportSize({ width: w, height: h });
    await sleep(1500);
    await page.screenshot({ path: path.join(REPO, 'target', 'e2e', `panels-41-100x-playing-${w}x${h}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  await sleep(1000);
  // Clicks while playing: an edit button pressed (as an element: panels overlap), wall ms
  // in the page until the panel is drawn selected, and Pause until the button says Play.
  const clickUntil = (sel, done) => page.evaluate(([sel, done]) => new Promise((resolve) => {
    const t0 = performance.now();
    document.querySelector(sel).click();
    const check = () => (new Function(`return ${done}`)() ? resolve(performance.now() - t0) : requestAnimationFrame(check));
    requestAnimationFrame(check);
  }), [sel, done]);
  out.clicks_ms = [];
  for (const id of [3, 30, 12, 38, 7]) {
    out.clicks_ms.push(Math.round(await clickUntil(`[data-testid=panel-${id}-edit]`, `document.querySelector('[data-testid=panel-${id}]')?.classList.contains('selected')`)));
    await sleep(500);
  }
  const before = Number(await page.getAttribute('[data-testid=clock]', 'data-ms'));
  out.pause_ms = Math.round(await clickUntil('[data-testid=play]', `document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'false'`));
  const paused = Number(await page.getAttribute('[data-testid=clock]', 'data-ms'));
  await sleep(1000);
  out.pause_clock_still = Number(await page.getAttribute('[data-testid=clock]', 'data-ms')) === paused;
  out.pause_virtual_ms_after_click = paused - before;
  const fps = out.seconds.map((s) => s.fps);
  out.fps_min = Math.min(...fps);
  out.fps_median = [...fps].sort((a, b) => a - b)[Math.floor(fps.length / 2)];
  const v = out.seconds;
  out.virtual_x = +((v[v.length - 1].virtual_ms - v[0].virtual_ms) / 1000 / (v.length - 1)).toFixed(1);
  fs.mkdirSync(path.join(REPO, 'target', 'e2e'), { recursive: true });
  await page.screenshot({ path: path.join(REPO, 'target', 'e2e', 'panels-41-100x.png') });
} catch (e) {
  out.error = e.stack ?? e.message;
} finally {
  await context.close().catch(() => {});
  await server.stop();
}
out.load_average_at_end = os.loadavg().map((x) => +x.toFixed(2));
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify(out, null, 2));
console.log(JSON.stringify(out, null, 2));
