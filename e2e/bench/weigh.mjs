// What weighs in the wasm: reads a wasm file that still has its name section (the release
// build through wasm-bindgen and `wasm-opt -Oz -g`, so the code is the shipped code) and
// sums the size of every function body and data segment by the crate (or, for this crate,
// the module) its name starts with. Prints JSON on stdout. Run by scripts/bench.sh:
//   node e2e/bench/weigh.mjs target/bench/named.wasm
import fs from 'node:fs';
import zlib from 'node:zlib';
import { leb } from '../../scripts/lib/leb.mjs';

function str(buf, at) {
  const [len, p] = leb(buf, at);
  return [buf.toString('utf8', p, p + len), p + len];
}

/** Function bodies (index, bytes) and data segments (index, bytes), with their names. */
export function parse(buf) {
  const funcs = [];
  const data = [];
  const funcNames = new Map();
  const dataNames = new Map();
  let imported = 0;
  let at = 8;
  while (at < buf.length) {
    const id = buf[at];
    const [size, body] = leb(buf, at + 1);
    const end = body + size;
    if (id === 2) {
      let [n, p] = leb(buf, body);
      for (let i = 0; i < n; i++) {
        [, p] = str(buf, p);
        [, p] = str(buf, p);
        const kind = buf[p++];
        if (kind === 0) {
          [, p] = leb(buf, p);
          imported++;
        } else if (kind === 1) {
          p += 1;
          const flags = buf[p++];
          [, p] = leb(buf, p);
          if (flags & 1) [, p] = leb(buf, p);
        } else if (kind === 2) {
          const flags = buf[p++];
          [, p] = leb(buf, p);
          if (flags & 1) [, p] = leb(buf, p);
        } else if (kind === 3) {
          p += 2;
        } else {
          [, p] = leb(buf, p + 1);
        }
      }
    } else if (id === 10) {
      let [n, p] = leb(buf, body);
      for (let i = 0; i < n; i++) {
        const [len, q] = leb(buf, p);
        funcs.push({ index: imported + i, bytes: buf.subarray(q, q + len) });
        p = q + len;
      }
    } else if (id === 11) {
      let [n, p] = leb(buf, body);
      for (let i = 0; i < n; i++) {
        let flags;
        [flags, p] = leb(buf, p);
        if (flags === 2) [, p] = leb(buf, p);
        if (flags !== 1) {
          while (buf[p] !== 0x0b) p++; // the offset expression
          p++;
        }
        const [len, q] = leb(buf, p);
        data.push({ index: i, bytes: buf.subarray(q, q + len) });
        p = q + len;
      }
    } else if (id === 0) {
      const [name, p0] = str(buf, body);
      if (name === 'name') {
        let p = p0;
        while (p < end) {
          const sub = buf[p];
          const [len, q] = leb(buf, p + 1);
          if (sub === 1 || sub === 9) {
            let [n, r] = leb(buf, q);
            for (let i = 0; i < n; i++) {
              let idx;
              let nm;
              [idx, r] = leb(buf, r);
              [nm, r] = str(buf, r);
              (sub === 1 ? funcNames : dataNames).set(idx, nm);
            }
          }
          p = q + len;
        }
      }
    }
    at = end;
  }
  for (const f of funcs) f.name = funcNames.get(f.index) ?? '';
  for (const d of data) d.name = dataNames.get(d.index) ?? '';
  return { funcs, data };
}

/** The group a function belongs to: the first crate its name mentions (modules of ours). */
export function group(name) {
  const ours = name.match(/nats_playground::([a-z_]+)(?:::([a-z_]+))?/);
  const first = name.match(/([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/);
  if (ours && (!first || first.index >= ours.index || first[1] === 'nats_playground')) {
    return `nats_playground::${ours[1]}`;
  }
  if (!first) return name.startsWith('__') || name === '' ? 'runtime and glue' : 'other';
  const crate = first[1];
  if (['core', 'alloc', 'std', 'compiler_builtins', 'dlmalloc', 'hashbrown'].includes(crate)) return 'std (core, alloc, hashbrown, dlmalloc)';
  if (['serde', 'serde_core', 'serde_json', 'indexmap', 'zmij', 'itoa'].includes(crate)) return 'serde, serde_json';
  if (['wasm_bindgen', 'js_sys', 'web_sys', 'gloo_timers', 'gloo', 'wasm_bindgen_futures'].includes(crate)) return 'wasm-bindgen, web-sys, js-sys';
  if (['yew', 'implicit_clone', 'gloo_utils', 'gloo_events', 'prokio', 'slab', 'tracing', 'html_escape'].includes(crate)) return 'yew';
  return crate;
}

const file = process.argv[2];
if (file) {
  const buf = fs.readFileSync(file);
  const { funcs, data } = parse(buf);
  const groups = new Map();
  const add = (g, bytes) => {
    const e = groups.get(g) ?? { raw: 0, parts: [] };
    e.raw += bytes.length;
    e.parts.push(bytes);
    groups.set(g, e);
  };
  for (const f of funcs) add(group(f.name), f.bytes);
  for (const d of data) {
    const lessons = d.bytes.indexOf('"id": "event-bus"') >= 0;
    add(lessons ? 'data: lesson files (JSON)' : 'data: strings and tables', d.bytes);
  }
  const total = [...groups.values()].reduce((s, g) => s + g.raw, 0);
  const rows = [...groups.entries()]
    .map(([name, g]) => ({
      name,
      raw: g.raw,
      share: +((100 * g.raw) / total).toFixed(1),
      // gzip of the group's bytes on their own: an upper bound of what it adds to the download
      gzip_alone: zlib.gzipSync(Buffer.concat(g.parts), { level: 9 }).length,
    }))
    .sort((a, b) => b.raw - a.raw);
  const biggest = funcs
    .map((f) => ({ name: f.name.replace(/::h[0-9a-f]{16}$/, ''), raw: f.bytes.length }))
    .sort((a, b) => b.raw - a.raw)
    .slice(0, 12);
  console.log(JSON.stringify({ total_raw: total, groups: rows, biggest_functions: biggest }, null, 2));
}
