// A durable subscription: close the listener, publish, reconnect: only the new events come.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  connectPanel, consoleLines, openApp, openPanel, subscribePanel, waitForLines, waitForStatus,
} from '../lib/app.mjs';

test('a durable listener resumes where it left off', async (t) => {
  const app = await openApp(t, { viewport: { width: 1280, height: 720 } });
  const { page } = app;

  await page.click('#add-listener');
  await openPanel(page, 2);
  await page.selectOption('[data-testid=form-start]', 'all');
  await page.fill('[data-testid=form-durable]', 'orders-durable');
  await page.check('[data-testid=form-manual-ack]');
  await page.click('[data-testid=tab-code]');
  const code = await page.textContent('[data-testid=code]');
  assert.ok(code.includes(".setDurableName('orders-durable')"), code);
  assert.ok(code.includes('.setDeliverAllAvailable()'), code);

  await connectPanel(page, 1);
  await connectPanel(page, 2);
  await subscribePanel(page, 2);
  await page.click('[data-testid=panel-1-publish]');
  await page.click('[data-testid=panel-1-publish]');
  await waitForLines(page, 2, 2);

  // a graceful close: the durable stays on the server, offline
  await page.click('[data-testid=panel-2-close]');
  await waitForStatus(page, 2, 'closed');
  await page.waitForSelector('[data-testid=server] .sub-row.offline');
  assert.match(await page.textContent('[data-testid=server] .sub-row.offline'), /offline durable/);

  await page.click('[data-testid=panel-1-publish]');
  await page.click('[data-testid=panel-1-publish]');
  await page.waitForSelector('[data-testid="channel-ticket:created"] .cell[data-seq="4"]');
  await openPanel(page, 2);
  await page.click('[data-testid=tab-code]');
  await page.click('[data-testid=zoom-fit]');
  await app.screenshot('playground-durable-offline');

  await connectPanel(page, 2);
  await subscribePanel(page, 2);
  await waitForLines(page, 2, 4);
  const seqs = (await consoleLines(page, 2)).filter((l) => l.kind === 'message').map((l) => l.seq);
  assert.deepEqual(seqs, [1, 2, 3, 4], 'events 1 and 2 once, then only the new 3 and 4');
  assert.equal((await consoleLines(page, 2)).filter((l) => l.kind === 'redelivered').length, 0);
  await page.waitForFunction(() => !document.querySelector('[data-testid=server] .sub-row.offline'));

  await page.click('[data-testid=zoom-fit]');
  await app.screenshot('playground-durable-resumed');
  app.assertNoErrors();
});
