// The playground on a phone and in dark mode: the selected panel's action bar (or, with
// nothing selected, the inspector's strip) stacks under the canvas, then the time bar.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from '../lib/app.mjs';

test('phone-sized layout stacks canvas, action bar or inspector, and time bar', async (t) => {
  const app = await openApp(t, { viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
  const { page } = app;
  await page.click('#add-listener');
  const canvas = await page.locator('#canvas').boundingBox();
  const bar = await page.locator('[data-testid=action-bar]').boundingBox();
  assert.ok(bar.y >= canvas.y + canvas.height - 1, 'the action bar is below the canvas');
  assert.ok(bar.width > 300, 'and as wide as the screen');
  assert.equal(await page.isVisible('[data-testid=inspector]'), false, 'in place of the inspector strip');
  await app.screenshot('playground-phone-dark');
  await page.click('[data-testid=action-hide]');
  await page.waitForSelector('[data-testid=action-bar]', { state: 'detached' });
  const inspector = await page.locator('[data-testid=inspector]').boundingBox();
  assert.ok(inspector.y >= canvas.y + canvas.height - 1, 'the inspector is below the canvas');
  assert.ok(inspector.width > 300, 'and as wide as the screen');
  const timebar = await page.locator('.timebar').boundingBox();
  assert.ok(timebar.y + timebar.height <= 845, 'the time bar stays on screen');
  await app.screenshot('playground-phone-dark-unselected');
  app.assertNoErrors();
});
