// Bad input from outside the app: damaged saved state, saved state from another version,
// cut or garbled share links, bad files to import, storage that is full or unavailable.
// Each gets a clear message, and the app keeps working (a panel can still be added).
// docs/bad-inputs.md lists these cases with their messages.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { BASE_URL, openApp, shareFragment } from '../lib/app.mjs';

const AUTOSAVE = 'nats-playground/autosave';
const BACKUP = 'nats-playground/autosave-backup';

/** A share link the way src/playground/share.rs makes one: raw DEFLATE, base64url, `#s=`. */
function link(json) {
  return `${BASE_URL}#${shareFragment(json)}`;
}

const SCENARIO = {
  name: 'two clients',
  description: 'a publisher and a listener',
  server: { cluster_id: 'ticketing', hb_interval_ms: 5000, hb_timeout_ms: 5000, hb_fail_count: 2 },
  steps: [
    { at: 0, op: 'connect', client: 'tickets' },
    { at: 0, op: 'connect', client: 'orders' },
    { at: 0, op: 'subscribe', client: 'orders', sub: 'created', subject: 'ticket:created' },
    { at: 300, op: 'publish', client: 'tickets', subject: 'ticket:created', data: '{"id":"1"}' },
  ],
  end_ms: 600,
};

async function noticeText(page, re) {
  await page.waitForFunction(
    (src) => new RegExp(src).test(document.querySelector('[data-testid=notice]')?.textContent ?? ''),
    re.source,
    { timeout: 10000 },
  ).catch(() => {});
  const text = (await page.textContent('[data-testid=notice]').catch(() => null)) ?? '(no notice)';
  assert.match(text, re);
  return text;
}

/** The app still works: adding a panel adds one. */
async function stillWorks(page) {
  const count = async () => page.locator('#canvas .panel').count();
  const before = await count();
  await page.click('[data-testid=add-publisher]');
  await page.waitForFunction((n) => document.querySelectorAll('#canvas .panel').length === n + 1, before);
}

/** Reloads with `setup` run before the app starts (after the old page has saved). */
async function reloadWith(page, setup, arg) {
  await page.addInitScript(
    ([src, arg]) => {
      if (sessionStorage.getItem('e2e-setup-done')) return;
      sessionStorage.setItem('e2e-setup-done', '1');
      new Function('arg', src)(arg);
    },
    [setup, arg],
  );
  await page.reload();
  await page.waitForSelector('#app-title');
}

test('damaged saved state is set aside with a message; the app starts fresh and works', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  const broken = '{"name":"cut in ha';
  await reloadWith(page, 'localStorage.setItem(arg.key, arg.value);', { key: AUTOSAVE, value: broken });
  const text = await noticeText(page, /Your saved playground could not be restored/);
  assert.match(text, /invalid JSON/);
  assert.match(text, /set aside/);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), BACKUP), broken);
  await stillWorks(page);
  await app.screenshot('badinput-damaged-autosave');
  app.assertNoErrors();
});

test('saved state from another version is set aside with a message', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  const old = {
    ...SCENARIO,
    layout: { panels: [] },
    playground: { format: 'nats-streaming-playground', version: 0, latency_ms: 100, seed: 1, now: 0, speed: 1 },
  };
  old.steps = [];
  await reloadWith(page, 'localStorage.setItem(arg.key, arg.value);', { key: AUTOSAVE, value: JSON.stringify(old) });
  await noticeText(page, /could not be restored\. This was saved by another version of the playground \(format 0; this one reads 1\)/);
  await stillWorks(page);
  app.assertNoErrors();
});

