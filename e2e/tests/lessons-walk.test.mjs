// The lesson column: the picker lists the 14 lessons in order; a lesson walked through with
// "Show me" ticks every objective (a ✓ and a word, not colour only) and ends "complete";
// narration steps; reset; free play; folding; and a phone-sized screen.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openApp, REPO } from '../lib/app.mjs';

const LESSONS = fs
  .readdirSync(path.join(REPO, 'lessons'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(REPO, 'lessons', f), 'utf8')));

async function taskStates(page) {
  return page.$$eval('[data-testid=lesson-tasks] > li', (lis) =>
    lis.map((li) => ({
      done: li.dataset.done === 'true',
      tick: li.querySelector('.lc-tick')?.textContent,
      word: li.querySelector('.lc-status')?.textContent,
    })),
  );
}

test('the picker lists the 14 lessons in order, numbered', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  const items = await page.$$eval('[data-testid=lesson-picker] .lc-pick', (bs) =>
    bs.map((b) => [b.querySelector('.lc-num').textContent, b.querySelector('.lc-pick-title').textContent]),
  );
  assert.equal(LESSONS.length, 14);
  assert.deepEqual(
    items,
    LESSONS.map((l, i) => [`${i + 1}.`, l.title]),
  );
  app.assertNoErrors();
});

test('walking lesson 6 (queue groups) with "Show me" ticks every objective', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  const lesson = LESSONS[5];
  await page.click('[data-testid=open-lesson-6]');
  await page.waitForSelector('[data-testid=lesson-title]');
  assert.equal(await page.textContent('[data-testid=lesson-title]'), `6. ${lesson.title}`);
  assert.equal(await page.textContent('[data-testid=lesson-heading]'), 'Lesson 6 of 14');
  assert.match(await page.textContent('[data-testid=lesson-jetstream]'), /end of life in 2023/);

  // narration, step by step
  const steps = lesson.narration.length;
  assert.equal(await page.textContent('[data-testid=lesson-step]'), `step 1 of ${steps}`);
  assert.equal(await page.textContent('[data-testid=lesson-narration]'), lesson.narration[0]);
  assert.equal(await page.isDisabled('[data-testid=narration-prev]'), true);
  await page.click('[data-testid=narration-next]');
  assert.equal(await page.textContent('[data-testid=lesson-step]'), `step 2 of ${steps}`);
  assert.equal(await page.textContent('[data-testid=lesson-narration]'), lesson.narration[1]);
  await page.click('[data-testid=narration-prev]');
  assert.equal(await page.textContent('[data-testid=lesson-step]'), `step 1 of ${steps}`);

  // nothing ticked before the learner acts
  let states = await taskStates(page);
  assert.equal(states.length, lesson.tasks.length);
  assert.ok(states.every((s) => !s.done));
  assert.deepEqual(states[0], { done: false, tick: '→', word: 'Next' });
  assert.equal(await page.textContent('[data-testid=lesson-progress]'), `0 of ${lesson.tasks.length} done`);
  assert.equal(await page.locator('[data-testid=lesson-complete]').count(), 0);

  for (let i = 0; i < lesson.tasks.length; i++) {
    await page.click('[data-testid=show-me]');
    await page.waitForSelector(`[data-testid=task-${i + 1}][data-done=true]`, { timeout: 10000 });
    states = await taskStates(page);
    assert.deepEqual(states[i], { done: true, tick: '✓', word: 'Done' }, `task ${i + 1} ticked`);
    if (i === 1) await app.screenshot('lessons-walk-half');
  }
  await page.waitForSelector('[data-testid=lesson-complete]');
  assert.match(await page.textContent('[data-testid=lesson-complete]'), /Lesson complete/);
  assert.equal(await page.isDisabled('[data-testid=show-me]'), true);
  assert.equal(
    await page.textContent('[data-testid=lesson-progress]'),
    `${lesson.tasks.length} of ${lesson.tasks.length} done`,
  );
  assert.match(await page.textContent('[data-testid=next-lesson]'), /7\. /);
  await app.screenshot('lessons-walk-complete');

  // Reset: back to the setup, nothing ticked
  await page.click('[data-testid=lesson-reset]');
  await page.waitForSelector('[data-testid=task-1][data-done=false]');
  assert.equal(await page.locator('[data-testid=lesson-complete]').count(), 0);

  // the next lesson from the picker select
  await page.selectOption('[data-testid=lesson-select]', '6');
  await page.waitForFunction(() => document.querySelector('[data-testid=lesson-title]')?.textContent.startsWith('7. '));

  // free play: the lesson closes, the canvas stays
  const panels = await page.locator('#canvas .panel').count();
  await page.click('[data-testid=lesson-close]');
  await page.waitForSelector('[data-testid=lesson-picker]');
  assert.equal(await page.locator('#canvas .panel').count(), panels);
  app.assertNoErrors();
});

test('every lesson opens and its show-me path completes it in the browser', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  for (let n = 1; n <= LESSONS.length; n++) {
    if (n === 1) await page.click('[data-testid=open-lesson-1]');
    else await page.selectOption('[data-testid=lesson-select]', String(n - 1));
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid=lesson-title]')?.textContent.startsWith(`${n}. `),
      n,
    );
    for (let i = 0; i < LESSONS[n - 1].tasks.length; i++) {
      if (await page.locator(`[data-testid=task-${i + 1}][data-done=true]`).count()) continue;
      await page.click('[data-testid=show-me]');
      await page.waitForSelector(`[data-testid=task-${i + 1}][data-done=true]`, { timeout: 15000 });
    }
    await page.waitForSelector('[data-testid=lesson-complete]');
  }
  app.assertNoErrors();
});

test('the column folds away, and works on a phone-sized screen', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await page.click('[data-testid=lesson-fold]');
  assert.equal(await page.getAttribute('[data-testid=lesson-fold]', 'aria-expanded'), 'false');
  assert.equal(await page.isVisible('[data-testid=lesson-picker]'), false);
  const strip = await page.locator('[data-testid=lesson-column]').boundingBox();
  assert.ok(strip.width < 80, `folded to a strip (${strip.width} px)`);
  await app.screenshot('lessons-folded');
  await page.click('[data-testid=lesson-fold]');
  assert.equal(await page.isVisible('[data-testid=lesson-picker]'), true);

  const phone = await openApp(t, { viewport: { width: 390, height: 844 } });
  const p = phone.page;
  // on a phone it starts folded, so the canvas shows
  assert.equal(await p.getAttribute('[data-testid=lesson-fold]', 'aria-expanded'), 'false');
  await p.click('[data-testid=lesson-fold]');
  await p.click('[data-testid=open-lesson-2]');
  await p.waitForSelector('[data-testid=lesson-title]');
  const box = await p.locator('[data-testid=lesson-column]').boundingBox();
  assert.ok(box.width <= 390, `column fits the screen (${box.width})`);
  const showMe = p.locator('[data-testid=show-me]');
  await showMe.scrollIntoViewIfNeeded();
  const b = await showMe.boundingBox();
  assert.ok(b && b.x >= 0 && b.x + b.width <= 390, 'Show me is on screen');
  await showMe.click();
  await p.waitForSelector('[data-testid=task-1][data-done=true]', { timeout: 10000 });
  await phone.screenshot('lessons-phone');
  phone.assertNoErrors();
  app.assertNoErrors();
});
