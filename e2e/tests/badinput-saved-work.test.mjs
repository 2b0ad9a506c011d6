// Saved work is never lost or crossed: two tabs keep their own work, damaged saved states go
// to a ring of backups (never deleted to make room), panel ids and positions from outside
// are checked, a publish refused for its size does not stop the autosave.
// docs/bad-inputs.md lists these cases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASE_URL, openApp, shareFragment } from '../lib/app.mjs';

const AUTOSAVE = 'nats-playground/autosave';
const TAB_AUTOSAVE = 'nats-playground/tab-autosave';
const BACKUP = 'nats-playground/autosave-backup';

function scenario(name, client) {
  return {
    name,
    server: { cluster_id: 'ticketing', hb_interval_ms: 5000, hb_timeout_ms: 5000, hb_fail_count: 2 },
    steps: [{ at: 0, op: 'connect', client }],
    end_ms: 300,
  };
}

const link = (value) => `${BASE_URL}#${shareFragment(value)}`;

async function noticeText(page, re, timeout = 10000) {
  await page
    .waitForFunction(
      (src) => new RegExp(src).test(document.querySelector('[data-testid=notice]')?.textContent ?? ''),
      re.source,
      { timeout },
    )
    .catch(() => {});
  const text = (await page.textContent('[data-testid=notice]').catch(() => null)) ?? '(no notice)';
  assert.match(text, re);
  return text;
}

const panelNames = (page) => page.$$eval('#canvas .panel', (els) => els.map((e) => e.textContent).join(' | '));

test('two tabs keep their own work: reloading link A in tab A shows A, not what tab B saved last', async (t) => {
  const a = await openApp(t, { url: link(scenario('alpha', 'alpha-client')) });
  await noticeText(a.page, /Opened the shared playground “alpha”/);
  await a.page.waitForFunction((k) => (sessionStorage.getItem(k) ?? '').includes('alpha-client'), TAB_AUTOSAVE, { timeout: 10000 });
  const b = await a.context.newPage();
  await b.goto(link(scenario('beta', 'beta-client')));
  await b.waitForSelector('#app-title');
  await b.waitForFunction((k) => (localStorage.getItem(k) ?? '').includes('beta-client'), AUTOSAVE, { timeout: 10000 });

  await a.page.reload();
  await a.page.waitForSelector('#app-title');
  await a.page.waitForFunction(() => /alpha-client|beta-client/.test(document.querySelector('#canvas')?.textContent ?? ''), null, { timeout: 10000 });
  const names = await panelNames(a.page);
  assert.match(names, /alpha-client/);
  assert.doesNotMatch(names, /beta-client/);

  // Tab A saves again after tab B: it says the playground is open in another tab.
  await a.page.click('[data-testid=add-listener]');
  await noticeText(a.page, /open in another tab too\. Each tab keeps its own work/, 10000);
  // And tab B, reloaded, still shows its own work.
  await b.reload();
  await b.waitForSelector('#app-title');
  await b.waitForFunction(() => /beta-client/.test(document.querySelector('#canvas')?.textContent ?? ''), null, { timeout: 10000 });
  assert.doesNotMatch(await panelNames(b), /alpha-client/);
  a.assertNoErrors();
});

/** Reloads with `localStorage[AUTOSAVE] = value` set before the app starts. */
async function reloadWithAutosave(page, value) {
  await page.evaluate((v) => sessionStorage.setItem('e2e-inject', v), value);
  await page.reload();
  await page.waitForSelector('#app-title');
}

test('damaged saved states go to a ring of backups: a second one does not overwrite the first', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await page.addInitScript((key) => {
    const v = sessionStorage.getItem('e2e-inject');
    if (v !== null) {
      sessionStorage.removeItem('e2e-inject');
      localStorage.setItem(key, v);
    }
  }, AUTOSAVE);
  await reloadWithAutosave(page, '{"first damaged');
  await noticeText(page, new RegExp(`set aside in this browser's storage \\(under “${BACKUP}”\\)`));
  await reloadWithAutosave(page, '{"second damaged');
  await noticeText(page, new RegExp(`set aside in this browser's storage \\(under “${BACKUP}-2”\\)`));
  const kept = await page.evaluate((k) => [localStorage.getItem(k), localStorage.getItem(`${k}-2`)], BACKUP);
  assert.deepEqual(kept, ['{"first damaged', '{"second damaged']);
  app.assertNoErrors();
});

