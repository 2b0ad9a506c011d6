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
