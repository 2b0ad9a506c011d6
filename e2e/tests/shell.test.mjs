// The app shell: loads from a sub-path with no errors, the button adds a panel,
// the panel moves with the mouse (pointer events) and with the keyboard.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASE_URL, dragBy, openApp } from '../lib/app.mjs';

test('shell loads from the sub-path without errors', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  assert.equal(await page.textContent('#app-title'), 'NATS Streaming Playground');
  assert.equal(await page.title(), 'NATS Streaming Playground');
  assert.equal(await page.locator('#canvas').count(), 1);
  assert.equal(await page.locator('#canvas .panel').count(), 1);
  assert.equal(await page.textContent('#panel-count'), '1 panel');
  // every asset came from under the sub-path (relative URLs, public_url = "./")
  const assets = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  assert.ok(assets.some((u) => u.endsWith('.wasm')), `wasm loaded: ${assets}`);
  for (const u of assets) assert.ok(u.startsWith(BASE_URL), `${u} is under ${BASE_URL}`);
  app.assertNoErrors();
});

test('button adds a panel, mouse drags it, arrow keys nudge it', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await page.click('[data-testid=zoom-reset]'); // 100% (else the canvas fits itself)

  await page.click('#add-publisher');
  await page.waitForSelector('[data-testid=panel-2]');
  assert.equal(await page.textContent('#panel-count'), '2 panels');
  assert.equal(await page.textContent('[data-testid=panel-2] .panel-title'), 'Publisher 2');

  const panel = page.locator('[data-testid=panel-1]');
  const before = await app.panelPos(1);
  const boxBefore = await panel.boundingBox();
  // (not onto the server: a panel dropped there moves off it)
  await dragBy(page, page.locator('[data-testid=panel-1-handle]'), 30, 60);
  const after = { x: before.x + 30, y: before.y + 60 };
  await app.expectPanelAt(1, after);
  const boxAfter = await panel.boundingBox();
  assert.equal(Math.round(boxAfter.x - boxBefore.x), 30);
  assert.equal(Math.round(boxAfter.y - boxBefore.y), 60);

  // the drag ended with the button: moving the mouse again does nothing
  await page.mouse.move(10, 10, { steps: 3 });
  await app.settle();
  assert.deepEqual(await app.panelPos(1), after);

  // pointerdown focused the panel; real key presses move it
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'panel-1');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowDown');
  await app.expectPanelAt(1, { x: after.x + 10, y: after.y + 50 });

  await app.screenshot('shell');
  app.assertNoErrors();
});

test('dark mode follows prefers-color-scheme', async (t) => {
  const bg = async (colorScheme) => {
    const app = await openApp(t, { colorScheme });
    const color = await app.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await app.screenshot(`shell-${colorScheme}`);
    app.assertNoErrors();
    return color;
  };
  const light = await bg('light');
  const dark = await bg('dark');
  assert.notEqual(light, dark);
});

test('dragging "+ Listener" onto the canvas drops a listener there; a drop elsewhere adds nothing', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await page.click('[data-testid=zoom-reset]'); // 100% (else the canvas fits itself)
  const button = await page.locator('#add-listener').boundingBox();
  const canvas = await page.locator('#canvas').boundingBox();
  const from = { x: button.x + button.width / 2, y: button.y + button.height / 2 };
  // Into the canvas, 300 px right and 250 px down from its top-left corner.
  const to = { x: canvas.x + 300, y: canvas.y + 250 };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  assert.equal(await page.locator('[data-testid=drag-ghost]').count(), 1, 'a ghost follows the pointer');
  await page.mouse.up();
  await page.waitForSelector('[data-testid=panel-2]');
  assert.equal(await page.locator('[data-testid=drag-ghost]').count(), 0);
  assert.equal(await page.textContent('#panel-count'), '2 panels', 'one panel, not a second from the click');
  assert.equal(await page.textContent('[data-testid=panel-2] .panel-title'), 'Listener 2');
  // The pointer holds the new panel by the middle of its title bar (panel 236 px wide);
  // pointer coordinates are whole pixels, so allow one.
  const at = await app.panelPos(2);
  assert.ok(Math.abs(at.x - (300 - 118)) <= 1 && Math.abs(at.y - (250 - 14)) <= 1, JSON.stringify(at));

  // Dropped outside the canvas (on the inspector): nothing is added.
  const inspector = await page.locator('#inspector').boundingBox();
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(inspector.x + 40, inspector.y + 60, { steps: 8 });
  await page.mouse.up();
  await app.settle();
  assert.equal(await page.textContent('#panel-count'), '2 panels');

  // A plain click still adds a panel in free space.
  await page.click('#add-publisher');
  await page.waitForSelector('[data-testid=panel-3]');
  app.assertNoErrors();
});

test('the colour switch cycles system, light, dark and is kept across a reload', async (t) => {
  const app = await openApp(t, { colorScheme: 'dark' });
  const { page } = app;
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const theme = () => page.getAttribute('[data-testid=theme]', 'data-theme');
  assert.equal(await theme(), 'system');
  const systemDark = await bg();

  await page.click('[data-testid=theme]');
  assert.equal(await theme(), 'light');
  await page.waitForFunction((dark) => getComputedStyle(document.body).backgroundColor !== dark, systemDark);
  const light = await bg();

  await page.reload();
  await page.waitForSelector('#app-title');
  assert.equal(await theme(), 'light', 'kept in this browser');
  await page.waitForFunction((l) => getComputedStyle(document.body).backgroundColor === l, light);

  await page.click('[data-testid=theme]');
  assert.equal(await theme(), 'dark');
  await page.waitForFunction((d) => getComputedStyle(document.body).backgroundColor === d, systemDark);

  await page.click('[data-testid=theme]');
  assert.equal(await theme(), 'system');
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-theme')), false);
  assert.equal(await bg(), systemDark);
  app.assertNoErrors();
});
