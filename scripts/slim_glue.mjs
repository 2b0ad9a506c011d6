// Trunk post-build hook (Trunk.toml), release builds only: makes the wasm-bindgen glue and the
// wasm's import section smaller without changing what they do, then puts the new integrity
// hashes into index.html.
//   - every import the wasm takes from the glue (`__wbg_addEventListener_847fd86b8c33ec43`,
//     197 of them, each with a 16-digit hash) gets a short name (`$0`, `$1`, ...), the same in
//     the wasm's import section and in the glue's import object;
//   - the glue's closure helpers (`wasm_bindgen__convert__closures_____invoke__h...`, local
//     functions) get short names too, and so do the wasm's exports of the same name, which
//     only the glue calls (`memory` and the `__wbindgen_*` exports keep theirs);
//   - its own helpers (`getStringFromWasm0`, `passStringToWasm0`, `handleError`, ...) get
//     short names, and `const ret = x; return ret;` becomes `return x;`;
//   - the glue loses its comment lines, indentation and blank lines, then goes through
//     terser (e2e/node_modules; local names shortened, its exports and property names kept);
//   - the stylesheets become one file, in the order index.html links them (the same cascade;
//     one gzip stream compresses them better than two).
// Trunk's own minifier leaves the glue as it is. The hook runs on Trunk's staging directory
// after index.html is written and before it becomes dist/; it refuses (exit 1, so the build
// fails) anything it does not recognise rather than ship a half-changed pair.
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { leb } from './lib/leb.mjs';

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) fail('TRUNK_STAGING_DIR is not set (run as a Trunk hook)');

function fail(why) {
  console.error(`slim_glue: ${why}`);
  process.exit(1);
}

function encLeb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return Buffer.from(out);
}

function encName(s) {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([encLeb(b.length), b]);
}

/**
 * The wasm with the entries of section `id` rewritten: `entry(p)` reads the entry at `p` and
 * returns [its new bytes, where the next entry starts, whether it was renamed].
 */
function rewriteSection(wasm, id, what, entry) {
  if (wasm.readUInt32BE(0) !== 0x0061736d) fail('not a wasm file');
  const parts = [wasm.subarray(0, 8)];
  let at = 8;
  let seen = 0;
  while (at < wasm.length) {
    const [size, body] = leb(wasm, at + 1);
    const end = body + size;
    if (wasm[at] !== id) {
      parts.push(wasm.subarray(at, end));
      at = end;
      continue;
    }
    let [n, p] = leb(wasm, body);
    const entries = [encLeb(n)];
    for (let i = 0; i < n; i++) {
      const [bytes, q, renamed] = entry(p);
      if (renamed) seen++;
      entries.push(...bytes);
      p = q;
    }
    if (p !== end) fail(`${what} section not read to its end`);
    const content = Buffer.concat(entries);
    parts.push(Buffer.from([id]), encLeb(content.length), content);
    at = end;
  }
  return { wasm: Buffer.concat(parts), renamed: seen };
}

/** The wasm with its imports from `module` renamed by `rename` (name -> new name or undefined). */
export function renameImports(wasm, module, rename) {
  return rewriteSection(wasm, 2, 'import', (p) => {
    const [mlen, m0] = leb(wasm, p);
    const mod = wasm.toString('utf8', m0, m0 + mlen);
    const [flen, f0] = leb(wasm, m0 + mlen);
    const field = wasm.toString('utf8', f0, f0 + flen);
    const descStart = f0 + flen;
    // The import's kind and type: function (type index), table, memory or global.
    const kind = wasm[descStart];
    let q = descStart + 1;
    if (kind === 0) [, q] = leb(wasm, q);
    else if (kind === 1) {
      q += 1;
      const flags = wasm[q++];
      [, q] = leb(wasm, q);
      if (flags & 1) [, q] = leb(wasm, q);
    } else if (kind === 2) {
      const flags = wasm[q++];
      [, q] = leb(wasm, q);
      if (flags & 1) [, q] = leb(wasm, q);
    } else if (kind === 3) q += 2;
    else fail(`import kind ${kind} not understood`);
    const to = mod === module ? rename(field) : undefined;
    return [[encName(mod), encName(to ?? field), wasm.subarray(descStart, q)], q, to !== undefined];
  });
}

