// The canvas exported as the course's nats-test project:
// - `cargo run --example export_projects` writes the project of every lesson's setup, every
//   lesson once done, a canvas with every option and one with hostile texts in every field;
// - the app's own Export > nats-test project, for canvases opened from a link, gives the
//   very same bytes;
// - every zip unpacks (signatures and CRC-32 checked) to exactly the expected files;
// - the packages are installed from npm once (cached under target/export-check/npm-HASH)
//   and every project type-checks with `tsc --noEmit`;
// - each panel's file, read back with the TypeScript parser, says exactly what the panel
//   says (cluster and client id, subject, queue group, ack mode, AckWait, MaxInFlight,
//   start position, durable name, data, graceful shutdown) and calls nothing else.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { BASE_URL, REPO, openApp, shareFragment } from '../lib/app.mjs';

const WORK = path.join(REPO, 'target', 'export-check');
const OUT = path.join(WORK, 'out');
const PROJECTS = path.join(WORK, 'projects');

function crc32(buf) {
  let crc = ~0;
  for (const b of buf) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** The files of a stored (uncompressed) zip, read through its central directory. */
function unzip(buf) {
  const eocd = buf.length - 22;
  assert.equal(buf.readUInt32LE(eocd), 0x06054b50, 'end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const [method, crc, size] = [buf.readUInt16LE(at + 10), buf.readUInt32LE(at + 16), buf.readUInt32LE(at + 24)];
    const nameLen = buf.readUInt16LE(at + 28);
    const offset = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    assert.equal(method, 0, `${name}: stored`);
    assert.equal(buf.readUInt32LE(offset), 0x04034b50, `${name}: local header`);
    const localName = buf.subarray(offset + 30, offset + 30 + buf.readUInt16LE(offset + 26)).toString('utf8');
    assert.equal(localName, name);
    const start = offset + 30 + nameLen + buf.readUInt16LE(offset + 28);
    const data = buf.subarray(start, start + size);
    assert.equal(crc32(data), crc, `${name}: CRC-32`);
    files.set(name, data);
    at += 46 + nameLen + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return files;
}

// ---- 1. the projects, from the model and from the app ----

const manifest = (() => {
  fs.rmSync(OUT, { recursive: true, force: true });
  execFileSync('cargo', ['run', '--quiet', '--example', 'export_projects', '--', OUT], {
    cwd: REPO,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return JSON.parse(fs.readFileSync(path.join(OUT, 'manifest.json'), 'utf8'));
})();

test('the app exports the same project bytes as the model for the canvas it shows', async (t) => {
  for (const name of ['lesson-queue-groups', 'every-option', 'hostile']) {
    const saved = fs.readFileSync(path.join(OUT, `${name}.saved.json`), 'utf8');
    const app = await openApp(null, { url: `${BASE_URL}#${shareFragment(saved)}` });
    try {
      const { page } = app;
      await page.waitForSelector('[data-testid=panel-1]');
      await page.click('[data-testid=export]');
      await app.screenshot(`export-project-${name}`);
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-project]')]);
      assert.equal(dl.suggestedFilename(), 'nats-test.zip');
      const got = fs.readFileSync(await dl.path());
      fs.writeFileSync(path.join(WORK, `app-${name}.zip`), got);
      const want = fs.readFileSync(path.join(OUT, `${name}.zip`));
      assert.ok(got.equals(want), `${name}: the app's zip differs from the model's (see target/export-check/app-${name}.zip)`);
      app.assertNoErrors();
    } finally {
      await app.context.close();
    }
  }
});

// ---- 2. unpack, install once, type-check ----

const DEPS = {
  '@types/node': '^20.19.0',
  'node-nats-streaming': '0.3.2',
  'ts-node-dev': '^2.0.0',
  typescript: '^5.9.3',
};
const NPM = path.join(WORK, `npm-${crypto.createHash('sha256').update(JSON.stringify(DEPS)).digest('hex').slice(0, 12)}`);

function install() {
  const marker = path.join(NPM, 'node_modules', '.installed');
  if (fs.existsSync(marker)) return;
  fs.rmSync(NPM, { recursive: true, force: true });
  fs.mkdirSync(NPM, { recursive: true });
  fs.writeFileSync(path.join(NPM, 'package.json'), JSON.stringify({ name: 'export-check', private: true, dependencies: DEPS }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: NPM, stdio: 'inherit' });
  fs.writeFileSync(marker, '');
}

const unpacked = [];

test('every project unpacks to its files, and its package.json has one script per panel', () => {
  fs.rmSync(PROJECTS, { recursive: true, force: true });
  assert.ok(manifest.length >= 30, `${manifest.length} projects`);
  assert.ok(manifest.some((m) => m.name === 'hostile') && manifest.some((m) => m.name === 'lesson-event-bus'));
  for (const m of manifest) {
    const files = unzip(fs.readFileSync(path.join(OUT, m.zip)));
    const names = [...files.keys()].sort();
    const want = ['package.json', 'tsconfig.json', 'README.md', 'infra/k8s/nats-depl.yaml', ...m.panels.map((p) => p.file)]
      .map((f) => `nats-test/${f}`)
      .sort();
    assert.deepEqual(names, want, m.name);
    const dir = path.join(PROJECTS, m.name);
    for (const [name, data] of files) {
      const to = path.join(dir, path.relative('nats-test', name));
      assert.ok(to.startsWith(dir + path.sep), `${m.name}: ${name} stays inside the project`);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.writeFileSync(to, data);
    }
    const pkg = JSON.parse(files.get('nats-test/package.json'));
    assert.deepEqual(pkg.dependencies, DEPS, m.name);
    assert.deepEqual(
      pkg.scripts,
      Object.fromEntries(m.panels.map((p) => [p.script, `ts-node-dev --notify false ${p.file}`])),
      m.name,
    );
    const readme = files.get('nats-test/README.md').toString();
    assert.match(readme, /kubectl port-forward \S+ 4222:4222/, m.name);
    for (const p of m.panels) assert.ok(readme.includes(`npm run ${p.script} `), `${m.name}: README runs ${p.script}`);
    const yaml = files.get('nats-test/infra/k8s/nats-depl.yaml').toString();
    assert.match(yaml, /image: nats-streaming:0\.17\.0/, m.name);
    unpacked.push({ ...m, dir });
  }
});

test('the packages install from npm once and every project type-checks with tsc --noEmit', { timeout: 600000 }, () => {
  assert.ok(unpacked.length > 0);
  install();
  const tsc = path.join(NPM, 'node_modules', 'typescript', 'bin', 'tsc');
  const tscRun = (args) => {
    try {
      execFileSync(process.execPath, [tsc, ...args], { encoding: 'utf8' });
    } catch (e) {
      assert.fail(`tsc ${args.join(' ')}:\n${e.stdout}${e.stderr}`);
    }
  };
  const tsconfig = fs.readFileSync(path.join(unpacked[0].dir, 'tsconfig.json'), 'utf8');
  for (const m of unpacked) {
    fs.symlinkSync(path.join(NPM, 'node_modules'), path.join(m.dir, 'node_modules'), 'dir');
    assert.equal(fs.readFileSync(path.join(m.dir, 'tsconfig.json'), 'utf8'), tsconfig, m.name);
  }
  // One project exactly as a learner would check it...
  tscRun(['--noEmit', '-p', unpacked[0].dir]);
  // ...and all of them in one program (the tsconfig files are identical): one compiler start.
  // (Inside the first project, so that its node_modules/@types is found.)
  const all = path.join(unpacked[0].dir, 'tsconfig.all.json');
  fs.writeFileSync(
    all,
    JSON.stringify({
      extends: './tsconfig.json',
      compilerOptions: { noEmit: true },
      files: unpacked.flatMap((m) => m.panels.map((p) => path.join(m.dir, p.file))),
    }),
  );
  tscRun(['-p', all]);
});

// ---- 3. each file says what its panel says, and nothing more ----

/** Names a generated file may use; anything else (require, execSync, evil...) is injected. */
const NAMES = new Set(
  ('nats Message randomBytes stan connect url on log console subscriptionOptions setManualAckMode setAckWait ' +
    'setMaxInFlight setDeliverAllAvailable setStartWithLastReceived setStartAtSequence setStartAtTimeDelta ' +
    'setDurableName options subscription subscribe msg data getData getSequence getRedeliveryCount ack JSON ' +
    'stringify publish err error setInterval setTimeout process close exit toString deliveries Map get set seen').split(' '),
);

test('each panel file holds exactly its panel options and calls nothing else', () => {
  assert.ok(unpacked.length > 0);
  const ts = createRequire(path.join(NPM, 'package.json'))('typescript');
  const K = ts.SyntaxKind;
  const str = (n) => {
    assert.ok(n && (n.kind === K.StringLiteral || n.kind === K.NoSubstitutionTemplateLiteral), `a string literal, got ${n && K[n.kind]}`);
    return n.text;
  };
  /** The value of a JSON-like literal tree (nothing else is allowed inside). */
  const literal = (n) => {
    switch (n.kind) {
      case K.StringLiteral: return n.text;
      case K.NumericLiteral: return Number(n.text);
      case K.PrefixUnaryExpression:
        assert.equal(n.operator, K.MinusToken);
        return -literal(n.operand);
      case K.TrueKeyword: return true;
      case K.FalseKeyword: return false;
      case K.NullKeyword: return null;
      case K.ArrayLiteralExpression: return n.elements.map(literal);
      case K.ObjectLiteralExpression:
        return Object.fromEntries(n.properties.map((p) => {
          assert.equal(p.kind, K.PropertyAssignment);
          return [str(p.name), literal(p.initializer)];
        }));
      default: assert.fail(`not a JSON literal: ${K[n.kind]}`);
    }
  };
  let checked = 0;
  for (const m of unpacked) {
    for (const p of m.panels) {
      const where = `${m.name}/${p.file}`;
      const src = ts.createSourceFile(p.file, fs.readFileSync(path.join(m.dir, p.file), 'utf8'), ts.ScriptTarget.ES2019, true);
      assert.equal(src.parseDiagnostics.length, 0, where);
      const calls = [];
      const identifiers = [];
      let dataInit = null;
      let optionsInit = null;
      (function walk(n) {
        if (n.kind === K.Identifier) identifiers.push(n.text);
        if (n.kind === K.CallExpression) calls.push(n);
        if (n.kind === K.VariableDeclaration && n.name.text === 'data' && n.initializer.kind !== K.CallExpression) dataInit = n.initializer;
        if (n.kind === K.VariableDeclaration && n.name.text === 'data' && n.initializer.kind === K.CallExpression && n.initializer.expression.getText() === 'JSON.stringify') dataInit = n.initializer;
        if (n.kind === K.VariableDeclaration && n.name.text === 'options') optionsInit = n.initializer;
        ts.forEachChild(n, walk);
      })(src);
      const stray = identifiers.filter((i) => !NAMES.has(i));
      assert.deepEqual(stray, [], `${where}: names nobody asked for`);
      const named = (name) => calls.filter((c) => c.expression.kind === K.PropertyAccessExpression && c.expression.getText().replace(/\s+/g, '') === name);
      // Statements: the imports, the connection, its 'connect' handler, two signal handlers.
      const kind = (s) => (ts.isImportDeclaration(s) ? 'import' : ts.isVariableStatement(s) ? 'const' : ts.isExpressionStatement(s) ? 'expression' : K[s.kind]);
      const top = src.statements.map(kind);
      const imports = p.client_id === null ? 2 : 1;
      assert.deepEqual(top, [...Array(imports).fill('import'), 'const', 'expression', 'expression', 'expression'], where);
      const [connect] = named('nats.connect');
      assert.equal(str(connect.arguments[0]), p.cluster_id, `${where}: cluster id`);
      if (p.client_id === null) {
        assert.equal(connect.arguments[1].getText(), "randomBytes(4).toString('hex')", `${where}: random client id`);
      } else {
        assert.equal(str(connect.arguments[1]), p.client_id, `${where}: client id`);
      }
      const signals = named('process.on').map((c) => [str(c.arguments[0]), c.arguments[1].getText()]);
      assert.deepEqual(signals, [['SIGINT', '() => stan.close()'], ['SIGTERM', '() => stan.close()']], `${where}: graceful shutdown`);
      if (p.kind === 'publisher') {
        const [pub] = named('stan.publish');
        assert.equal(str(pub.arguments[0]), p.subject, `${where}: subject`);
        assert.equal(pub.arguments[1].getText(), 'data');
        assert.ok(dataInit, `${where}: the data`);
        if ('data_json' in p) {
          assert.equal(dataInit.kind, K.CallExpression, `${where}: JSON.stringify(...)`);
          assert.equal(dataInit.arguments.length, 1);
          assert.deepEqual(literal(dataInit.arguments[0]), p.data_json, `${where}: data`);
        } else {
          assert.equal(str(dataInit), p.data_text, `${where}: data text`);
        }
        const timers = calls.filter((c) => c.expression.getText() === 'setInterval');
        assert.deepEqual(timers.map((c) => Number(c.arguments[1].text)), p.every_ms > 0 ? [p.every_ms] : [], `${where}: every`);
      } else {
        assert.ok(optionsInit, `${where}: options`);
        const chain = [];
        for (let n = optionsInit; n.kind === K.CallExpression; n = n.expression.expression) {
          chain.unshift([n.expression.name.text, n.arguments.map((a) => (a.kind === K.StringLiteral ? a.text : a.getText()))]);
        }
        const want = [['subscriptionOptions', []]];
        if (p.manual_ack) want.push(['setManualAckMode', ['true']]);
        if (p.ack_wait_ms !== 30000) want.push(['setAckWait', [String(p.ack_wait_ms)]]);
        if (p.max_in_flight !== null) want.push(['setMaxInFlight', [String(p.max_in_flight)]]);
        if (p.start !== 'new_only') want.push([p.start, p.start_at === null ? [] : [String(p.start_at)]]);
        if (p.durable_name !== null) want.push(['setDurableName', [p.durable_name]]);
        assert.deepEqual(chain, want, `${where}: subscription options`);
        const [sub] = named('stan.subscribe');
        const args = sub.arguments;
        assert.equal(str(args[0]), p.subject, `${where}: subject`);
        if (p.queue_group === null) {
          assert.equal(args.length, 2, `${where}: no queue group`);
        } else {
          assert.equal(str(args[1]), p.queue_group, `${where}: queue group`);
        }
        assert.equal(args[args.length - 1].getText(), 'options');
        assert.equal(named('msg.ack').length > 0, p.acks_in_code, `${where}: acks in code`);
        assert.equal(named('stan.on').filter((c) => str(c.arguments[0]) === 'close').length, 1, `${where}: 'close' handler`);
      }
      checked++;
    }
  }
  assert.ok(checked >= 60, `${checked} panel files checked`);
});
