// The keyboard acts on the playground wherever the focus is, except in a text field: Space
// after clicking Publish pauses (and publishes nothing); `?` after opening a panel with
// Enter opens the help (and renames nothing).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectPanel, openApp, waitForLines } from '../lib/app.mjs';

const playing = (page) => page.getAttribute('[data-testid=play]', 'aria-pressed');
const published = (page) =>
  page.$$eval('[data-testid=panel-1-console] .line', (ls) => ls.filter((l) => l.textContent.includes('Event published')).length);

test('Space on a focused button plays and pauses instead of pressing it', async (t) => {
  const app = await openApp(t, { viewport: { width: 1280, height: 720 } });
  const { page } = app;
  await connectPanel(page, 1);
  await page.click('[data-testid=panel-1-publish]');
  await waitForLines(page, 1, 1, 'info'); // "Connected to NATS"
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'panel-1-publish');
  assert.equal(await playing(page), 'true');
  await page.keyboard.press('Space');
  assert.equal(await playing(page), 'false', 'Space paused the clock');
  await page.keyboard.press('Space');
  assert.equal(await playing(page), 'true', 'Space played again');
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid=panel-1-console] .line')].some((l) => l.textContent.includes('Event published')),
  );
  await page.waitForTimeout(1500);
  assert.equal(await published(page), 1, 'the two Spaces published nothing');
  assert.equal(await page.getAttribute('[data-testid=channel-ticket\\:created]', 'data-testid'), 'channel-ticket:created');
  assert.equal(await page.locator('[data-testid=channel-ticket\\:created] .cell').count(), 1, 'one event on the channel');
  app.assertNoErrors();
});

test('? after opening a panel with Enter opens the help and leaves the name alone', async (t) => {
  const app = await openApp(t, { viewport: { width: 1280, height: 720 } });
  const { page } = app;
  const name = await page.textContent('[data-testid=panel-1] .panel-title');
  await page.focus('[data-testid=panel-1]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=inspector-panel] input');
  assert.equal(await page.isVisible('[data-testid=help]'), false);
  await page.keyboard.press('?');
  await page.waitForSelector('[data-testid=help]');
  assert.equal(await page.textContent('[data-testid=panel-1] .panel-title'), name, 'the panel kept its name');
  const fields = await page.$$eval('[data-testid=inspector-panel] input', (is) => is.map((i) => i.value));
  assert.ok(!fields.some((v) => v.includes('?')), `no field got the "?": ${fields}`);
  // and p, the presenter key, is not typed anywhere either: it switches presenter mode
  await page.keyboard.press('p');
  await page.waitForSelector('[data-testid=app][data-presenter=true]');
  await page.keyboard.press('p');
  await page.waitForSelector('[data-testid=app][data-presenter=false]');
  app.assertNoErrors();
});
