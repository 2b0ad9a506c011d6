// The playground on a phone and in dark mode: the inspector stacks under the canvas.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from '../lib/app.mjs';

test('phone-sized layout stacks canvas, inspector and time bar', async (t) => {
  const app = await openApp(t, { viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
  const { page } = app;
  await page.click('#add-listener');
  const canvas = await page.locator('#canvas').boundingBox();
  const inspector = await page.locator('[data-testid=inspector]').boundingBox();
  assert.ok(inspector.y >= canvas.y + canvas.height - 1, 'the inspector is below the canvas');
  assert.ok(inspector.width > 300, 'and as wide as the screen');
  const timebar = await page.locator('.timebar').boundingBox();
  assert.ok(timebar.y + timebar.height <= 845, 'the time bar stays on screen');
  await app.screenshot('playground-phone-dark');
  app.assertNoErrors();
});
