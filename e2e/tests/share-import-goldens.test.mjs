// Every golden scenario (tests/golden/*.scenario.json), imported in the browser through the
// Import button's file input and played to its end_ms, delivers the same events as the
// headless runner (`cargo run --release --bin scenario -- run FILE`, the model): per
// subscription, the same list of (seq, redelivered).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { openApp, REPO } from '../lib/app.mjs';

const GOLDEN = path.join(REPO, 'tests', 'golden');
const FILES = fs
  .readdirSync(GOLDEN)
  .filter((f) => f.endsWith('.scenario.json'))
  .sort();

/** Per subscription (client/sub): the deliveries up to end_ms, as "seq" or "seq↻". */
function deliveries(lines, endMs) {
  const out = {};
  for (const e of lines) {
    if (e.ev !== 'deliver' || e.t > endMs) continue;
    (out[`${e.client}/${e.sub}`] ??= []).push(`${e.seq}${e.redelivered ? '↻' : ''}`);
  }
  return out;
}

function parseLines(text) {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

const expected = {};

before(
  () => {
    for (const f of FILES) {
      const file = path.join(GOLDEN, f);
      const out = execFileSync(
        'cargo',
        ['run', '--release', '--quiet', '--bin', 'scenario', '--', 'run', file],
        { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const endMs = JSON.parse(fs.readFileSync(file, 'utf8')).end_ms;
      expected[f] = { endMs, deliveries: deliveries(parseLines(out), endMs) };
    }
  },
  { timeout: 900000 },
);

async function exportTrace(page) {
  await page.click('[data-testid=export]');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-trace]')]);
  return fs.readFileSync(await dl.path(), 'utf8');
}

test('every golden scenario imported in the browser plays to the headless runner\'s deliveries', async (t) => {
  assert.equal(FILES.length, 12);
  const app = await openApp(t);
  const { page } = app;
  for (const f of FILES) {
    const { endMs, deliveries: want } = expected[f];
    await page.setInputFiles('[data-testid=import-file]', path.join(GOLDEN, f));
    await page.waitForFunction(
      (f) => document.querySelector('[data-testid=notice]')?.textContent.includes(`Opened “${f}”`),
      f,
    );
    // paused at 0 after an import; run at 10x to the end
    assert.equal(await page.getAttribute('[data-testid=play]', 'aria-pressed'), 'false');
    assert.equal(await page.getAttribute('[data-testid=clock]', 'data-ms'), '0');
    await page.$eval('[data-testid=speed]', (el) => {
      el.value = '1';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.click('[data-testid=play]');
    await page.waitForFunction(
      (end) => Number(document.querySelector('[data-testid=clock]')?.dataset.ms) >= end,
      endMs,
      { timeout: 30000 },
    );
    await page.click('[data-testid=play]');
    const got = deliveries(parseLines(await exportTrace(page)), endMs);
    assert.deepEqual(got, want, `${f}: deliveries per subscription`);
    t.diagnostic(`${f}: ${Object.values(want).flat().length} deliveries match`);
    if (f.startsWith('queue-member-killed')) await app.screenshot('share-import-golden');
  }
  app.assertNoErrors();
});
