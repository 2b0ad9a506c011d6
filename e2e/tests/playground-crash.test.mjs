// A queue member is killed holding an unacked event: the monitoring view keeps showing it
// until its heartbeats fail, then the server removes it and redelivers its event to the
// surviving member. Jump buttons skip the waiting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  connectPanel, consoleLines, openApp, openPanel, subscribePanel, waitForLines, waitForStatus,
} from '../lib/app.mjs';

const clientRows = (page) =>
  page.$$eval('[data-testid=monitor-clients] tbody tr[data-client]', (rows) =>
    rows.map((r) => ({ id: r.dataset.client, failed: Number(r.dataset.failedHb), text: r.textContent })),
  );

test('a killed queue member stays until its heartbeats fail; its event goes to the survivor', async (t) => {
  const app = await openApp(t, { viewport: { width: 1280, height: 720 } });
  const { page } = app;

  await page.click('#add-listener');
  await page.click('#add-listener');
  for (const id of [2, 3]) {
    await openPanel(page, id);
    await page.fill('[data-testid=form-queue]', 'orders-service');
  }
  // member 2 never acks (its event stays pending); member 3 acks at once
  await openPanel(page, 2);
  await page.check('[data-testid=form-manual-ack]');
  await page.selectOption('[data-testid=form-handler]', 'never');
  await page.fill('[data-testid=form-ack-wait]', '60000');

  for (const id of [1, 2, 3]) await connectPanel(page, id);
  for (const id of [2, 3]) await subscribePanel(page, id);
  await page.click('[data-testid=panel-1-publish]');
  await page.click('[data-testid=panel-1-publish]');
  await waitForLines(page, 2, 1);
  await waitForLines(page, 3, 1);
  const held = (await consoleLines(page, 2)).find((l) => l.kind === 'message').seq;
  const killedId = await page.textContent('[data-testid=panel-2] .client-id');

  await page.click('[data-testid=tab-monitoring]');
  await page.waitForSelector('[data-testid=monitor-json]');
  assert.equal((await clientRows(page)).length, 3);

  await page.click('[data-testid=panel-2-kill]');
  await page.waitForFunction(() => document.querySelector('[data-testid=panel-2-status]')?.textContent.startsWith('killed'));
  // the server has not noticed: it still lists the client
  assert.ok((await page.textContent('[data-testid=monitor-json]')).includes(killedId));
  assert.equal((await clientRows(page)).length, 3);

  await page.click('[data-testid=jump-hb-failure]');
  await page.waitForFunction(
    (id) => Number(document.querySelector(`[data-testid=monitor-clients] tr[data-client="${id}"]`)?.dataset.failedHb) >= 1,
    killedId,
  );
  const rows = await clientRows(page);
  assert.equal(rows.length, 3, 'still three clients after a missed heartbeat');
  assert.match(rows.find((r) => r.id === killedId).text, /missed 1 of 2/);
  assert.ok((await page.textContent('[data-testid=monitor-json]')).includes(killedId));
  await page.waitForSelector('[data-testid=panel-2-hb]');
  await page.click('[data-testid=zoom-fit]');
  await app.screenshot('playground-crash-heartbeats');

  await page.click('[data-testid=jump-redelivery]');
  await waitForLines(page, 3, 1, 'redelivered');
  const again = (await consoleLines(page, 3)).find((l) => l.kind === 'redelivered');
  assert.equal(again.seq, held, `the survivor gets the dead member's event #${held}`);
  assert.match(again.text, /^↻1 Received event #/);
  await waitForStatus(page, 2, 'killed ✕ · removed by server');
  const after = await clientRows(page);
  assert.equal(after.length, 2, `two clients left: ${JSON.stringify(after)}`);
  assert.ok(!(await page.textContent('[data-testid=monitor-json]')).includes(killedId));
  // the timeline marks the heartbeat failures, the removal and the kill
  for (const k of ['h', 'x', 'k']) assert.ok((await page.locator(`.mark-${k}`).count()) >= 1, `mark ${k}`);

  await page.click('[data-testid=zoom-fit]');
  await app.screenshot('playground-crash-redelivered');
  app.assertNoErrors();
});
