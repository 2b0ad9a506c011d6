// Small links that ask for a huge amount of work: ten clients with 10 ms heartbeats saved at
// one day of simulated time, and 2,000 messages a listener never acks with a 1 s AckWait
// saved at one day. Opening them replays in slices (the page keeps drawing frames), stops
// at a work bound with a message naming it and what was kept, and a reload is clean.
// Also: Cancel while a link opens. docs/bad-inputs.md lists these cases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASE_URL, openApp, shareFragment } from '../lib/app.mjs';

const DAY = 86_400_000;
const settings = { format: 'nats-streaming-playground', version: 1, latency_ms: 100, seed: 1, now: DAY, speed: 1 };

const HEARTBEATS = {
  name: 'heartbeats',
  server: { cluster_id: 'ticketing', hb_interval_ms: 10, hb_timeout_ms: 1000, hb_fail_count: 2 },
  steps: Array.from({ length: 10 }, (_, i) => ({ at: 0, op: 'connect', client: `c${i}` })),
  end_ms: DAY,
  playground: settings,
};

const REDELIVERIES = {
  name: 'redeliveries',
  server: { cluster_id: 'ticketing' },
  steps: [
    { at: 0, op: 'connect', client: 'p' },
    { at: 0, op: 'connect', client: 'l' },
    { at: 0, op: 'subscribe', client: 'l', sub: 's', subject: 't', manual_ack: true, ack_wait_ms: 1000, ack: 'never' },
    ...Array.from({ length: 2000 }, () => ({ at: 0, op: 'publish', client: 'p', subject: 't', data: '1' })),
  ],
  end_ms: DAY,
  playground: settings,
};

/** Before the app starts: records the longest gap between animation frames
 * (window.__maxGap) and whether the progress line ever showed (window.__sawLoading). */
function watchPage() {
  window.__maxGap = 0;
  window.__sawLoading = false;
  let last = performance.now();
  const tick = (t) => {
    window.__maxGap = Math.max(window.__maxGap, t - last);
    last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  new MutationObserver(() => {
    if (document.querySelector('[data-testid=loading]')) window.__sawLoading = true;
  }).observe(document, { subtree: true, childList: true });
}

/** Opens `url` in a fresh browser with `watchPage` running from the start. */
async function openWatched(t, url) {
  const app = await openApp(t);
  await app.page.addInitScript(watchPage);
  // Only the fragment differs from the page already open: a reload makes the app start again.
  await app.page.goto(url);
  await app.page.reload();
  await app.page.waitForSelector('#app-title', { timeout: 30000 });
  return app;
}

async function noticeText(page, re, timeout = 60000) {
  await page
    .waitForFunction(
      (src) => new RegExp(src).test(document.querySelector('[data-testid=notice]')?.textContent ?? ''),
      re.source,
      { timeout },
    )
    .catch(() => {});
  const text = (await page.textContent('[data-testid=notice]').catch(() => null)) ?? '(no notice)';
  assert.match(text, re);
  return text;
}

// (The redeliveries pass their bound within a moment: no progress line is needed there.)
for (const [scenario, bound, shot, slow] of [
  [HEARTBEATS, 'events', 'badinput-heavy-link-heartbeats', true],
  [REDELIVERIES, 'deliveries', 'badinput-heavy-link-redeliveries', false],
]) {
  test(`a small link asking for a day of ${scenario.name} stops at the \`${bound}\` bound, the page stays responsive, a reload is clean`, async (t) => {
    const url = `${BASE_URL}#${shareFragment(scenario)}`;
    t.diagnostic(`link: ${url.length - BASE_URL.length} characters after the page's address`);
    const t0 = Date.now();
    const app = await openWatched(t, url);
    const { page } = app;
    const text = await noticeText(page, new RegExp(`Replaying it stopped at .*the \`${bound}\` bound`));
    assert.match(text, /Opened the shared playground/);
    assert.match(text, /Kept: the playground as it was at/);
    const took = Date.now() - t0;
    // While it replayed, the page kept drawing and showed how far it was.
    const [gap, shown] = await page.evaluate(() => [window.__maxGap, window.__sawLoading]);
    t.diagnostic(`opened in ${took} ms (page load included); progress line shown: ${shown}; longest gap between frames while opening: ${Math.round(gap)} ms`);
    if (slow) assert.ok(shown, 'a progress line shows while it takes more than a moment');
    assert.ok(gap < 1000, `the page kept drawing (longest gap ${Math.round(gap)} ms)`);
    assert.equal(await page.evaluate(() => location.hash), '', 'the link left the address bar');
    assert.equal(await page.locator('[data-testid=loading]').count(), 0);
    await app.screenshot(shot);
    // Wait for the autosave, then reload: what was kept opens, without stopping again.
    await page.waitForFunction(
      (name) => (sessionStorage.getItem('nats-playground/tab-autosave') ?? '').includes(`"name":"${name}"`),
      scenario.name,
      { timeout: 10000 },
    );
    await page.reload();
    await page.waitForSelector('#app-title');
    await page.waitForFunction(() => document.querySelectorAll('#canvas .panel').length > 0, null, { timeout: 30000 });
    await page.waitForFunction(() => !document.querySelector('[data-testid=loading]'), null, { timeout: 30000 });
    const after = (await page.textContent('[data-testid=notice]').catch(() => null)) ?? '';
    assert.doesNotMatch(after, /stopped|bound|Something went wrong/, after);
    assert.equal(await page.locator('#crash-message').count(), 0);
    app.assertNoErrors();
  });
}

test('Cancel while a link opens leaves the playground as it was and the link out of the address bar', async (t) => {
  const fresh = await openApp(t);
  const panels = await fresh.page.locator('#canvas .panel').count();
  await fresh.context.close();
  const app = await openApp(t, { url: `${BASE_URL}#${shareFragment(HEARTBEATS)}` });
  const { page } = app;
  await page.waitForSelector('[data-testid=loading-cancel]', { timeout: 10000 });
  await app.screenshot('badinput-heavy-link-progress');
  await page.click('[data-testid=loading-cancel]');
  await noticeText(page, /Opening the shared playground was cancelled: the playground is as it was/, 10000);
  assert.equal(await page.locator('[data-testid=loading]').count(), 0);
  assert.equal(await page.evaluate(() => location.hash), '');
  assert.equal(await page.locator('#canvas .panel').count(), panels, 'the playground as it was, none of the link\'s ten panels');
  app.assertNoErrors();
});
