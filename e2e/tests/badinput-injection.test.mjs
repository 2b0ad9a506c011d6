// Untrusted content is shown as text, never run: a share link whose every text field (scenario
// name and description, cluster id, panel names, client ids, subjects, data, queue group,
// durable name) holds a script-injection payload opens, plays, is inspected, exported,
// reloaded and imported, and `window.__pwned` stays undefined and no dialog opens.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { BASE_URL, openApp, shareFragment } from '../lib/app.mjs';

const P = '<img src=x onerror="window.__pwned=1;alert(1)"><script>window.__pwned=1</script><svg onload=window.__pwned=1>';
// A subject the server accepts (no `>`, `/`, `*`), so events are delivered and shown.
const S = 'ticket:<img src=x onerror=window.__pwned=1 ';
const DATA = JSON.stringify(P); // valid JSON text (a string) holding the payload

const evil = {
  name: P,
  description: P,
  server: { cluster_id: P, hb_interval_ms: 5000, hb_timeout_ms: 5000, hb_fail_count: 2 },
  steps: [
    { at: 0, op: 'connect', client: 'pub-1', panel: 1 },
    { at: 0, op: 'connect', client: 'sub-1', panel: 2 },
    { at: 0, op: 'connect', client: P, panel: 3 },
    { at: 0, op: 'subscribe', client: 'sub-1', sub: 's1', subject: S, panel: 2 },
    { at: 100, op: 'publish', client: 'pub-1', subject: S, data: DATA, panel: 1 },
    { at: 200, op: 'publish', client: 'pub-1', subject: P, data: P, panel: 1 },
    { at: 300, op: 'subscribe', client: 'sub-1', sub: P, subject: P, queue: P, durable: P, panel: 2 },
  ],
  end_ms: 1000,
  layout: {
    panels: [
      { id: 1, name: P, client_id: 'pub-1', pos: { x: 20, y: 20 }, kind: { Publisher: { subject: S, data: DATA, every_ms: 0 } } },
      {
        id: 2,
        name: P,
        client_id: 'sub-1',
        pos: { x: 620, y: 20 },
        kind: { Listener: { subject: S, queue_group: P, durable_name: P } },
      },
      { id: 3, name: P, client_id: P, pos: { x: 20, y: 240 }, kind: { Publisher: { subject: P, data: P, every_ms: 0 } } },
    ],
  },
  playground: { format: 'nats-streaming-playground', version: 1, latency_ms: 100, seed: 1, now: 1000, speed: 1 },
};

const fragment = shareFragment;

async function assertClean(page, dialogs, where) {
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => typeof window.__pwned), 'undefined', `${where}: a payload ran`);
  assert.deepEqual(dialogs, [], `${where}: a dialog opened`);
  assert.equal(await page.locator('#canvas img, #canvas script, .lesson-column img, [data-testid=notice] img').count(), 0);
}

test('a link whose every text field holds a script payload shows it all as text and runs nothing', async (t) => {
  const app = await openApp(t, { url: `${BASE_URL}#${fragment(evil)}` });
  const { page } = app;
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  await page.waitForSelector('[data-testid=panel-3]');
  const notice = await page.textContent('[data-testid=notice]');
  assert.ok(notice.includes(`Opened the shared playground “${P}”`), notice);
  // the names are shown, literally, as text
  for (const id of [1, 2, 3]) {
    assert.equal(await page.textContent(`[data-testid=panel-${id}] .panel-title`), P);
  }
  const consoles = await page.textContent('[data-testid=panel-2-console]');
  assert.ok(consoles.includes(`Received event #1, with data: ${DATA}`), consoles);
  assert.ok((await page.textContent('[data-testid=panel-3-console]')).includes('Error: stan: invalid'));
  await assertClean(page, dialogs, 'after opening');

  // inspect everything: each panel's form and code, the monitoring JSON, the server flags
  for (const id of [1, 2, 3]) {
    await page.click(`[data-testid=panel-${id}-edit]`);
    for (const tab of ['panel', 'code', 'monitoring', 'server']) {
      const sel = `[data-testid=tab-${tab}]`;
      if (await page.locator(sel).count()) await page.click(sel);
    }
  }
  await page.mouse.move(300, 300);
  await page.mouse.move(700, 120);
  // play on, step, export everything
  await page.click('[data-testid=play]');
  await page.waitForTimeout(500);
  await page.click('[data-testid=play]');
  for (const item of ['scenario', 'trace', 'diagram']) {
    await page.click('[data-testid=export]');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=export-${item}]`)]);
    const text = fs.readFileSync(await dl.path(), 'utf8');
    if (item === 'diagram') {
      assert.ok(!text.includes('<script') && !text.includes('<img'), 'the diagram escapes the payload');
      assert.ok(text.includes('&lt;script&gt;'));
    }
  }
  await assertClean(page, dialogs, 'after inspecting and exporting');
  await app.screenshot('badinput-injection');

  // the autosave restores it on reload: still text
  await page.reload();
  await page.waitForSelector('[data-testid=panel-3]');
  assert.equal(await page.textContent('[data-testid=panel-1] .panel-title'), P);
  await assertClean(page, dialogs, 'after a reload');

  // and importing the same thing as a file
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-playground-evil-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, `${'x'.repeat(3)}.json`);
  fs.writeFileSync(file, JSON.stringify(evil));
  await page.setInputFiles('[data-testid=import-file]', file);
  await page.waitForFunction(() => document.querySelector('[data-testid=notice]')?.textContent.includes('Opened “xxx.json”'));
  await assertClean(page, dialogs, 'after an import');

  // a lesson opened afterwards renders normally (lesson texts are text too)
  await page.click('[data-testid=open-lesson-1]');
  await page.waitForSelector('[data-testid=lesson-title]');
  await assertClean(page, dialogs, 'after opening a lesson');
  app.assertNoErrors();
});
