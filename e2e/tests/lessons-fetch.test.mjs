// Lesson files are not in the wasm: the picker lists the catalogue at once, a lesson's file is
// fetched when that lesson opens (once per page), a reloaded lesson canvas follows its lesson
// again, and a file that cannot be fetched or is damaged says so and changes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from '../lib/app.mjs';

const LESSON_FILE = /\/lessons\/[^/]+\.json$/;

function lessonRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    if (LESSON_FILE.test(new URL(r.url()).pathname)) seen.push(new URL(r.url()).pathname.split('/').pop());
  });
  return seen;
}

async function panelCount(page) {
  return page.locator('[data-testid^=panel-][data-x]').count();
}

test('a lesson file is fetched when its lesson opens, once per page', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  const seen = lessonRequests(page);
  await page.waitForSelector('[data-testid=open-lesson-3]');
  assert.deepEqual(seen, [], 'nothing fetched before a lesson opens');

  await page.click('[data-testid=open-lesson-3]');
  await page.waitForSelector('[data-testid=lesson][data-lesson=listening]');
  assert.deepEqual(seen, ['03-listening.json']);

  // Another lesson, then back: the first file is not fetched again.
  await page.selectOption('[data-testid=lesson-select]', '5');
  await page.waitForSelector('[data-testid=lesson][data-lesson=queue-groups]');
  await page.selectOption('[data-testid=lesson-select]', '2');
  await page.waitForSelector('[data-testid=lesson][data-lesson=listening]');
  assert.deepEqual(seen, ['03-listening.json', '06-queue-groups.json']);
  app.assertNoErrors();
});

test('a reloaded lesson canvas follows its lesson again', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await page.click('[data-testid=open-lesson-6]');
  await page.waitForSelector('[data-testid=lesson][data-lesson=queue-groups]');
  await page.click('[data-testid=show-me]');
  await page.waitForSelector('[data-testid=task-1][data-done=true]');
  // Wait for the autosave (every 2 s) to hold the lesson canvas.
  await page.waitForFunction(
    () => /"lesson":\s*"queue-groups"/.test(localStorage.getItem('nats-playground/autosave') ?? ''),
    null,
    { timeout: 10000 },
  );
  const panels = await panelCount(page);
  await page.reload();
  await page.waitForSelector('#app-title');
  await page.waitForSelector('[data-testid=lesson][data-lesson=queue-groups]', { timeout: 10000 });
  assert.equal(await page.textContent('[data-testid=lesson-heading]'), 'Lesson 6 of 14');
  assert.equal(await panelCount(page), panels, 'the canvas is the restored one, not a fresh setup');
  // Objectives tick again from the restored run.
  await page.waitForSelector('[data-testid=task-1][data-done=true]');
  app.assertNoErrors();
});

test('a lesson file that cannot be fetched, or is damaged, says so and changes nothing', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await page.route('**/lessons/01-event-bus.json', (r) => r.fulfill({ status: 404, body: 'not here' }));
  await page.route('**/lessons/02-publishing.json', (r) =>
    r.fulfill({ status: 200, contentType: 'application/json', body: '{"id": "publishing", "title": ' }),
  );
  await page.waitForSelector('[data-testid=open-lesson-1]');
  const panels = await panelCount(page);

  await page.click('[data-testid=open-lesson-1]');
  await page.waitForFunction(() => /could not be loaded: HTTP 404/.test(document.querySelector('[data-testid=notice]')?.textContent ?? ''));
  assert.match(await page.textContent('[data-testid=notice]'), /Lesson 1 \(“The event bus: a NATS Streaming server”\)/);
  assert.equal(await page.locator('[data-testid=lesson]').count(), 0, 'no lesson opened');
  assert.equal(await page.locator('[data-testid=lesson-loading]').count(), 0, 'not left "loading"');
  assert.equal(await panelCount(page), panels, 'the canvas is unchanged');

  await page.click('[data-testid=open-lesson-2]');
  await page.waitForFunction(() => /its file is damaged/.test(document.querySelector('[data-testid=notice]')?.textContent ?? ''));
  assert.equal(await page.locator('[data-testid=lesson]').count(), 0);
  assert.equal(await panelCount(page), panels);

  // A slow answer: the column says what is loading, then the lesson opens.
  await page.route('**/lessons/03-listening.json', async (r) => {
    await new Promise((done) => setTimeout(done, 800));
    await r.continue();
  });
  await page.click('[data-testid=open-lesson-3]');
  await page.waitForSelector('[data-testid=lesson-loading]');
  assert.equal(await page.textContent('[data-testid=lesson-loading]'), 'Loading “Listening for data”…');
  await page.waitForSelector('[data-testid=lesson][data-lesson=listening]');
  assert.equal(await page.locator('[data-testid=lesson-loading]').count(), 0);

  // Once the file is back, the same lesson opens.
  await page.unroute('**/lessons/01-event-bus.json');
  await page.selectOption('[data-testid=lesson-select]', '0');
  await page.waitForSelector('[data-testid=lesson][data-lesson=event-bus]');
  // The only errors are the browser's own report of the failed request.
  assert.deepEqual(
    app.errors.filter((e) => !/404/.test(e)),
    [],
  );
});

test('a slow lesson asked for before another one does not replace it when it arrives', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await page.click('[data-testid=open-lesson-3]');
  await page.waitForSelector('[data-testid=lesson][data-lesson=listening]');
  let answered = 0;
  await page.route('**/lessons/01-event-bus.json', async (r) => {
    await new Promise((done) => setTimeout(done, 1500));
    await r.continue();
    answered += 1;
  });
  await page.selectOption('[data-testid=lesson-select]', '0'); // slow: still loading
  await page.waitForSelector('[data-testid=lesson-loading]');
  // Changed their mind: back to free play, then lesson 3 again (fetched before: at once).
  await page.click('[data-testid=lesson-close]');
  await page.click('[data-testid=open-lesson-3]');
  await page.waitForSelector('[data-testid=lesson][data-lesson=listening]');
  assert.equal(await page.locator('[data-testid=lesson-loading]').count(), 0);
  while (answered === 0) await new Promise((done) => setTimeout(done, 100));
  await app.settle();
  assert.equal(await page.getAttribute('[data-testid=lesson]', 'data-lesson'), 'listening', 'the later choice stays');
  app.assertNoErrors();
});
