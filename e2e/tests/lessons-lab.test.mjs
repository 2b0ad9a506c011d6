// The concurrency lab in the browser: the database panel shows the service's state, the
// expected state and the difference (lesson 10, no versions: wrong; lesson 12, versions: right).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from '../lib/app.mjs';

async function walk(page, n, showMe) {
  await page.click(`[data-testid=open-lesson-${n}]`);
  await page.waitForSelector('[data-testid=lesson-tasks]');
  for (let i = 0; i < showMe; i++) {
    await page.click('[data-testid=show-me]');
    await page.waitForTimeout(200);
  }
}

test('without versions the accounts database goes wrong, and the panel says where', async (t) => {
  const app = await openApp(t, { viewport: { width: 1440, height: 900 } });
  const { page } = app;
  await walk(page, 10, 1);
  await page.waitForSelector('[data-testid=db-accounts] tr[data-differs=true]', { timeout: 15000 });
  const wrong = await page.textContent('[data-testid=db-accounts] tr[data-differs=true]');
  assert.match(wrong, /✗ wrong/);
  await app.screenshot('lessons-lab-wrong');
  app.assertNoErrors();
});

test('with versions every record the service wrote is right', async (t) => {
  const app = await openApp(t, { viewport: { width: 1440, height: 900 } });
  const { page } = app;
  await walk(page, 12, 1);
  await page.waitForSelector('[data-testid=db-accounts] tbody tr', { timeout: 15000 });
  const rows = await page.$$eval('[data-testid=db-accounts] tbody tr', (trs) => trs.map((tr) => tr.dataset.differs));
  assert.ok(rows.length > 0);
  assert.ok(rows.every((d) => d === 'false'), JSON.stringify(rows));
  await app.screenshot('lessons-lab-right');
  app.assertNoErrors();
});

/**
 * What the lab's tables look like on a 1366×768 laptop, in view with the lesson's controls:
 * problems as text (empty: all is well), and the room left above them for the lesson's text.
 */
async function labTablesProblems(page) {
  return page.evaluate(() => {
    const out = [];
    const col = document.querySelector('[data-testid=lesson-column]');
    const c = col.getBoundingClientRect();
    const inView = (sel) => {
      const el = document.querySelector(sel);
      if (!el) return out.push(`${sel} missing`);
      const r = el.getBoundingClientRect();
      if (r.top < c.top - 1 || r.bottom > Math.min(c.bottom, innerHeight) + 1 || r.left < c.left - 1 || r.right > c.right + 1) {
        out.push(`${sel} not in view: ${[r.left, r.top, r.right, r.bottom].map(Math.round)} in ${[c.left, c.top, c.right, c.bottom].map(Math.round)}`);
      }
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 10));
      if (!hit || !el.contains(hit)) out.push(`${sel} covered by ${hit?.className}`);
    };
    for (const sel of ['[data-testid=databases]', '[data-testid=show-me]', '[data-testid=lesson-reset]']) inView(sel);
    if (document.querySelector('[data-testid=next-lesson]')) inView('[data-testid=next-lesson]');
    if (col.scrollWidth > col.clientWidth + 1) out.push(`the column scrolls sideways (${col.scrollWidth} > ${col.clientWidth})`);
    for (const cell of document.querySelectorAll('.lc-db th, .lc-db td, .lc-db-notes li')) {
      const st = getComputedStyle(cell);
      if (st.display === 'none') continue;
      const px = parseFloat(st.fontSize);
      if (px < 12) out.push(`"${cell.textContent}" at ${px} px`);
      if (cell.scrollWidth > cell.clientWidth + 1) out.push(`"${cell.textContent}" clipped`);
      if (cell.getBoundingClientRect().right > c.right - 1) out.push(`"${cell.textContent}" past the column's edge`);
    }
    // and the canvas refitted to the column's width: every panel whole
    const cv = document.querySelector('#canvas').getBoundingClientRect();
    for (const p of document.querySelectorAll('#canvas .panel')) {
      const r = p.getBoundingClientRect();
      if (r.left < cv.left - 1 || r.right > cv.right + 1 || r.top < cv.top - 1 || r.bottom > cv.bottom + 1) out.push(`${p.dataset.testid} outside the canvas`);
    }
    const room = document.querySelector('[data-testid=lesson-foot]').getBoundingClientRect().top - document.querySelector('.lc-bar').getBoundingClientRect().bottom;
    return { out, room: Math.round(room) };
  });
}

for (const n of [10, 11, 12]) {
  test(`1366×768: lesson ${n}'s tables are in view beside Show me, readable and whole, to the lesson's end`, async (t) => {
    const app = await openApp(t, { viewport: { width: 1366, height: 768 } });
    const { page } = app;
    await walk(page, n, 1);
    await page.waitForSelector('[data-testid=databases] tbody tr', { timeout: 15000 });
    let moves = 1;
    for (;;) {
      await app.settle();
      const { out, room } = await labTablesProblems(page);
      assert.deepEqual(out, [], `lesson ${n} after ${moves} Show me`);
      assert.ok(room >= 40, `lesson ${n}: ${room} px left for the lesson's text`);
      if (await page.isDisabled('[data-testid=show-me]')) {
        console.log(`lesson ${n}: complete after ${moves} Show me, ${room} px left above the foot`);
        break;
      }
      await page.click('[data-testid=show-me]');
      moves++;
      await page.waitForFunction(
        (m) => Number(document.querySelector('[data-testid=lesson-progress]').textContent.split(' ')[0]) >= m || document.querySelector('[data-testid=lesson-complete]'),
        moves,
        { timeout: 30000 },
      );
      assert.ok(moves < 12, 'the lesson ends');
    }
    await page.waitForSelector('[data-testid=lesson-complete]');
    await app.screenshot(`lessons-lab-1366x768-lesson-${n}`);
    app.assertNoErrors();
  });
}
