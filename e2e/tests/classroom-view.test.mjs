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

/** Two publishers and four listeners, as the layout suite's free play. */
async function freePlay(page) {
  await page.click('#add-publisher');
  for (let i = 0; i < 4; i++) await page.click('#add-listener');
  await page.waitForFunction(() => document.querySelectorAll('.panel.listener').length === 4);
}

const expanded = (page) => page.getAttribute('[data-testid=inspector-fold]', 'aria-expanded');
const zoom = (page) => page.$eval('.world', (w) => Number(w.dataset.zoom));

test('a laptop or projector starts with the inspector folded; opening a panel opens it, and a reload keeps it so', async (t) => {
  const wide = await openApp(t, { viewport: { width: 1920, height: 1080 } });
  await wide.settle();
  assert.equal(await expanded(wide.page), 'true', 'a wide screen keeps it open');

  const app = await openApp(t, { viewport: { width: 1280, height: 720 } });
  const { page } = app;
  await page.waitForSelector('[data-testid=inspector-fold][aria-expanded=false]');
  await freePlay(page);
  await app.settle();
  const folded = await zoom(page);
  console.log(`free play at 1280×720 fits at ${Math.round(folded * 100)} % with the inspector folded`);
  await app.screenshot('classroom-1280x720-inspector-folded');
  await page.click('[data-testid=panel-3-edit]');
  await page.waitForSelector('[data-testid=inspector-fold][aria-expanded=true]');
  await page.waitForSelector('[data-testid=inspector-panel] [data-testid=form-manual-ack]');
  await app.settle();
  const open = await zoom(page);
  console.log(`and at ${Math.round(open * 100)} % with it open`);
  assert.ok(folded > open + 0.05, `folded ${folded} against open ${open}`);
  await page.reload();
  await page.waitForSelector('[data-testid=panel-6]');
  await app.settle();
  assert.equal(await expanded(page), 'true', 'the open inspector came back with the autosave');
  await page.click('[data-testid=inspector-fold]');
  await page.waitForSelector('[data-testid=inspector-fold][aria-expanded=false]');
  await page.reload();
  await page.waitForSelector('[data-testid=panel-6]');
  await app.settle();
  assert.equal(await expanded(page), 'false', 'and so did the folded one');
  app.assertNoErrors();
  wide.assertNoErrors();
});

test('an information said twice shows twice: the second fades in anew after the first faded', async (t) => {
  const app = await openApp(t, { viewport: { width: 1280, height: 720 } });
  const { page } = app;
  const shown = () =>
    page.$eval('[data-testid=notice]', (n) => {
      const st = getComputedStyle(n);
      return st.visibility === 'visible' && Number(st.opacity) > 0.5;
    });
  // Nothing is scheduled on a fresh canvas: Step says so.
  await page.click('[data-testid=step]');
  await page.waitForFunction(() => /Nothing is scheduled/.test(document.querySelector('[data-testid=notice]')?.textContent));
  assert.equal(await shown(), true, 'the first one shows');
  await page.waitForFunction(() => getComputedStyle(document.querySelector('[data-testid=notice]')).visibility === 'hidden', null, { timeout: 9000 });
  await page.click('[data-testid=step]');
  await app.settle();
  assert.equal(await page.textContent('[data-testid=notice] p'), 'Nothing is scheduled: publish something or connect a client.');
  assert.equal(await shown(), true, 'the same text again shows again');
  await page.waitForTimeout(3000);
  assert.equal(await shown(), true, 'for its own 6 s');
  app.assertNoErrors();
});
