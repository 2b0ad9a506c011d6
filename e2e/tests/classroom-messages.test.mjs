// Messages a class can watch: at 1×, one published event is on screen on its way to the
// server and again on its way to the listener for at least 600 ms each (the clock slows
// while messages travel), as a numbered dot; the ack travels back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectPanel, openApp, subscribePanel, waitForLines } from '../lib/app.mjs';

/** Samples the in-flight message elements on every animation frame for `ms` of wall time. */
async function sampleFrames(page, ms) {
  return page.evaluate(
    (ms) =>
      new Promise((resolve) => {
        const frames = [];
        const t0 = performance.now();
        const canvas = document.querySelector('#canvas').getBoundingClientRect();
        const tick = (now) => {
          const seen = [...document.querySelectorAll('[data-testid^=msg-]')]
            .map((el) => ({ el, r: el.getBoundingClientRect() }))
            .filter(({ r }) => r.width > 0 && r.left >= canvas.left && r.right <= canvas.right && r.top >= canvas.top && r.bottom <= canvas.bottom)
            .map(({ el, r }) => ({ id: el.dataset.testid, kind: el.dataset.kind, hop: el.dataset.hop, w: r.width, x: r.left, label: el.querySelector('text')?.textContent }));
          frames.push({ t: now - t0, seen });
          if (now - t0 < ms) requestAnimationFrame(tick);
          else resolve(frames);
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );
}

/** For each message element of `kind`: first and last frame it was seen, and where. */
function spans(frames, kind) {
  const out = new Map();
  for (const f of frames) {
    for (const s of f.seen.filter((s) => s.kind === kind)) {
      const o = out.get(s.id) ?? { first: f.t, last: f.t, x0: s.x, x1: s.x, w: s.w, label: s.label, hop: s.hop };
      o.last = f.t;
      o.x1 = s.x;
      out.set(s.id, o);
    }
  }
  return [...out.values()];
}

test('at 1× each hop of a published event stays on screen for at least 600 ms', async (t) => {
  const app = await openApp(t, { viewport: { width: 1280, height: 720 } });
  const { page } = app;
  await page.click('#add-listener');
  await page.waitForSelector('[data-testid=panel-2]');
  await connectPanel(page, 1);
  await connectPanel(page, 2);
  await subscribePanel(page, 2);
  assert.equal(await page.textContent('[data-testid=speed-label]'), '1×');
  // nothing the learner follows is travelling
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^=msg-][data-kind=publish], [data-testid^=msg-][data-kind=deliver], [data-testid^=msg-][data-kind=ack]').length === 0);

  await page.click('[data-testid=panel-1-publish]');
  const frames = await sampleFrames(page, 4500);
  await waitForLines(page, 2, 1);
  await app.screenshot('classroom-messages');

  const [up] = spans(frames, 'publish');
  const [down] = spans(frames, 'deliver');
  const [ack] = spans(frames, 'ack').filter((a) => a.hop === 'up' && a.label?.startsWith('✓1'));
  assert.ok(up && down, `both hops seen: ${JSON.stringify({ up, down })}`);
  const upMs = up.last - up.first;
  const downMs = down.last - down.first;
  console.log(`publisher→server ${upMs.toFixed(0)} ms over ${Math.abs(up.x1 - up.x0).toFixed(0)} px, server→listener ${downMs.toFixed(0)} ms over ${Math.abs(down.x1 - down.x0).toFixed(0)} px (dot ${down.w.toFixed(0)} px wide), ack ${ack ? (ack.last - ack.first).toFixed(0) : '-'} ms`);
  assert.ok(upMs >= 600, `publisher→server on screen ${upMs} ms`);
  assert.ok(downMs >= 600, `server→listener on screen ${downMs} ms`);
  assert.equal(up.hop, 'up');
  assert.equal(down.hop, 'down');
  assert.equal(down.label, '#1', 'the delivery carries its sequence number');
  assert.ok(down.w >= 24, `a dot big enough to read (${down.w} px)`);
  assert.ok(Math.abs(down.x1 - down.x0) >= 60, 'the dot travels a visible distance');
  assert.ok(ack, 'the ack travels back to the server');
  app.assertNoErrors();
});
