// A phone (390×844, touch only). Every control a phone user is meant to tap has a hit box
// of at least 44×44 px: on the first screen, with a panel's controls in the action bar, in
// each tab of the inspector sheet, in the lesson sheet (picker and an open lesson), in the
// help and in the Export menu. And a phone user connects, publishes and reads the delivery
// using only those targets, tapped with the touchscreen.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp, waitForLines, waitForStatus } from '../lib/app.mjs';

const MIN = 44;
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true };

/**
 * Every control that takes a tap now: visible, enabled, not `pointer-events: none`, with its
 * box on screen (a checkbox's box includes its label, which toggles it too).
 */
function targets(page) {
  return page.evaluate(() => {
    const sel = 'button, a[href], input, select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])';
    const out = [];
    for (const el of document.querySelectorAll(sel)) {
      if (el.disabled || el.closest('[hidden]')) continue;
      const st = getComputedStyle(el);
      if (st.visibility !== 'visible' || st.pointerEvents === 'none') continue;
      let r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue; // not rendered
      if (el.type === 'checkbox' || el.type === 'radio') {
        const label = (el.id && document.querySelector(`label[for="${el.id}"]`)) || el.closest('label');
        if (label) {
          const l = label.getBoundingClientRect();
          const left = Math.min(r.left, l.left);
          const top = Math.min(r.top, l.top);
          r = { left, top, width: Math.max(r.right, l.right) - left, height: Math.max(r.bottom, l.bottom) - top };
        }
      }
      const name = el.dataset.testid ?? (el.id || `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 24)}"`);
      out.push({ name, w: Math.round(r.width * 10) / 10, h: Math.round(r.height * 10) / 10 });
    }
    return out;
  });
}

/** Checks every target now; returns how many there were. */
async function allBigEnough(page, where) {
  const all = await targets(page);
  assert.ok(all.length > 0, `${where}: no targets at all`);
  const small = all.filter((t) => t.w < MIN - 0.5 || t.h < MIN - 0.5).map((t) => `${t.name} ${t.w}×${t.h}`);
  assert.deepEqual(small, [], `${where}: targets under ${MIN}×${MIN} px`);
  return all.length;
}

/**
 * Taps the middle of `selector` with the touchscreen, after checking that it is one of the
 * targets above (≥ 44×44 px) and the topmost element there.
 */
async function tap(page, selector) {
  const el = page.locator(selector);
  await el.waitFor();
  const box = await el.boundingBox();
  assert.ok(box.width >= MIN - 0.5 && box.height >= MIN - 0.5, `${selector}: ${box.width}×${box.height} px`);
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const ok = await el.evaluate((e, [x, y]) => {
    const st = getComputedStyle(e);
    const hit = document.elementFromPoint(x, y);
    return !e.disabled && st.pointerEvents !== 'none' && !!hit && e.contains(hit);
  }, [x, y]);
  assert.ok(ok, `${selector} can be tapped at its middle`);
  await page.touchscreen.tap(x, y);
}

test('390×844: every control meant to be tapped is at least 44×44 px', async (t) => {
  const app = await openApp(t, PHONE);
  const { page } = app;
  await app.settle();
  const counts = {};
  // The first screen: the starter publisher is selected, its controls in the action bar.
  await page.waitForSelector('[data-testid=action-bar][data-panel="1"]');
  counts.first = await allBigEnough(page, 'first screen');
  await app.screenshot('classroom-phone-first');

  await tap(page, '#add-listener');
  await page.waitForSelector('[data-testid=action-bar][data-panel="2"]');
  counts.listener = await allBigEnough(page, 'a listener in the action bar');

  // The inspector sheet, every tab.
  await tap(page, '[data-testid=action-edit]');
  await page.waitForSelector('[data-testid=inspector-panel] [data-testid=form-manual-ack]');
  counts.form = await allBigEnough(page, 'the listener form');
  await app.screenshot('classroom-phone-inspector');
  for (const tab of ['code', 'monitoring', 'server']) {
    await tap(page, `[data-testid=tab-${tab}]`);
    await page.waitForSelector(`[data-testid=inspector-${tab}]`);
    counts[tab] = await allBigEnough(page, `the ${tab} tab`);
  }
  await tap(page, '[data-testid=inspector-fold]');
  await page.waitForSelector('[data-testid=inspector-fold][aria-expanded=false]', { state: 'attached' });

  // The lesson sheet: the picker, then an open lesson.
  await tap(page, '[data-testid=lesson-fold]');
  await page.waitForSelector('[data-testid=lesson-picker]');
  counts.picker = await allBigEnough(page, 'the lesson picker');
  await page.locator('[data-testid=open-lesson-6]').scrollIntoViewIfNeeded();
  await tap(page, '[data-testid=open-lesson-6]');
  await page.waitForSelector('[data-testid=lesson-tasks]');
  counts.lesson = await allBigEnough(page, 'lesson 6 in its sheet');
  await app.screenshot('classroom-phone-lesson');
  await tap(page, '[data-testid=lesson-fold]');

  await tap(page, '[data-testid=help-button]');
  await page.waitForSelector('[data-testid=help]');
  counts.help = await allBigEnough(page, 'the help');
  await tap(page, '[data-testid=help-close]');
  await tap(page, '[data-testid=export]');
  await page.waitForSelector('[data-testid=export-project]');
  counts.exportMenu = await allBigEnough(page, 'the Export menu');
  console.log(`targets measured: ${JSON.stringify(counts)}`);
  app.assertNoErrors();
});

test('390×844: connect, publish and see the delivery with taps on those targets only', async (t) => {
  const app = await openApp(t, PHONE);
  const { page } = app;
  await tap(page, '#add-listener');
  await page.waitForSelector('[data-testid=action-bar][data-panel="2"]');
  // the panel's own buttons, a few pixels tall in the canvas, give way to the bar's
  assert.equal(await page.isVisible('[data-testid=panel-2-start]'), false);
  await tap(page, '[data-testid=action-start]');
  await page.waitForFunction(() => document.querySelector('[data-testid=panel-2-sub]')?.textContent.startsWith('subscribed'), null, { timeout: 15000 });

  // a tap on the publisher's panel brings its controls
  await tap(page, '[data-testid=panel-1]');
  await page.waitForSelector('[data-testid=action-bar][data-panel="1"]');
  await tap(page, '[data-testid=action-connect]');
  await waitForStatus(page, 1, 'connected');
  await tap(page, '[data-testid=action-publish]');
  await waitForLines(page, 2, 1);
  await page.waitForFunction(() => /Event published/.test(document.querySelector('[data-testid=action-last]')?.textContent));

  // and on the listener's: its newest console line, readable
  await tap(page, '[data-testid=panel-2]');
  await page.waitForSelector('[data-testid=action-bar][data-panel="2"]');
  const last = page.locator('[data-testid=action-last]');
  await page.waitForFunction(() => /Received event #1/.test(document.querySelector('[data-testid=action-last]')?.textContent));
  const px = await last.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(px >= 12, `the console line in the bar is ${px} px`);
  await app.screenshot('classroom-phone-delivered');
  app.assertNoErrors();
});
