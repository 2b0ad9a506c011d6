// E2E runner: serves the release build (../dist by default) under /nats-playground/,
// runs every tests/*.test.mjs with node's built-in test runner (spec output), and
// ends with one plain line: `e2e: N passed, M failed`. Exit status 1 on any failure.
//
//   node e2e/run.mjs                      # needs dist/ from `trunk build --release`
//   E2E_DIST=path/to/dist node e2e/run.mjs
//   E2E_BASE_URL=http://127.0.0.1:8080/ node e2e/run.mjs   # against a running server
//   node e2e/run.mjs tests/shell.test.mjs # only some files
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { fileURLToPath } from 'node:url';
import { serveDist } from './lib/server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TESTS = path.join(HERE, 'tests');

const files = process.argv.length > 2
  ? process.argv.slice(2).map((f) => path.resolve(f))
  : fs.readdirSync(TESTS).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => path.join(TESTS, f));

let server = null;
if (!process.env.E2E_BASE_URL) {
  server = await serveDist(process.env.E2E_DIST ?? path.join(HERE, '..', 'dist'));
  process.env.E2E_BASE_URL = server.baseUrl; // inherited by the test processes
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => server.stop().finally(() => process.exit(128 + os.constants.signals[sig])));
  }
}
console.log(`e2e: ${files.length} file(s) against ${process.env.E2E_BASE_URL}`);

let passed = 0;
let failed = 0;
// Same counting as node's own summary: every test and subtest, not describe() suites.
// A file that fails to load is reported as one failing test.
const stream = run({ files, concurrency: 1, timeout: 120000 });
stream.on('test:pass', (d) => { if (d.details?.type !== 'suite') passed++; });
stream.on('test:fail', (d) => { if (d.details?.type !== 'suite') failed++; });
await new Promise((resolve, reject) => {
  const out = stream.compose(spec).pipe(process.stdout, { end: false });
  out.on('error', reject);
  stream.on('end', resolve);
  stream.on('close', resolve);
});
if (server) await server.stop();
if (failed > 0 || passed === 0) process.exitCode = 1;
console.log(`e2e: ${passed} passed, ${failed} failed`);
