// A task that cannot be reached because an earlier setting is missing says so: in lesson 7,
// Orders A comes back subscribed in auto-ack mode, the task stays open and its hint names
// the setting; once manual ack is on and the subscription renewed, the task ticks. (It also
// checks that a panel connected again after a kill can subscribe again.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectPanel, openApp, subscribePanel } from '../lib/app.mjs';

test('a missing setting shows a hint on the task that needs it', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await page.click('[data-testid=open-lesson-7]');
  await page.waitForSelector('[data-testid=lesson][data-lesson=manual-ack]');
  for (let i = 1; i <= 2; i++) {
    await page.click('[data-testid=show-me]');
    await page.waitForSelector(`[data-testid=task-${i}][data-done=true]`, { timeout: 20000 });
  }
  assert.equal(await page.locator('[data-testid=task-hint]').count(), 0, 'no hint before the learner acts');
  // The jump to the client's removal paused the clock: play on.
  if ((await page.getAttribute('[data-testid=play]', 'aria-pressed')) !== 'true') await page.click('[data-testid=play]');
  // Orders A reconnects and subscribes as it was: auto-ack.
  await connectPanel(page, 2);
  await subscribePanel(page, 2);
  const hint = page.locator('[data-testid=task-3] [data-testid=task-hint]');
  await hint.waitFor({ timeout: 10000 });
  assert.match(await hint.textContent(), /manual ack/);
  assert.equal(await page.getAttribute('[data-testid=task-3]', 'data-done'), 'false');
  await hint.scrollIntoViewIfNeeded();
  await app.screenshot('lessons-hint');
  // Following the hint: unsubscribe, then Show me switches manual ack on and subscribes
  // again; the task ticks and the hint goes.
  await page.click('[data-testid=panel-2-unsubscribe]');
  await page.waitForSelector('[data-testid=panel-2-subscribe]:not([disabled])');
  await page.click('[data-testid=show-me]');
  await page.waitForSelector('[data-testid=task-3][data-done=true]', { timeout: 20000 });
  assert.equal(await page.locator('[data-testid=task-hint]').count(), 0);
  app.assertNoErrors();
});
