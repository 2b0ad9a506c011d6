// Queue groups: two listeners in one queue group and a plain listener, placed by clicking
// and dragging; four events published; the page shows who received what.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  connectPanel, consoleLines, dragBy, openApp, openPanel, subscribePanel, waitForLines,
} from '../lib/app.mjs';

const received = async (page, id) =>
  (await consoleLines(page, id)).filter((l) => l.kind === 'message').map((l) => l.seq);

test('queue members alternate, a plain listener gets every event', async (t) => {
  const app = await openApp(t, { viewport: { width: 1280, height: 720 } });
  const { page } = app;

  // three listeners: 2 and 3 in the queue group, 4 plain
  for (let i = 0; i < 3; i++) await page.click('#add-listener');
  await page.waitForSelector('[data-testid=panel-4]');
  assert.equal(await page.textContent('#panel-count'), '4 panels');

  // see the whole world, then spread the listeners out by dragging their title bars
  await page.click('[data-testid=zoom-fit]');
  for (const [id, dx, dy] of [[4, 80, 60], [3, 80, 30], [2, 80, 0]]) {
    const before = await app.panelPos(id);
    await dragBy(page, page.locator(`[data-testid=panel-${id}-handle] .panel-title`), dx, dy);
    const after = await app.panelPos(id);
    assert.ok(after.x > before.x && after.y >= before.y, `panel-${id} moved: ${JSON.stringify([before, after])}`);
  }

  for (const id of [2, 3]) {
    await openPanel(page, id);
    await page.fill('[data-testid=form-queue]', 'orders-service');
    await page.fill('[data-testid=form-name]', `Orders ${id}`);
  }
  await openPanel(page, 4);
  await page.fill('[data-testid=form-name]', 'Audit (plain)');

  for (const id of [1, 2, 3, 4]) await connectPanel(page, id);
  for (const id of [2, 3, 4]) await subscribePanel(page, id);
  // the server frames the queue group around its two members
  await page.waitForSelector('[data-testid=queue-orders-service]');
  assert.equal(await page.locator('[data-testid=queue-orders-service] .sub-row').count(), 2);

  for (let i = 0; i < 4; i++) await page.click('[data-testid=panel-1-publish]');
  await waitForLines(page, 4, 4);
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid=panel-2-console] .line[data-kind=message], [data-testid=panel-3-console] .line[data-kind=message]').length >= 4,
  );

  const a = await received(page, 2);
  const b = await received(page, 3);
  const plain = await received(page, 4);
  assert.deepEqual(plain, [1, 2, 3, 4], 'the plain listener gets all four');
  assert.equal(a.length, 2, `Orders 2 got ${a}`);
  assert.equal(b.length, 2, `Orders 3 got ${b}`);
  assert.deepEqual([...a, ...b].sort(), [1, 2, 3, 4], 'each event went to exactly one member');
  // they alternate: one member has the odd events, the other the even ones
  const parities = [a.map((s) => s % 2), b.map((s) => s % 2)];
  assert.ok(parities.every((p) => p[0] === p[1]) && parities[0][0] !== parities[1][0], `alternating: ${a} / ${b}`);
  const line = (await consoleLines(page, 4)).find((l) => l.kind === 'message' && l.seq === 1);
  assert.ok(line.text.startsWith('Received event #1, with data: {"id":"123"'), line.text);
  // the live region says the latest delivery in words
  assert.match(await page.textContent('[data-testid=narration]'), /^(Orders [23]|Audit \(plain\)) received event #4$/);

  await page.click('[data-testid=zoom-fit]');
  await app.screenshot('playground-queue-group');
  app.assertNoErrors();
});
