// The timeline owns the whole known run: dragging back keeps the marks ahead drawn and the
// bar's scale; dragging forward to the end gives back the same state; acting in the past
// forks, and "Undo fork" brings the old future back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectPanel, consoleLines, openApp, openPanel, virtualNow, waitForLines } from '../lib/app.mjs';

/** Drags the scrubber's thumb (at `fromFrac` of the bar) to `toFrac`, with real pointer moves. */
async function scrub(page, fromFrac, toFrac, during = async () => {}) {
  const box = await page.locator('[data-testid=scrubber]').boundingBox();
  const y = box.y + box.height / 2;
  const x = (f) => box.x + 8 + f * (box.width - 16);
  await page.mouse.move(x(fromFrac), y);
  await page.mouse.down();
  const steps = 12;
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(x(fromFrac + ((toFrac - fromFrac) * i) / steps), y);
    await during();
  }
  await page.mouse.up();
}

async function picture(page) {
  return {
    now: await virtualNow(page),
    lines: await consoleLines(page, 2),
    server: await page.textContent('[data-testid=server]'),
    marks: await page.$$eval('.timeline .mark', (els) => els.map((e) => e.title)),
  };
}

test('drag back and forward through a redelivery, fork and undo the fork', async (t) => {
  const app = await openApp(t, { viewport: { width: 1366, height: 768 } });
  const { page } = app;

  await page.click('#add-listener');
  await openPanel(page, 2);
  await page.check('[data-testid=form-manual-ack]');
  await page.selectOption('[data-testid=form-handler]', 'never');
  await page.fill('[data-testid=form-ack-wait]', '1000');
  await connectPanel(page, 1);
  await page.click('[data-testid=panel-2-start]');
  await page.waitForFunction(() =>
    document.querySelector('[data-testid=panel-2-sub]')?.textContent.startsWith('subscribed'));
  await page.click('[data-testid=panel-1-publish]');
  await waitForLines(page, 2, 1, 'redelivered');
  await page.click('[data-testid=play]'); // pause
  await page.waitForFunction(() => document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'false');

  const before = await picture(page);
  const max = await page.getAttribute('[data-testid=scrubber]', 'max');
  const redelivery = before.lines.find((l) => l.kind === 'redelivered');
  const first = before.lines.find((l) => l.kind === 'message');
  assert.ok(redelivery && first && (await page.locator('.mark-r').count()) >= 1);
  // just after the first delivery (the publisher is connected there), before the redelivery
  const past = (first.t + 100) / Number(max);

  // back there; the scale holds during the drag
  await scrub(page, 1, past, async () => {
    assert.equal(await page.getAttribute('[data-testid=scrubber]', 'max'), max, 'scale fixed during the drag');
  });
  const back = await virtualNow(page);
  assert.ok(back < redelivery.t, `${back} is before the redelivery at ${redelivery.t}`);
  assert.ok((await page.locator('.mark-r').count()) >= 1, 'the redelivery mark ahead is still drawn');
  assert.deepEqual((await picture(page)).marks, before.marks);
  assert.ok(!(await consoleLines(page, 2)).some((l) => l.kind === 'redelivered'), 'the console is at that moment');
  await app.screenshot('timeline-dragged-back');

  // forward past the end of the bar: the state before dragging
  await scrub(page, past, 1.05);
  assert.deepEqual(await picture(page), before);

  // act in the past: a fork, announced, with a way back
  await scrub(page, 1, past);
  await page.click('[data-testid=panel-1-publish]');
  await page.waitForSelector('[data-testid=undo-fork]');
  assert.match(await page.textContent('[data-testid=notice]'), /Undo fork/);
  assert.notEqual(await page.getAttribute('[data-testid=scrubber]', 'max'), max, 'the old future is set aside');
  await app.screenshot('timeline-forked');
  await page.click('[data-testid=undo-fork]');
  await page.waitForSelector('[data-testid=undo-fork]', { state: 'detached' });
  assert.equal(await page.getAttribute('[data-testid=scrubber]', 'max'), max);
  assert.deepEqual((await picture(page)).marks, before.marks, 'the old future is back');
  await scrub(page, past, 1.05);
  assert.deepEqual(await picture(page), before);
  app.assertNoErrors();
});
