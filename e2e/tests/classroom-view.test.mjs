// How the canvas is shown travels with the playground: presenter mode, a zoom chosen by
// hand and folded columns are kept by the autosave (a reload) and carried by a share link
// (a fresh browser); two fresh browsers get different client ids.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from '../lib/app.mjs';

const zoomLabel = (page) => page.textContent('[data-testid=zoom-reset]');
const folded = (page) => page.getAttribute('[data-testid=lesson-column]', 'data-folded');

test('presenter mode, zoom and folded columns survive a reload and travel in a share link', async (t) => {
  const app = await openApp(t, { viewport: { width: 1280, height: 720 } });
  const { page } = app;
  await page.click('[data-testid=lesson-fold]');
  await page.click('[data-testid=zoom-in]');
  const zoom = await zoomLabel(page);
  assert.notEqual(zoom, '100%');
  await page.waitForSelector('[data-testid=zoom-fit][aria-pressed=false]');

  await page.click('[data-testid=share]');
  await page.waitForFunction(() => location.hash.startsWith('#s='));
  const other = await openApp(t, { url: page.url(), viewport: { width: 1280, height: 720 } });
  await other.page.waitForSelector('[data-testid=zoom-fit][aria-pressed=false]');
  assert.equal(await zoomLabel(other.page), zoom, 'the zoom came with the link');
  assert.equal(await folded(other.page), 'true', 'so did the folded lesson column');
  other.assertNoErrors();

  await page.keyboard.press('p');
  await page.waitForSelector('[data-testid=app][data-presenter=true]');
  await page.reload();
  await page.waitForSelector('#app-title', { state: 'attached' });
  await page.waitForSelector('[data-testid=app][data-presenter=true]');
  // leaving presenter mode restores the desk as it was: the column still folded, the zoom kept
  await page.click('[data-testid=presenter-toggle]');
  await page.waitForSelector('[data-testid=app][data-presenter=false]');
  assert.equal(await folded(page), 'true');
  assert.equal(await zoomLabel(page), zoom);
  app.assertNoErrors();
});

test('every fresh browser makes its own client ids', async (t) => {
  const ids = [];
  for (let i = 0; i < 2; i++) {
    const app = await openApp(t);
    ids.push(await app.page.textContent('[data-testid=panel-1] .client-id'));
  }
  assert.notEqual(ids[0], ids[1], `two fresh browsers: ${ids}`);
});