test('no room for a backup: the damaged saved state is not deleted, and this tab does not save over it', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await page.addInitScript(([key, backup]) => {
    const v = sessionStorage.getItem('e2e-inject');
    if (v !== null) {
      sessionStorage.removeItem('e2e-inject');
      localStorage.setItem(key, v);
    }
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, val) {
      if (k.startsWith(backup)) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return set.call(this, k, val);
    };
  }, [AUTOSAVE, BACKUP]);
  const future = JSON.stringify({ ...scenario('future', 'x'), playground: { format: 'nats-streaming-playground', version: 9 } });
  await reloadWithAutosave(page, future);
  await noticeText(page, /another version .*no room to set it aside, so it stays where it is/);
  await page.click('[data-testid=add-publisher]');
  await page.waitForTimeout(2500); // an autosave period
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), AUTOSAVE), future);
  app.assertNoErrors();
});

test('panel ids from outside are renumbered (4294967295 does not wrap) and far positions are refused', async (t) => {
  const sc = scenario('ids', 'big-id');
  const panel = (id, x) => ({ id, name: `p${id}`, client_id: 'big-id', pos: { x, y: 10 }, kind: { Publisher: { subject: 't', data: '{}', every_ms: 0 } } });
  const saved = (id, x) => ({
    ...sc,
    steps: sc.steps.map((s) => ({ ...s, panel: id })),
    layout: { panels: [panel(id, x)] },
    playground: { format: 'nats-streaming-playground', version: 1, latency_ms: 100, seed: 1, now: 300, speed: 1 },
  });
  const app = await openApp(t, { url: link(saved(4294967295, 10)) });
  const { page } = app;
  await noticeText(page, /Opened the shared playground “ids”/);
  await page.waitForSelector('[data-testid=panel-1]');
  await page.click('[data-testid=add-publisher]');
  await page.waitForSelector('[data-testid=panel-2]');
  // Autosave and Share still work.
  await page.waitForFunction((k) => (localStorage.getItem(k) ?? '').includes('"id":2'), AUTOSAVE, { timeout: 10000 });
  await page.click('[data-testid=share]');
  await noticeText(page, /Link copied|The link is in the address bar/);
  app.assertNoErrors();

  const far = await openApp(t, { url: link(saved(1, 1e308)) });
  await noticeText(far.page, /This share link cannot be opened\. .*Panel 1 is placed off the canvas/);
  far.assertNoErrors();
});

test('a publish refused for its size (over 1 MB) stays out of the history and the autosave goes on', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await page.click('[data-testid=add-publisher]');
  const id = await page.$$eval('#canvas .panel', (els) => els.length);
  const panel = `[data-testid=panel-${id}]`;
  await page.click(`[data-testid=panel-${id}-connect]`);
  await page.waitForFunction((sel) => /connected/.test(document.querySelector(sel)?.textContent ?? ''), panel);
  const big = `"${'x'.repeat(1_100_000)}"`;
  await page.click(`[data-testid=panel-${id}-edit]`); // its form (the inspector starts folded here)
  await page.fill('[data-testid=form-data]', big);
  await page.click(`[data-testid=panel-${id}-publish]`);
  await page.waitForFunction((sel) => /MAX_PAYLOAD_EXCEEDED/.test(document.querySelector(sel)?.textContent ?? ''), panel, { timeout: 10000 });
  await page.fill('[data-testid=form-data]', '{"small":true}');
  await page.click(`[data-testid=panel-${id}-publish]`);
  await page.waitForFunction(
    (k) => (localStorage.getItem(k) ?? '').includes('small'),
    AUTOSAVE,
    { timeout: 10000 },
  );
  const saved = await page.evaluate((k) => localStorage.getItem(k), AUTOSAVE);
  assert.ok(saved.length < 100_000, `the autosave holds no 1 MB step (${saved.length} characters)`);
  app.assertNoErrors();
});
