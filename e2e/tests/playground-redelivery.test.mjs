// Manual ack mode with a handler that never acks and AckWait 1 s: the event comes back
// 1 s of virtual time later, marked ↻ in the listener's console.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectPanel, consoleLines, openApp, openPanel, subscribePanel, waitForLines } from '../lib/app.mjs';

test('an event never acked is redelivered after AckWait', async (t) => {
  const app = await openApp(t, { viewport: { width: 1280, height: 720 } });
  const { page } = app;

  await page.click('#add-listener');
  await openPanel(page, 2);
  await page.check('[data-testid=form-manual-ack]');
  await page.selectOption('[data-testid=form-handler]', 'never');
  await page.fill('[data-testid=form-ack-wait]', '1000');
  assert.match(await page.textContent('[data-testid=panel-2]'), /never acks/);

  await connectPanel(page, 1);
  await connectPanel(page, 2);
  await subscribePanel(page, 2);
  await page.click('[data-testid=panel-1-publish]');
  await waitForLines(page, 2, 1);
  // unacked on the server: a hollow cell with its AckWait countdown
  await page.waitForSelector('[data-testid=server] .pcell[data-seq="1"]');

  await page.click('[data-testid=jump-redelivery]');
  await waitForLines(page, 2, 1, 'redelivered');
  assert.equal(await page.getAttribute('[data-testid=play]', 'aria-pressed'), 'false', 'the jump pauses there');

  const lines = await consoleLines(page, 2);
  const first = lines.find((l) => l.kind === 'message' && l.seq === 1);
  const again = lines.find((l) => l.kind === 'redelivered');
  assert.ok(first && again, JSON.stringify(lines));
  assert.ok(again.text.startsWith('↻1 Received event #1, with data: '), again.text);
  assert.equal(again.seq, 1);
  const gap = again.t - first.t;
  assert.ok(gap >= 1000 && gap <= 1100, `redelivered ${gap} ms after the first delivery`);
  // styled differently from a first delivery
  const style = await page.$eval('[data-testid=panel-2-console] .line.redelivered', (e) => getComputedStyle(e).borderLeftStyle);
  assert.equal(style, 'dashed');
  // and the timeline has a redelivery mark
  assert.ok((await page.locator('.mark-r').count()) >= 1);

  await page.click('[data-testid=zoom-fit]');
  await app.screenshot('playground-redelivery');
  app.assertNoErrors();
});
