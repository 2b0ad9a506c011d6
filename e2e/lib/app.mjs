// Shared helpers for e2e tests: launch Debian's Chromium with playwright-core and
// open the playground. Tests live in e2e/tests/*.test.mjs and run with `node e2e/run.mjs`.
//
//   import { test } from 'node:test';
//   import { openApp } from '../lib/app.mjs';
//   test('something', async (t) => {
//     const app = await openApp(t);          // closed automatically after the test
//     await app.page.click('#add-publisher');
//     await app.screenshot('something');     // -> target/e2e/something.png
//     app.assertNoErrors();
//   });
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Repository root (e2e/..). */
export const REPO = path.resolve(HERE, '..', '..');
/** Where screenshots and other artefacts go. */
export const OUT_DIR = process.env.E2E_OUT_DIR ?? path.join(REPO, 'target', 'e2e');
/** Set by run.mjs (the release build served under /nats-playground/), or by hand. */
export const BASE_URL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080/';
export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

/**
 * A share-link fragment (without `#`) the way src/playground/share.rs makes one: `s=` +
 * base64url(raw DEFLATE). `value` is JSON text or anything JSON.stringify takes.
 */
export function shareFragment(value) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `s=${zlib.deflateRawSync(Buffer.from(text), { level: 9 }).toString('base64url')}`;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches Chromium with a fresh user-data-dir. Returns a playwright BrowserContext
 * (persistent contexts are how playwright takes a user-data-dir); `close()` also
 * removes the profile directory.
 */
export async function launch({
  viewport = { width: 1280, height: 800 },
  colorScheme = 'light',
  extraArgs = [],
  hasTouch = false,
} = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-playground-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    viewport,
    colorScheme,
    hasTouch,
  });
  const close = context.close.bind(context);
  context.close = async () => {
    await close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return context;
}

/**
 * Opens the app in a fresh browser and waits until the wasm has rendered.
 * With a node:test context `t`, the browser is closed after the test.
 * Returns { page, context, errors, assertNoErrors(), screenshot(name), panelPos(id),
 *   expectPanelAt(id, {x, y}), settle() }.
 */
export async function openApp(t, { url = BASE_URL, ...launchOpts } = {}) {
  const context = await launch(launchOpts);
  t?.after(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(url);
  await page.waitForSelector('#app-title', { timeout: 30000 });

  return {
    page,
    context,
    errors,
    /** Fails if the page threw, logged an error or a request failed. */
    assertNoErrors() {
      assert.deepEqual(errors, [], 'page errors');
    },
    /** Saves target/e2e/<name>.png; returns the path. */
    async screenshot(name) {
      fs.mkdirSync(OUT_DIR, { recursive: true });
      const file = path.join(OUT_DIR, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    /** A panel's position as the app renders it (data-x / data-y). */
    async panelPos(id) {
      const el = page.locator(`[data-testid=panel-${id}]`);
      return { x: Number(await el.getAttribute('data-x')), y: Number(await el.getAttribute('data-y')) };
    },
    /** Waits (up to `timeout` ms) until panel `id` is at `pos`, then asserts it. */
    async expectPanelAt(id, pos, timeout = 5000) {
      await page
        .waitForFunction(
          ([id, x, y]) => {
            const el = document.querySelector(`[data-testid=panel-${id}]`);
            return el && Number(el.dataset.x) === x && Number(el.dataset.y) === y;
          },
          [id, pos.x, pos.y],
          { timeout },
        )
        .catch(() => {});
      assert.deepEqual(await this.panelPos(id), pos, `panel-${id} position`);
    },
    /** Resolves after the next two animation frames (pending renders are done). */
    async settle() {
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    },
  };
}

/** Drags `locator` (from its centre) by (dx, dy) with real mouse events. */
export async function dragBy(page, locator, dx, dy, steps = 10) {
  const box = await locator.boundingBox();
  assert.ok(box, 'drag target is visible');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps });
  await page.mouse.up();
}

// ---- helpers for the playground tests (e2e/tests/playground-*.test.mjs) ----

/** Console lines of panel `id` as drawn: [{ text, kind, t, seq }]. */
export async function consoleLines(page, id) {
  return page.$$eval(`[data-testid=panel-${id}-console] .line[data-kind]`, (els) =>
    els.map((e) => ({
      text: e.querySelector('.line-text')?.textContent ?? e.textContent,
      kind: e.dataset.kind,
      t: Number(e.dataset.t),
      seq: e.dataset.seq === undefined ? null : Number(e.dataset.seq),
    })),
  );
}

/** Waits until panel `id`'s console has at least `n` lines of `kind` (message, redelivered…). */
export async function waitForLines(page, id, n, kind = 'message', timeout = 15000) {
  await page.waitForFunction(
    ([id, n, kind]) =>
      document.querySelectorAll(`[data-testid=panel-${id}-console] .line[data-kind=${kind}]`).length >= n,
    [id, n, kind],
    { timeout },
  );
}

/** Waits until panel `id`'s status word is `status` ("connected", "closed", …). */
export async function waitForStatus(page, id, status, timeout = 15000) {
  await page.waitForFunction(
    ([id, status]) => document.querySelector(`[data-testid=panel-${id}-status]`)?.textContent === status,
    [id, status],
    { timeout },
  );
}

/** Connects panel `id` and waits until it is connected. */
export async function connectPanel(page, id) {
  await page.click(`[data-testid=panel-${id}-connect]`);
  await waitForStatus(page, id, 'connected');
}

/** Subscribes listener `id` and waits until its subscription is ready. */
export async function subscribePanel(page, id) {
  await page.click(`[data-testid=panel-${id}-subscribe]`);
  await page.waitForFunction(
    (id) => document.querySelector(`[data-testid=panel-${id}-sub]`)?.textContent.startsWith('subscribed'),
    id,
    { timeout: 15000 },
  );
}

/** Opens panel `id` in the inspector (its ⚙ button). */
export async function openPanel(page, id) {
  await page.click(`[data-testid=panel-${id}-edit]`);
  await page.waitForFunction(
    (id) => document.querySelector(`[data-testid=panel-${id}]`)?.classList.contains('selected'),
    id,
  );
}

/** The virtual clock in ms (the time bar's data-ms). */
export async function virtualNow(page) {
  return Number(await page.getAttribute('[data-testid=clock]', 'data-ms'));
}
