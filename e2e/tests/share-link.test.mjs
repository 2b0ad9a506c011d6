// Share links and autosave:
// - a share link opened in a FRESH browser profile reproduces the same deliveries (the
//   listener consoles read the same, the trace export is identical);
// - the sharer's reload keeps the work done after sharing (autosave, not the older link);
// - a reload restores the canvas, the options (speed) and the point in time;
// - the export menu's three files (scenario, trace, sequence diagram) are well formed.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { test } from 'node:test';
import path from 'node:path';
import { OUT_DIR, openApp } from '../lib/app.mjs';

/** Pauses the clock (if playing) and returns the virtual time shown. */
async function pause(page) {
  if ((await page.getAttribute('[data-testid=play]', 'aria-pressed')) === 'true') {
    await page.click('[data-testid=play]');
  }
  await page.waitForSelector('[data-testid=play][aria-pressed=false]');
  return Number(await page.getAttribute('[data-testid=clock]', 'data-ms'));
}

/** Every panel's console text, by panel test id. */
async function consoles(page) {
  return page.$$eval('[data-testid$=-console]', (els) =>
    Object.fromEntries(els.map((e) => [e.dataset.testid, [...e.querySelectorAll('.line-text')].map((l) => l.textContent)])),
  );
}

/** Clicks an export menu item and returns the downloaded file's name and text. */
async function exportFile(page, item) {
  await page.click('[data-testid=export]');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=export-${item}]`)]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
}

async function notice(page) {
  await page.waitForSelector('[data-testid=notice]');
  return page.textContent('[data-testid=notice]');
}

test('a share link opened in a fresh profile reproduces the same deliveries', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await app.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  // Lesson 6: a publisher, two queue members and a plain listener; three events published.
  await page.click('[data-testid=open-lesson-6]');
  for (let i = 1; i <= 3; i++) {
    await page.click('[data-testid=show-me]');
    await page.waitForSelector(`[data-testid=task-${i}][data-done=true]`, { timeout: 10000 });
  }
  const t0 = await pause(page);
  const before = await consoles(page);
  const received = Object.values(before).flat().filter((l) => l.includes('Received event'));
  assert.ok(received.length >= 6, `deliveries happened: ${received}`);
  const trace = await exportFile(page, 'trace');

  await page.click('[data-testid=share]');
  assert.match(await notice(page), /Link copied|address bar/);
  await page.waitForFunction(() => location.hash.startsWith('#s='));
  const link = page.url();
  const copied = await page.evaluate(() => navigator.clipboard.readText().catch(() => null));
  if (copied !== null) assert.equal(copied, link);
  await app.screenshot('share-link-sender');

  const other = await openApp(t, { url: link });
  const p2 = other.page;
  assert.match(await notice(p2), /Opened the shared playground/);
  await p2.waitForFunction((t0) => Number(document.querySelector('[data-testid=clock]')?.dataset.ms) === t0, t0);
  assert.deepEqual(await consoles(p2), before, 'same console lines in the fresh profile');
  assert.equal((await exportFile(p2, 'trace')).text, trace.text, 'same trace');
  await other.screenshot('share-link-receiver');
  other.assertNoErrors();

  // The sharer carries on after sharing; a reload (same link in the address bar) keeps that work.
  await page.click('[data-testid=panel-1-publish]');
  await page.click('[data-testid=play]');
  await page.waitForFunction(
    () => [...document.querySelectorAll('.line-text')].some((l) => l.textContent.includes('Received event #4')),
    null,
    { timeout: 10000 },
  );
  await pause(page);
  const after = await consoles(page);
  await page.reload();
  await page.waitForSelector('#app-title');
  await page.waitForFunction(
    () => [...document.querySelectorAll('.line-text')].some((l) => l.textContent.includes('Received event #4')),
  );
  assert.deepEqual(await consoles(page), after);
  app.assertNoErrors();
});

test('a reload restores the canvas, the options and the point in time', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await page.click('[data-testid=add-listener]');
  await page.waitForSelector('[data-testid=panel-2]');
  await page.click('[data-testid=panel-1-connect]');
  await page.click('[data-testid=panel-2-connect]');
  await page.waitForSelector('[data-testid=panel-2-subscribe]:not([disabled])');
  await page.click('[data-testid=panel-2-subscribe]');
  await page.waitForSelector('[data-testid=panel-1-publish]:not([disabled])');
  await page.click('[data-testid=panel-1-publish]');
  await page.waitForFunction(() =>
    document.querySelector('[data-testid=panel-2-console]')?.textContent.includes('Received event #1'),
  );
  // options: a faster clock; the canvas: a panel moved with the keyboard
  await page.keyboard.press(']');
  const speed = await page.textContent('[data-testid=speed-label]');
  const panel = page.locator('[data-testid=panel-2]');
  await panel.focus();
  await page.keyboard.press('Shift+ArrowDown');
  const t0 = await pause(page);
  const pos = await app.panelPos(2);
  const before = await consoles(page);
  const count = await page.textContent('#panel-count');

  await page.reload();
  await page.waitForSelector('[data-testid=panel-2]');
  assert.equal(await page.textContent('#panel-count'), count);
  assert.deepEqual(await app.panelPos(2), pos);
  assert.equal(Number(await page.getAttribute('[data-testid=clock]', 'data-ms')), t0);
  assert.equal(await page.textContent('[data-testid=speed-label]'), speed);
  assert.deepEqual(await consoles(page), before);
  await app.screenshot('share-reload-restored');
  app.assertNoErrors();
});

test('exports: scenario file, trace (JSON Lines) and a well-formed sequence diagram', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await page.click('[data-testid=open-lesson-13]');
  for (let i = 1; i <= 3; i++) {
    await page.click('[data-testid=show-me]');
    await page.waitForSelector(`[data-testid=task-${i}][data-done=true]`, { timeout: 15000 });
  }
  await pause(page);

  // the menu closes with Escape and with a click elsewhere
  const menuOpen = () => page.$eval('[data-testid=export-menu]', (d) => d.open);
  await page.click('[data-testid=export]');
  assert.equal(await menuOpen(), true);
  await page.keyboard.press('Escape');
  assert.equal(await menuOpen(), false);
  await page.click('[data-testid=export]');
  await page.click('[data-testid=lesson-title]');
  assert.equal(await menuOpen(), false);

  const scenario = await exportFile(page, 'scenario');
  assert.match(scenario.name, /\.scenario\.json$/);
  const saved = JSON.parse(scenario.text);
  assert.equal(saved.playground.format, 'nats-streaming-playground');
  assert.ok(saved.steps.length > 0 && saved.layout.panels.length > 0);

  const trace = await exportFile(page, 'trace');
  assert.match(trace.name, /\.trace\.jsonl$/);
  const events = trace.text.trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(events.some((e) => e.ev === 'deliver'));

  const svg = await exportFile(page, 'diagram');
  assert.match(svg.name, /\.sequence\.svg$/);
  const check = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.nodeName,
      lifelines: doc.querySelectorAll('g.lifeline').length,
      arrows: doc.querySelectorAll('g.arrow').length,
      scripts: doc.querySelectorAll('script, foreignObject').length,
    };
  }, svg.text);
  assert.equal(check.error, null);
  assert.equal(check.root, 'svg');
  assert.ok(check.lifelines >= 2, JSON.stringify(check));
  assert.ok(check.arrows > events.filter((e) => e.ev === 'deliver').length, JSON.stringify(check));
  assert.equal(check.scripts, 0);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, 'share-sequence.svg'), svg.text);
  await app.screenshot('share-exports');
  app.assertNoErrors();
});

test('a playground too big for a comfortable link is offered as a file, and says why', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  // 300 events of random data: they do not compress, so the link would be far over 8000 characters
  const steps = [{ at: 0, op: 'connect', client: 'tickets' }];
  for (let i = 0; i < 300; i++) {
    steps.push({ at: 10 + i, op: 'publish', client: 'tickets', subject: 'ticket:created', data: JSON.stringify(crypto.randomBytes(24).toString('hex')) });
  }
  const scenario = {
    name: 'busy',
    description: '',
    server: { cluster_id: 'ticketing' },
    steps,
    end_ms: 2000,
    // a saved playground, at 2 s: every event has been published
    playground: { format: 'nats-streaming-playground', version: 1, latency_ms: 1, seed: 1, now: 2000, speed: 1 },
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-playground-busy-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'busy.json'), JSON.stringify(scenario));
  await page.setInputFiles('[data-testid=import-file]', path.join(dir, 'busy.json'));
  await page.waitForFunction(() => document.querySelector('[data-testid=notice]')?.textContent.includes('Opened “busy.json”'));
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=share]')]);
  assert.equal(dl.suggestedFilename(), 'busy.scenario.json');
  const saved = JSON.parse(fs.readFileSync(await dl.path(), 'utf8'));
  assert.equal(saved.steps.length, 301);
  assert.match(
    await page.textContent('[data-testid=notice]'),
    /The link would be \d+ characters long, too long to paste safely into chat or email \(over 8000\)\. The playground was saved as the file busy\.scenario\.json instead: send that, and open it with Import\./,
  );
  assert.equal(await page.evaluate(() => location.hash), '', 'no link in the address bar');
  app.assertNoErrors();
});

test('a browser without CompressionStream shares a longer link that opens the same playground', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await page.click('[data-testid=panel-1-connect]');
  await page.click('[data-testid=panel-1-publish]');
  const t0 = await pause(page);
  const before = await consoles(page);

  // The same playground shared twice: with the browser's deflate, then as if it had none.
  await page.click('[data-testid=share]');
  await page.waitForFunction(() => location.hash.startsWith('#s='));
  const compressed = new URL(page.url()).hash;
  await page.evaluate(() => {
    history.replaceState(null, '', location.pathname);
    delete window.CompressionStream;
  });
  await page.click('[data-testid=share]');
  await page.waitForFunction(() => location.hash.startsWith('#s='));
  const plain = new URL(page.url()).hash;
  assert.ok(plain.length > compressed.length, `${plain.length} > ${compressed.length}`);

  const other = await openApp(t, { url: page.url() });
  assert.match(await notice(other.page), /Opened the shared playground/);
  await other.page.waitForFunction((t0) => Number(document.querySelector('[data-testid=clock]')?.dataset.ms) === t0, t0);
  assert.deepEqual(await consoles(other.page), before);
  other.assertNoErrors();
  app.assertNoErrors();
});
