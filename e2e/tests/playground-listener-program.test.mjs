// A listener panel is the course's listener program: Start connects and then subscribes.
// Killed, then started again, it receives the next event; closed, then started again, the
// same. Options edited while subscribed stay pending until "Resubscribe" applies them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectPanel, openApp, openPanel, waitForLines, waitForStatus } from '../lib/app.mjs';

async function startListener(page, id) {
  await page.click(`[data-testid=panel-${id}-start]`);
  await page.waitForFunction(
    (id) => document.querySelector(`[data-testid=panel-${id}-sub]`)?.textContent.startsWith('subscribed'),
    id,
    { timeout: 15000 },
  );
}

test('a listener program survives kill, close and restarts, and applies pending options', async (t) => {
  const app = await openApp(t, { viewport: { width: 1600, height: 1000 } });
  const { page } = app;

  await page.click('#add-listener');
  await connectPanel(page, 1);
  await startListener(page, 2);
  await page.click('[data-testid=panel-1-publish]');
  await waitForLines(page, 2, 1);

  // crash, then restart (the server still holds the dead client: the new one replaces it)
  await page.click('[data-testid=panel-2-kill]');
  await waitForStatus(page, 2, 'killed ✕');
  assert.equal(await page.textContent('[data-testid=panel-2-sub]'), '', 'a killed program has no subscription');
  await startListener(page, 2);
  await page.click('[data-testid=panel-1-publish]');
  await waitForLines(page, 2, 2);

  // graceful shutdown, then start again
  await page.click('[data-testid=panel-2-close]');
  await waitForStatus(page, 2, 'closed');
  await startListener(page, 2);
  await page.click('[data-testid=panel-1-publish]');
  await waitForLines(page, 2, 3);

  // manual ack that never acks, edited while subscribed: pending, not in force
  await openPanel(page, 2);
  await page.check('[data-testid=form-manual-ack]');
  await page.selectOption('[data-testid=form-handler]', 'never');
  await page.fill('[data-testid=form-ack-wait]', '1000');
  await page.waitForSelector('[data-testid=panel-2-pending]');
  const pending = await page.textContent('[data-testid=panel-2-pending]');
  assert.match(pending, /\.setManualAckMode\(true\)/);
  assert.match(pending, /\.setAckWait\(1000\)/);
  assert.match(pending, /never calls msg\.ack\(\)/);
  assert.doesNotMatch(await page.textContent('[data-testid=panel-2] .panel-info'), /never acks/,
    'the panel says what the live subscription does');
  await app.screenshot('listener-pending-options');

  await page.click('[data-testid=panel-2-apply]');
  await page.waitForSelector('[data-testid=panel-2-pending]', { state: 'detached' });
  await page.waitForFunction(() =>
    document.querySelector('[data-testid=panel-2-sub]')?.textContent.startsWith('subscribed'));
  assert.match(await page.textContent('[data-testid=panel-2] .panel-info'), /never acks/);
  await page.click('[data-testid=panel-1-publish]');
  await waitForLines(page, 2, 4);
  await waitForLines(page, 2, 1, 'redelivered');
  const lines = await page.$$eval('[data-testid=panel-2-console] .line[data-kind]', (els) =>
    els.map((e) => ({ kind: e.dataset.kind, t: Number(e.dataset.t), seq: Number(e.dataset.seq) })));
  const first = lines.find((l) => l.kind === 'message' && l.seq === 4);
  const again = lines.find((l) => l.kind === 'redelivered' && l.seq === 4);
  assert.ok(first && again, JSON.stringify(lines));
  const gap = again.t - first.t;
  assert.ok(gap >= 1000 && gap <= 1100, `redelivered ${gap} ms after the first delivery`);
  await app.screenshot('listener-program');
  app.assertNoErrors();
});
