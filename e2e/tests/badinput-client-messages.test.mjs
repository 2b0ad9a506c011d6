// Bad options a learner can give a client, acted out in the browser: each click ends in the
// real client's or server's message in the panel's console (or a notice), and the playground
// carries on. The canvas is set up by a share link (encoded here as src/playground/share.rs
// does); the clicks are the panels' own buttons. docs/bad-inputs.md lists the cases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASE_URL, openApp, shareFragment } from '../lib/app.mjs';

const pub = (id, name, client, subject, data) => ({
  id,
  name,
  client_id: client,
  pos: { x: 20 + 230 * ((id - 1) % 4), y: 20 + 230 * Math.floor((id - 1) / 4) },
  kind: { Publisher: { subject, data, every_ms: 0 } },
});
const listener = (id, name, client, cfg) => ({
  id,
  name,
  client_id: client,
  pos: { x: 20 + 230 * ((id - 1) % 4), y: 20 + 230 * Math.floor((id - 1) / 4) },
  kind: { Listener: { subject: 'ticket:created', ...cfg } },
});

const PANELS = [
  pub(1, 'Bad JSON', 'pub-json', 'ticket:created', '{"id": 1,'),
  pub(2, 'Wildcard subject', 'pub-wild', 'ticket.*', '{}'),
  pub(3, 'Empty subject', 'pub-empty', '', '{}'),
  pub(4, 'Too big', 'pub-big', 'ticket:created', JSON.stringify('x'.repeat(2000))),
  listener(5, 'Spaces in id', 'id with spaces', {}),
  listener(6, 'No id', '', {}),
  listener(7, 'Orders A', 'orders', {}),
  listener(8, 'Orders B', 'orders', {}),
  listener(9, 'AckWait 1.5 s', 'ack-wait', { manual_ack: true, ack_wait_ms: 1500 }),
  listener(10, 'MaxInFlight 0', 'max-in-flight', { max_in_flight: 0 }),
  listener(11, 'No subject', 'no-subject', { subject: '' }),
  listener(12, 'Wildcard', 'wildcard', { subject: 'ticket.>' }),
];

const SAVED = {
  name: 'bad client options',
  description: 'every panel has one bad option',
  server: { cluster_id: 'ticketing', hb_interval_ms: 5000, hb_timeout_ms: 5000, hb_fail_count: 2, max_payload: 1024 },
  steps: [],
  end_ms: 0,
  layout: { panels: PANELS },
  playground: { format: 'nats-streaming-playground', version: 1, latency_ms: 100, seed: 1, now: 0, speed: 1 },
};

const url = `${BASE_URL}#${shareFragment(SAVED)}`;

/** Clicks a panel's button once it is enabled (by script: the canvas may hide it). */
async function press(page, id, what) {
  const sel = `[data-testid=panel-${id}-${what}]`;
  await page.waitForSelector(`${sel}:not([disabled])`, { state: 'attached', timeout: 10000 });
  await page.$eval(sel, (b) => b.click());
}

async function consoleShows(page, id, text) {
  const sel = `[data-testid=panel-${id}-console]`;
  await page
    .waitForFunction(([sel, text]) => document.querySelector(sel)?.textContent.includes(text), [sel, text], { timeout: 10000 })
    .catch(() => {});
  const got = await page.textContent(sel);
  assert.ok(got.includes(text), `panel ${id} console shows ${JSON.stringify(text)}; it shows ${JSON.stringify(got)}`);
}

test('bad client options end in the client\'s or server\'s own message', async (t) => {
  const app = await openApp(t, { url });
  const { page } = app;
  await page.waitForSelector('[data-testid=panel-12]', { state: 'attached' });
  await page.click('[data-testid=play]');

  // invalid JSON data: refused before sending
  await press(page, 1, 'connect');
  await press(page, 1, 'publish');
  await page.waitForFunction(() => /The data is not valid JSON .*; nothing was sent\./.test(document.querySelector('[data-testid=notice]')?.textContent ?? ''));
  // wildcard and empty publish subjects; a payload over max_payload
  for (const id of [2, 3, 4]) {
    await press(page, id, 'connect');
    await press(page, id, 'publish');
  }
  await consoleShows(page, 2, 'Publish failed: stan: invalid publish request');
  await consoleShows(page, 3, 'Publish failed: stan: invalid publish request');
  await consoleShows(page, 4, 'Publish failed: NatsError: MAX_PAYLOAD_EXCEEDED');

  // client ids: invalid, empty, duplicate
  await press(page, 5, 'connect');
  await consoleShows(page, 5, 'Error: stan: invalid clientID: only alphanumeric and `-` or `_` characters allowed');
  await press(page, 6, 'connect');
  await consoleShows(page, 6, 'Error: stan: client ID must be supplied');
  await press(page, 7, 'connect');
  await consoleShows(page, 7, 'Connected to NATS');
  await press(page, 8, 'connect');
  await consoleShows(page, 8, 'Error: stan: clientID already registered');

  // subscription options: AckWait not whole seconds, MaxInFlight 0, empty and wildcard subjects
  for (const id of [9, 10, 11, 12]) {
    await press(page, id, 'connect');
    await press(page, id, 'subscribe');
  }
  await consoleShows(page, 9, 'Error: Assertion failed');
  await consoleShows(page, 10, 'Error: stan: invalid MaxInflight, should be >= 1');
  await consoleShows(page, 11, 'Error: stan: subject must be supplied');
  await consoleShows(page, 12, 'Error: stan: invalid subject');

  // the playground carries on: the good listener still works
  await press(page, 7, 'subscribe');
  await consoleShows(page, 7, 'Subscription ready');
  await app.screenshot('badinput-client-messages');
  app.assertNoErrors();
});