test('a cut share link, a garbled one and one holding a bad scenario each get a clear message', async (t) => {
  const good = link(SCENARIO);
  const cut = good.slice(0, good.length - Math.floor((good.length - BASE_URL.length) / 2));
  const cases = [
    [cut, /This share link cannot be opened\. The link is cut short or damaged/],
    [`${BASE_URL}#s=abc$def`, /This share link cannot be opened\. The link is damaged: unexpected character '\$' at position 4/],
    [
      link({ ...SCENARIO, steps: [{ at: 0, op: 'dance', client: 'x' }] }),
      /This share link cannot be opened\. The link's playground cannot be opened: Not a valid scenario: .*step 1/,
    ],
    [link('{"steps": [1, 2'), /The link's playground cannot be opened: Not a valid scenario: .*invalid JSON/],
    // a few KB that unpack past the 4 MB bound: stopped while the browser unpacks it
    [link(' '.repeat(5 * 1024 * 1024)), /This share link cannot be opened\. The link is cut short or damaged/],
    [`${BASE_URL}#s=${'A'.repeat(400001)}`, /This share link cannot be opened\. The link is too long \(400003 characters\)\./],
  ];
  for (const [url, re] of cases) {
    const app = await openApp(t, { url });
    await noticeText(app.page, re);
    // the broken fragment leaves the address bar, so a reload does not repeat the message
    assert.equal(await app.page.evaluate(() => location.hash), '');
    await stillWorks(app.page);
    if (url === cut) await app.screenshot('badinput-cut-link');
    app.assertNoErrors();
    await app.context.close();
  }
  // and the uncut link opens
  const app = await openApp(t, { url: good });
  await noticeText(app.page, /Opened the shared playground “two clients” \(2 panels, 4 steps\)/);
  app.assertNoErrors();
});

test('bad files to import are refused with their reason and the playground is unchanged', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-playground-import-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name, text) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  const tooLong = { ...SCENARIO, steps: Array.from({ length: 20001 }, (_, i) => ({ at: i, op: 'monitor', path: '/streaming/serverz' })) };
  const longName = {
    ...SCENARIO,
    layout: { panels: [{ id: 1, name: 'x'.repeat(70 * 1024), client_id: 'tickets', pos: { x: 0, y: 0 }, kind: { Publisher: { subject: 'a', data: '{}', every_ms: 0 } } }] },
    steps: [],
  };
  const crowd = {
    ...SCENARIO,
    steps: [],
    layout: {
      panels: Array.from({ length: 65 }, (_, i) => ({
        id: i + 1, name: `p${i + 1}`, client_id: `c${i + 1}`, pos: { x: 0, y: 0 },
        kind: { Publisher: { subject: 'a', data: '{}', every_ms: 0 } },
      })),
    },
  };
  const cases = [
    [file('crowd.json', JSON.stringify(crowd)), /Too many panels \(65; at most 64\)\./],
    [file('notes.json', 'this is not JSON'), /“notes\.json” cannot be opened: Not a valid scenario: .*invalid JSON.* The playground is unchanged\./],
    [file('big.json', ' '.repeat(2.5 * 1024 * 1024)), /“big\.json” is too large to import \(2\.5 MB; at most 2 MB\)/],
    [file('no-steps.json', '{"name": "x"}'), /“no-steps\.json” cannot be opened: Not a valid scenario: .*steps/],
    [file('history.json', JSON.stringify(tooLong)), /Too long a history \(20001 steps; at most 20000\)/],
    [file('long-name.json', JSON.stringify(longName)), /A text in a panel is too long/],
  ];
  const panels = await page.locator('#canvas .panel').count();
  for (const [p, re] of cases) {
    await page.setInputFiles('[data-testid=import-file]', p);
    await noticeText(page, re);
    assert.equal(await page.locator('#canvas .panel').count(), panels, 'unchanged');
  }
  await app.screenshot('badinput-import');
  // a good file still imports afterwards (the same input, again)
  await page.setInputFiles('[data-testid=import-file]', file('good.json', JSON.stringify(SCENARIO)));
  await noticeText(page, /Opened “good\.json” \(2 panels, 4 steps\)\. Press play to watch it; it runs to 600 ms\./);
  await stillWorks(page);
  app.assertNoErrors();
});

test('full storage: the learner is told once, and the app keeps working', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await page.addInitScript(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.reload();
  await page.waitForSelector('#app-title');
  await page.click('[data-testid=add-listener]');
  await noticeText(page, /not keeping your work \(its storage is unavailable or full\)/);
  await page.click('[data-testid=notice-dismiss]');
  await stillWorks(page);
  // said once: no new notice on later saves
  await page.waitForTimeout(2500);
  assert.equal(await page.locator('[data-testid=notice]').count(), 0);
  app.assertNoErrors();
});

test('no storage at all (blocked by the browser): told once, and the app works', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await page.addInitScript(() => {
    for (const name of ['localStorage', 'sessionStorage']) {
      Object.defineProperty(window, name, {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    }
  });
  await page.reload();
  await page.waitForSelector('#app-title');
  await noticeText(page, /not keeping your work/);
  await stillWorks(page);
  await app.screenshot('badinput-no-storage');
  app.assertNoErrors();
});

test('a playground too large to save says so instead of saving what cannot be restored', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  // a 70 KB panel name (the limit for saved texts is 64 KB), typed into the inspector
  await page.click('[data-testid=panel-1-edit]');
  await page.fill('[data-testid=form-name]', 'n'.repeat(70 * 1024));
  await noticeText(page, /can no longer be saved in the browser: A text in a panel is too long\./);
  await stillWorks(page);
  app.assertNoErrors();
});
