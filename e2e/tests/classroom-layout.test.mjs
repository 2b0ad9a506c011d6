// Everything on the canvas can be seen and clicked, on a projector (1280×720), a laptop
// (1366×768) and a phone (390×844): for every lesson and for a free-play canvas with two
// publishers and four listeners, every panel lies entirely inside the visible canvas and is
// the topmost element at its four corners and its title (not under the inspector, another
// panel or the server). At 1280×720 the same holds in presenter mode, where no text inside
// the canvas renders under 16 px. Screenshots of each: target/e2e/classroom-*.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openApp, REPO } from '../lib/app.mjs';

const LESSONS = fs.readdirSync(path.join(REPO, 'lessons')).filter((f) => f.endsWith('.json')).length;

/** Problems with the panels' placement, as text (empty: all is well). */
async function placementProblems(page) {
  return page.evaluate(() => {
    const out = [];
    const canvas = document.querySelector('#canvas').getBoundingClientRect();
    const panels = [...document.querySelectorAll('[data-testid^=panel-]')].filter((p) =>
      /^panel-\d+$/.test(p.dataset.testid),
    );
    if (panels.length === 0) out.push('no panels');
    for (const p of panels) {
      const r = p.getBoundingClientRect();
      const name = `${p.dataset.testid} (${p.querySelector('.panel-title')?.textContent})`;
      if (r.left < canvas.left - 1 || r.top < canvas.top - 1 || r.right > canvas.right + 1 || r.bottom > canvas.bottom + 1) {
        out.push(`${name} not inside the canvas: ${[r.left, r.top, r.right, r.bottom].map(Math.round)} vs ${[canvas.left, canvas.top, canvas.right, canvas.bottom].map(Math.round)}`);
        continue;
      }
      const t = p.querySelector('.panel-title').getBoundingClientRect();
      // 4 px in: the corners are rounded (a 10 px radius), and a click there misses anyway
      const spots = {
        'top-left': [r.left + 4, r.top + 4],
        'top-right': [r.right - 4, r.top + 4],
        'bottom-left': [r.left + 4, r.bottom - 4],
        'bottom-right': [r.right - 4, r.bottom - 4],
        title: [t.left + t.width / 2, t.top + t.height / 2],
      };
      for (const [where, [x, y]] of Object.entries(spots)) {
        const hit = document.elementFromPoint(x, y);
        if (!hit || !p.contains(hit)) {
          const by = hit?.closest('[data-testid]')?.dataset.testid ?? hit?.className ?? 'nothing';
          out.push(`${name}: ${where} covered by ${by}`);
        }
      }
    }
    return out;
  });
}

/** Text in the canvas rendered under `min` px (font size times the canvas zoom). */
async function smallText(page, min) {
  return page.evaluate((min) => {
    const canvas = document.querySelector('#canvas');
    const zoom = Number(canvas.querySelector('.world')?.dataset.zoom ?? 1);
    const walker = document.createTreeWalker(canvas, NodeFilter.SHOW_TEXT);
    const small = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      if (range.getClientRects().length === 0) continue; // not rendered
      const style = getComputedStyle(n.parentElement);
      if (style.visibility === 'hidden') continue;
      const px = parseFloat(style.fontSize) * zoom;
      if (px < min - 0.01) small.push(`${px.toFixed(1)} px: "${n.textContent.trim().slice(0, 30)}"`);
    }
    return small;
  }, min);
}

async function settled(app) {
  await app.settle();
  await app.settle();
}

async function check(app, label, extra = {}) {
  await settled(app);
  await app.screenshot(`classroom-${label}`);
  assert.deepEqual(await placementProblems(app.page), [], `${label}: placement`);
  if (extra.minText) assert.deepEqual(await smallText(app.page, extra.minText), [], `${label}: text under ${extra.minText} px`);
}

async function presenter(app, on) {
  await app.page.click('[data-testid=presenter-toggle]');
  await app.page.waitForSelector(`[data-testid=app][data-presenter=${on}]`);
}

async function freePlay(app) {
  const { page } = app;
  await page.click('#add-publisher');
  for (let i = 0; i < 4; i++) await page.click('#add-listener');
  await page.waitForFunction(() => document.querySelectorAll('.panel.listener').length === 4);
  assert.equal(await page.locator('.panel.publisher').count(), 2);
}

/** Opens lesson `n` (1-based) from the column, which on a phone is a sheet folded afterwards. */
async function openLesson(app, n, phone) {
  const { page } = app;
  if (phone) await page.click('[data-testid=lesson-fold]');
  if (await page.locator('[data-testid=lesson-select]').count()) {
    await page.selectOption('[data-testid=lesson-select]', String(n - 1));
  } else {
    await page.click(`[data-testid=open-lesson-${n}]`);
  }
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid=lesson-title]')?.textContent.startsWith(`${n}. `),
    n,
  );
  await page.waitForSelector('[data-testid=lesson-loading]', { state: 'detached' });
  if (phone) await page.click('[data-testid=lesson-fold]');
}

for (const [w, h] of [
  [1280, 720],
  [1366, 768],
  [390, 844],
]) {
  const phone = w < 600;
  const stage = w === 1280;
  test(`${w}×${h}: every panel whole and clickable in free play and in every lesson${stage ? ', and in presenter mode with no text under 16 px' : ''}`, async (t) => {
    const app = await openApp(t, { viewport: { width: w, height: h } });
    const { page } = app;
    await freePlay(app);
    await check(app, `${w}x${h}-free-play`);
    if (stage) {
      await presenter(app, true);
      await check(app, 'presenter-free-play', { minText: 16 });
      await presenter(app, false);
    }
    for (let n = 1; n <= LESSONS; n++) {
      await openLesson(app, n, phone);
      await check(app, `${w}x${h}-lesson-${n}`);
      if (stage) {
        await presenter(app, true);
        assert.ok(await page.isVisible('[data-testid=caption]'), 'the lesson step as a caption');
        await check(app, `presenter-lesson-${n}`, { minText: 16 });
        await presenter(app, false);
      }
    }
    app.assertNoErrors();
  });
}
