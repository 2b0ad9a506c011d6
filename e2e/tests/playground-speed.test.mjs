// At high speed a packet crosses an edge in less than a frame: instead of dots that flicker,
// each edge says how many packets are on it; back at an ordinary speed the dots return.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp, shareFragment } from '../lib/app.mjs';

function link(baseUrl, speed) {
  const saved = {
    name: 'fast', description: 'a publisher every 40 ms and a listener',
    server: { cluster_id: 'ticketing' },
    steps: [
      { at: 0, op: 'connect', client: 'pub', panel: 1 },
      { at: 0, op: 'connect', client: 'lis', panel: 2 },
      { at: 0, op: 'subscribe', client: 'lis', sub: 's', subject: 'ticket:created', panel: 2 },
    ],
    end_ms: 1000,
    layout: {
      panels: [
        { id: 1, name: 'pub', client_id: 'pub', pos: { x: 20, y: 20 }, removed: false,
          kind: { Publisher: { subject: 'ticket:created', data: '{"id":"t1"}', every_ms: 40 } } },
        { id: 2, name: 'lis', client_id: 'lis', pos: { x: 620, y: 20 }, removed: false,
          kind: { Listener: { subject: 'ticket:created' } } },
      ],
    },
    playground: { format: 'nats-streaming-playground', version: 1, latency_ms: 100, seed: 1, now: 1000, speed },
  };
  return `${baseUrl}#${shareFragment(saved)}`;
}

async function play(page) {
  if ((await page.getAttribute('[data-testid=play]', 'aria-pressed')) !== 'true') {
    await page.click('[data-testid=play]');
  }
}

test('at 50x the edges count their packets instead of drawing dots', async (t) => {
  const base = (await openApp(t)).page.url().split('#')[0];
  const app = await openApp(t, { url: link(base, 50) });
  const { page } = app;
  await page.waitForSelector('[data-testid=panel-2]');
  await play(page);
  await page.waitForSelector('[data-testid=edge-1-count]', { timeout: 10000 });
  assert.match(await page.textContent('[data-testid=edge-1-count]'), /^\d+ in flight$/);
  // Over a few frames: never a travelling dot.
  for (let i = 0; i < 10; i++) {
    await app.settle();
    assert.equal(await page.locator('[data-testid=dots] .dot').count(), 0);
  }
  app.assertNoErrors();
});

test('at 1x the dots travel and the edges carry no counts', async (t) => {
  const base = (await openApp(t)).page.url().split('#')[0];
  const app = await openApp(t, { url: link(base, 1) });
  const { page } = app;
  await page.waitForSelector('[data-testid=panel-2]');
  await play(page);
  await page.waitForSelector('[data-testid=dots] .dot', { timeout: 10000 });
  assert.equal(await page.locator('.edge-count').count(), 0);
  app.assertNoErrors();
});