/** The wasm with the exports `rename` names (name -> new name or undefined) renamed. */
export function renameExports(wasm, rename) {
  return rewriteSection(wasm, 7, 'export', (p) => {
    const [len, s0] = leb(wasm, p);
    const name = wasm.toString('utf8', s0, s0 + len);
    const [, q] = leb(wasm, s0 + len + 1);
    const to = rename(name);
    return [[encName(to ?? name), wasm.subarray(s0 + len, q)], q, to !== undefined];
  });
}

/** The glue with comment lines, indentation and blank lines gone. */
export function stripGlue(js) {
  const lines = js.split('\n');
  // A template literal spanning lines would have its text changed: refuse.
  if (lines.some((l) => (l.match(/`/g) ?? []).length % 2 === 1 && !/^\s*\/\//.test(l))) {
    fail('a template literal spans lines');
  }
  if (js.includes('/*')) fail('a block comment (or "/*" in a string)');
  return lines
    .filter((l) => !/^\s*\/\//.test(l))
    .map((l) => l.replace(/^\s+/, ''))
    .filter((l) => l.length > 0)
    .join('\n');
}

function sri(buf) {
  return 'sha384-' + crypto.createHash('sha384').update(buf).digest('base64');
}

/** The stylesheets linked by index.html as one (the first), their links as one. */
function mergeStylesheets(html) {
  const link = /<link href="?\.\/([\w.-]+\.css)"? integrity="?(sha384-[A-Za-z0-9+/=]+)"? rel="?stylesheet"?>/g;
  const links = [...html.matchAll(link)];
  if (links.length < 2) return html;
  const css = links.map((m) => {
    const text = fs.readFileSync(path.join(dir, m[1]), 'utf8');
    if (/@import|@charset/.test(text)) fail(`${m[1]} has an @import or @charset rule`);
    if (sri(Buffer.from(text, 'utf8')) !== m[2]) fail(`${m[1]} does not match its integrity hash`);
    return text;
  });
  const merged = Buffer.from(css.join('\n'), 'utf8');
  fs.writeFileSync(path.join(dir, links[0][1]), merged);
  for (const m of links.slice(1)) fs.rmSync(path.join(dir, m[1]));
  let first = true;
  return html.replace(link, (whole, file, hash) => {
    if (!first) return '';
    first = false;
    return whole.replace(hash, sri(merged));
  });
}

async function main() {
  const files = fs.readdirSync(dir);
  const wasmFile = files.find((f) => f.endsWith('_bg.wasm'));
  if (!wasmFile) fail(`no *_bg.wasm in ${dir}`);
  const jsFile = wasmFile.replace(/_bg\.wasm$/, '.js');
  if (!files.includes(jsFile)) fail(`no ${jsFile} next to ${wasmFile}`);
  const htmlFile = path.join(dir, 'index.html');
  let js = fs.readFileSync(path.join(dir, jsFile), 'utf8');
  const wasm = fs.readFileSync(path.join(dir, wasmFile));

  const module = js.match(/"(\.\/[^"]+_bg\.js)": import0,/)?.[1];
  if (!module) fail('the glue has no import object for the wasm');
  if (/\$[0-9a-z]+\b/.test(js.replace(/`[^`]*`/g, ''))) fail('the glue already has $-names');

  // Imports: every key of the import object the wasm names.
  const short = new Map();
  const rename = (field) => {
    if (!/^__wb[a-z]*_[A-Za-z0-9_]+$/.test(field)) return undefined;
    if (!short.has(field)) short.set(field, '$' + short.size.toString(36));
    return short.get(field);
  };
  const out = { ...renameImports(wasm, module, rename) };
  for (const [from, to] of short) {
    const key = new RegExp(`^(\\s*)${from}: function`, 'm');
    if (!key.test(js)) fail(`import ${from} is not a key of the glue's import object`);
    js = js.replace(key, (_, indent) => `${indent}${to}: function`);
    if (new RegExp(`\\b${from}\\b`).test(js)) fail(`${from} is used elsewhere in the glue`);
  }
  // The glue's own helpers, declared at its top level: short names where every use is a
  // plain identifier (not a property, a key or inside a string).
  function shortenHelpers() {
    const wanted = /^(?:\w+0|handleError|isLikeNone|debugString|makeMutClosure|makeClosure|decodeText|CLOSURE_DTORS|WASM_VECTOR_LEN|cachedTextDecoder|cachedTextEncoder|MAX_SAFE_ARRAY_LENGTH|numBytesDecoded)$/;
    let n = 0;
    for (const m of js.matchAll(/^(?:function|let|const) ([A-Za-z_][\w]*)/gm)) {
      const name = m[1];
      if (!wanted.test(name)) continue;
      const uses = [...js.matchAll(new RegExp(`(.)${name}\\b(.?)`, 'g'))];
      const plain = uses.every(([, before, after]) => !/[\w.$'"`]/.test(before) && !/[:'"`]/.test(after));
      if (!plain) continue;
      const short = `$g${(n++).toString(36)}`;
      js = js.replace(new RegExp(`(?<![\\w.$])${name}\\b`, 'g'), () => short);
    }
    return n;
  }

  // Closure helpers: local functions, called by name; `wasm.<name>` is the export and stays.
  const helpers = new Map();
  js = js.replace(/(?<![\w.])wasm_bindgen__convert__closures_+invoke__h[0-9a-f]{16}(?:_\d+)?\b/g, (name) => {
    if (!helpers.has(name)) helpers.set(name, '$h' + helpers.size.toString(36));
    return helpers.get(name);
  });
  // The same names as exports of the wasm, called from the glue as `wasm.<name>`.
  const exported = new Map();
  const withExports = renameExports(out.wasm, (name) => {
    if (!/^wasm_bindgen__convert__closures_+invoke__h[0-9a-f]{16}(?:_\d+)?$/.test(name)) return undefined;
    if (!exported.has(name)) exported.set(name, '$x' + exported.size.toString(36));
    return exported.get(name);
  });
  for (const [from, to] of exported) {
    const use = new RegExp(`\\bwasm\\.${from}\\b`, 'g');
    if (!use.test(js)) fail(`export ${from} is not called by the glue`);
    js = js.replace(use, () => `wasm.${to}`);
    if (new RegExp(`\\b${from}\\b`).test(js)) fail(`export ${from} is used otherwise in the glue`);
  }
  out.wasm = withExports.wasm;
  const renamedHelpers = shortenHelpers();
  js = js.replace(/^(\s*)const ret = ([^\n]*);\n\s*return ret;$/gm, (_, indent, x) => `${indent}return ${x};`);
  js = stripGlue(js);
  let terser;
  try {
    terser = createRequire(new URL('../e2e/package.json', import.meta.url))('terser');
  } catch (e) {
    fail(`terser is missing (npm ci in e2e/): ${e.message}`);
  }
  const small = await terser.minify(js, { module: true, ecma: 2020, compress: { passes: 2 }, format: { comments: false } });
  if (typeof small.code !== 'string' || !small.code) fail('terser gave no code');
  js = small.code;

  fs.writeFileSync(path.join(dir, wasmFile), out.wasm);
  fs.writeFileSync(path.join(dir, jsFile), js);
  let html = fs.readFileSync(htmlFile, 'utf8');
  for (const [file, buf] of [
    [jsFile, Buffer.from(js, 'utf8')],
    [wasmFile, out.wasm],
  ]) {
    const at = new RegExp(`(href="?\\.?/?${file.replace(/[.]/g, '\\.')}"?[^>]*?integrity="?)sha384-[A-Za-z0-9+/=]+`);
    if (!at.test(html)) fail(`index.html has no integrity hash for ${file}`);
    html = html.replace(at, (_, before) => before + sri(buf));
  }
  html = mergeStylesheets(html);
  fs.writeFileSync(htmlFile, html);
  console.log(
    `slim_glue: ${out.renamed} imports, ${exported.size} exports, ${helpers.size} closure helpers and ${renamedHelpers} glue helpers renamed; glue ${js.length} B, wasm ${out.wasm.length} B`,
  );
}

main().catch((e) => fail(`${e.message ?? e}`));
