// Writes BENCHMARKS.md (on stdout) from what scripts/bench.sh measured.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from '../lib/app.mjs';
import { soakSection } from './soak-report.mjs';

const T = (p) => path.join(REPO, 'target', p);
const read = (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '');
const estimate = (dir) => {
  const f = T(`criterion/${dir}/new/estimates.json`);
  return fs.existsSync(f) ? JSON.parse(read(f)).mean.point_estimate : NaN; // ns
};
const sh = (cmd) => {
  try {
    return execSync(cmd, { encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
};
const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a');
const verdict = (ok) => (ok ? 'met' : '**missed**');

const cycle = estimate('publish_deliver_ack/queue4_plain2');
const per = [1000, 100000, 1000000].map((n) => [n, estimate(`cycle_with_stored_messages/${n}`)]);
const simNative = estimate('sim/ten_minutes_at_100_msgs_per_s') / 1e6;
const wasm = Number((read(T('bench/wasm-sim.log')).match(/wasm_sim_10min_100mps_ms=(\d+)/) ?? [])[1]);
const bundle = read(T('bench/bundle.txt')).trim().split('\n').filter(Boolean).map((l) => l.split(' '));
const gz = bundle.reduce((s, [, , g]) => s + Number(g), 0);
const raw = bundle.reduce((s, [, r]) => s + Number(r), 0);
const lessons = read(T('bench/lessons.txt')).trim().split('\n').filter(Boolean).map((l) => l.split(' '));
const lessonsGz = lessons.reduce((s, [, , g]) => s + Number(g), 0);
const lessonsMax = lessons.reduce((m, [, , g]) => Math.max(m, Number(g)), 0);
let weigh = {};
try {
  weigh = JSON.parse(read(T('bench/weigh.json')));
} catch {
  weigh = {};
}
let memory = {};
try {
  memory = JSON.parse(read(T('bench/memory.json')));
} catch {
  memory = {};
}
let browser = {};
try {
  browser = JSON.parse(read(T('bench/browser.json')));
} catch {
  browser = {};
}
const load = browser.load?.first_render_ms;
const p95 = browser.frames?.p95_ms;
const work = browser.frame_work ?? {};
const free = browser.frames_unthrottled ?? {};
const ratio = per[2][1] / per[0][1];

const cpu = (read('/proc/cpuinfo').match(/model name\s*:\s*(.+)/) ?? [])[1] ?? os.cpus()[0]?.model ?? '?';
const lines = [];
lines.push('# Benchmarks', '');
lines.push('Written by `scripts/bench.sh` (one command: it runs every measurement below and rewrites this file).');
lines.push('Budgets are goals checked by measurement, never by timed tests.', '');
lines.push(`Machine: ${os.cpus().length} cores (${cpu}), ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM, ${sh('rustc --version')}, ${sh('chromium --version 2>/dev/null')}. Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`, '');
lines.push('| figure | measured | budget | |', '| --- | --- | --- | --- |');
lines.push(`| broker: publish → deliver → ack cycles per second (queue group of 4 + 2 plain listeners) | ${fmt(1e9 / cycle)} /s (${fmt(cycle)} ns per cycle) | ≥ 2,000,000 /s | ${verdict(1e9 / cycle >= 2e6)} |`);
for (const [n, ns] of per) lines.push(`| broker: cost per cycle with ${fmt(n)} messages stored | ${fmt(ns)} ns | | |`);
lines.push(`| broker: cost with 10^6 stored / cost with 10^3 | ${fmt(ratio, 2)}× | ≤ 1.5× | ${verdict(ratio <= 1.5)} |`);
const heapGrowth = memory.heap_bytes_max / memory.heap_bytes_at_100k;
lines.push(`| broker heap over ${fmt(memory.cycles)} cycles with \`-mm ${fmt(memory.max_msgs)}\` (counting allocator; ${fmt(memory.stored_msgs)} messages stored at the end) | ${fmt(memory.heap_bytes_at_100k / 1024)} KB after 100,000 cycles, at most ${fmt(memory.heap_bytes_max / 1024)} KB | bounded by the store limits | ${verdict(memory.stored_msgs <= memory.max_msgs && heapGrowth < 1.01)} |`);
lines.push(`| simulation, native: 10 min of virtual time at 100 msg/s (acks, some redeliveries) | ${fmt(simNative)} ms | | |`);
lines.push(`| simulation in headless Chromium (wasm, release): the same workload | ${fmt(wasm)} ms | ≤ 1,000 ms | ${verdict(wasm <= 1000)} |`);
lines.push(`| release bundle, wasm + js + css | ${fmt(gz / 1024, 1)} KB gzip (${fmt(gz)} B; ${fmt(raw / 1024, 1)} KB raw) | ≤ 300 KB gzip (KB = 1,024 B) | ${verdict(gz <= 300 * 1024)} |`);
lines.push(`| lesson files, fetched when a lesson opens (not in the bundle) | ${lessons.length} files, ${fmt(lessonsGz / 1024, 1)} KB gzip in all, largest ${fmt(lessonsMax / 1024, 1)} KB | | |`);
lines.push(`| first render after navigation, cold cache (median of 5) | ${fmt(load)} ms | ≤ 500 ms | ${verdict(load <= 500)} |`);
lines.push(`| frame time, 12 panels and 50 msg/s, 95th percentile (${browser.frames?.frames ?? '?'} frames over 5 s; ${browser.frames?.long_frames ?? '?'} longer than 25 ms) | ${fmt(p95, 2)} ms (median ${fmt(browser.frames?.p50_ms, 2)} ms, max ${fmt(browser.frames?.max_ms, 2)} ms) | ≤ 16.7 ms | ${verdict(p95 <= 16.7)} |`);
lines.push(`| main-thread work per frame, same load (script, render, style, layout, paint) | median ${fmt(work.work_p50_ms, 1)} ms, 95th percentile ${fmt(work.work_p95_ms, 1)} ms | | |`);
lines.push(`| frame interval with the frame-rate limit off, same load | median ${fmt(free.p50_ms, 1)} ms, 95th percentile ${fmt(free.p95_ms, 1)} ms (${free.frames ?? '?'} frames in 5 s) | | |`);
lines.push('', '## Bundle', '', '| file | raw | gzip -9 |', '| --- | --- | --- |');
for (const [f, r, g] of bundle) lines.push(`| ${f} | ${fmt(Number(r))} B | ${fmt(Number(g))} B |`);
if (weigh.groups) {
  lines.push('', '## What weighs in the wasm', '');
  lines.push(`By the crate (for this crate, the module) each function's name starts with, in the release code kept with its names (\`e2e/bench/weigh.mjs\` on \`wasm-opt -Oz -g\` output: ${fmt(weigh.total_raw)} B of code and data). Generic code counts where it is defined: Yew's \`CompStateInner::view\` holds the components' render functions, \`std\` the maps, vectors and formatting instantiated for the model's types. "gzip alone" is the group's bytes compressed on their own, an upper bound of what it adds to the download.`, '');
  lines.push('| part | raw | share | gzip alone |', '| --- | --- | --- | --- |');
  for (const g of weigh.groups.filter((x) => x.raw >= 1000)) {
    lines.push(`| ${g.name} | ${fmt(g.raw)} B | ${fmt(g.share, 1)} % | ${fmt(g.gzip_alone)} B |`);
  }
  lines.push('', 'Largest functions:', '');
  for (const f of weigh.biggest_functions.slice(0, 8)) lines.push(`- ${fmt(f.raw)} B \`${f.name.replace(/`/g, '')}\``);
}
let pgRun = {};
try {
  pgRun = JSON.parse(read(T('bench/playground.json')));
} catch {
  pgRun = {};
}
const wasmSeek = read(T('bench/wasm-sim.log')).match(/wasm_seek_60min_100mps mean_ms=([\d.]+) worst_ms=([\d.]+)/) ?? [];
const seek = pgRun.seek60 ?? {};
const costs = pgRun.cost_ns_per_msg ?? {};
lines.push('', '## Long runs: the playground\'s timeline', '');
lines.push('A class leaves the playground running through a lecture (`src/playground/lecture.rs`): a publisher publishing every N ms, a queue group of two manual-ack listeners, 4 ms of one-way latency (a publish waits for its ack before the next step, so 100 msg/s needs less than 5 ms). `cargo bench --bench playground` (`benches/playground.rs`, counting allocator) measures `Playground::advance_to` over the whole run (checkpoints included) and seeks to 61 moments of a 60-minute run in a scrambled order, each from the previous one.', '');
lines.push('| figure | measured | budget | |', '| --- | --- | --- | --- |');
for (const m of ['15', '30', '60', '120']) lines.push(`| cost per message, ${m} min at 10 msg/s (best of 3) | ${fmt(costs[m] / 1000, 2)} µs | | |`);
lines.push(`| cost per message at 120 min / at 15 min | ${fmt(pgRun.ratio_120_15, 2)}× | ≤ 1.2× | ${verdict(pgRun.ratio_120_15 <= 1.2)} |`);
lines.push(`| seek anywhere in a 60-min run at 100 msg/s (${fmt(seek.msgs)} messages), native | mean ${fmt(seek.mean_ms, 2)} ms, worst ${fmt(seek.worst_ms, 2)} ms (on a CPU: worst ${fmt(seek.worst_on_cpu_ms, 2)} ms) | ≤ 16 ms | ${verdict(seek.worst_ms <= 16)} |`);
lines.push(`| the same seek in headless Chromium (wasm, release) | mean ${fmt(Number(wasmSeek[1]), 2)} ms, worst ${fmt(Number(wasmSeek[2]), 2)} ms | | |`);
lines.push(`| memory of that run (heap, checkpoints included) | ${fmt(seek.memory_bytes / 2 ** 20)} MiB, of which ${seek.checkpoints} checkpoints ${fmt(seek.checkpoint_bytes / 2 ** 20, 1)} MiB (one every ${fmt(seek.checkpoint_interval_ms / 1000)} s) | | |`);
lines.push('', 'A checkpoint holds the machines\' state (broker, clients, network, lab services, the runner\'s cursor) and only the length of the recorded history: restoring it takes the trace and the broker\'s log back from the end of the known run, as a copy of its recorder (its chunks shared) cut to the checkpoint\'s length (`Chunked::truncate`). The trace, the broker\'s log, the receipts and the channel\'s messages are chunked behind `Arc`s (`src/chunked.rs`), so what a checkpoint copies is pointers and the newest chunk of the receipts and messages. At most 512 are kept: when there are more, every other one goes and the interval doubles. The run\'s own memory is the trace (every publish ack, delivery and ack with its data), the broker\'s log, the recorded steps (every auto-publish, 88 bytes each) and the stored messages.');
lines.push('', '## Commands', '');
lines.push('- `cargo bench --bench broker` (criterion; `benches/broker.rs`): the broker alone, sans-IO, acks fed straight back.');
lines.push('- `cargo bench --bench memory` (`benches/memory.rs`): the same cycles on a channel limited to 10,000 messages, heap sampled every 100,000 cycles.');
lines.push('- `cargo bench --bench playground` (`benches/playground.rs`, workload in `src/playground/lecture.rs`): the playground over long runs; its seek also runs in `tests/web_bench.rs`.');
lines.push('- `cargo bench --bench sim` (`benches/sim.rs`, workload in `src/sim/workload.rs`): broker, clients, network and trace.');
lines.push('- `cargo test --release --target wasm32-unknown-unknown --test web_bench -- --nocapture`: the same workload in headless Chromium, median of 3.');
lines.push('- `trunk build --release` then gzip -9 of `dist/*.wasm|js|css` (and of `dist/lessons/*.json`, listed apart).');
lines.push('- `wasm-bindgen` and `wasm-opt -Oz -g` on the same release build, then `node e2e/bench/weigh.mjs`: what weighs in the wasm.');
lines.push('- `node e2e/bench/run.mjs`: load and frame times (playwright-core, Debian Chromium, release build under `/nats-playground/`; the frame runs on a cross-origin isolated page).');
lines.push('', '## Notes', '');
lines.push('- The cost per cycle does not grow with the number of stored messages: the log is a deque indexed by sequence, the pending set a sequence map plus an expiry-ordered deque; nothing scans the channel or the whole pending set per message.');
lines.push('- Frame times come from requestAnimationFrame timestamps at 60 Hz. The page is served cross-origin isolated (COOP/COEP headers), which gives its clocks 5 µs resolution; without it Chromium rounds them to 100 µs and a steady 16.667 ms frame reads 16.6, 16.7 or 16.8 ms. Frames longer than 25 ms are missed vsyncs. The work per frame is measured from the start of the app\'s animation-frame callback to a message handled after the frame is drawn; with the frame-rate limit off, headless Chromium (GPU disabled, software raster on 2 cores) draws the next frame as soon as it can, so those intervals include its compositor and raster threads.');
lines.push('- Rendering follows what changed: each panel and the server box are Yew components with compared props (the browser tests count renders with `data-renders`); a moving dot is one keyed SVG group whose `transform` is its only changing attribute; a console stays on its newest line through CSS (`flex-direction: column-reverse`), so no script reads layout during a frame.');
lines.push('- The simulation keeps the whole trace (every delivery and ack) for rewinding, consoles and export, so its memory grows with the run; the broker\'s own memory is bounded by the store limits (`max_msgs`, `max_bytes`, `max_age`), as the heap figure above shows. Acks leave a subscription\'s running ack timer alone (as the server does), so a busy subscription does not add a timer entry per message.');
lines.push('', '## The bundle budget: what was cut', '');
lines.push('Release profile: `opt-level = "z"`, LTO, one codegen unit, `panic = "abort"`, `wasm-opt -Oz` (binaryen 132), Trunk `minify = "on_release"` for HTML and CSS. Cuts, each measured (gzip -9 of the wasm) when it landed, from 356.0 KB of wasm:', '');
lines.push('- Lessons parsed through a `serde_json::Value`: one instantiation of every derived `Deserialize` instead of two (−8.1 KB).');
lines.push('- Numbers typed in forms parsed by a small decimal parser, sliders read with `valueAsNumber`: no float-parsing algorithm and tables (−15.5 KB).');
lines.push('- Numbers for attributes and labels written with integer arithmetic (`src/num.rs`): no float formatting (−8.1 KB).');
lines.push('- Lesson files fetched when a lesson opens instead of compiled in (−8.4 KB; listed above, apart).');
lines.push('- The model\'s ordered maps as sorted vectors (`src/vecmap.rs`) instead of ten `BTreeMap` instantiations, small hash maps too, and fewer sort instantiations (−24 KB); the packets in flight stay in a B-tree (thousands of entries, drained from the front).');
lines.push('- Share links deflated by the browser (`CompressionStream`), stored DEFLATE blocks where it is missing: no encoder in the wasm (−8.1 KB of wasm, +0.4 KB of JS glue).');
lines.push('- Minified CSS (−1.4 KB).');
lines.push('', 'Added after the cuts: dragging a new panel from the toolbar, the header\'s colour switch and packet counts on the edges at high speed (about 6 KB together).');
lines.push('', 'Tried without gain: `opt-level = "s"` (+45 KB), `wasm-opt` with `--converge`, `--gufa`, `-tnh`, `-iit`, `--zero-filled-memory` (< 0.5 KB each), a lower LLVM inline threshold (+0.6 KB).');
lines.push('Left: Yew and the components (the largest part), `serde_json` and the derived parsers (a hand-written JSON reader would save part of ~17 KB), the Unicode lower-case table (~10 KB, kept: the server refuses a channel that differs from another only by case, in any script), and the JS glue (about 9 KB gzip: Trunk\'s minifier gives up on wasm-bindgen\'s output, and the integrity hashes in index.html rule out minifying it afterwards; terser would take about 2 KB off).');
lines.push('', '## The bundle budget: measured again (2026-12-01)', '', 'The features that landed after the cuts above (strict scenario reader, work budget and sliced replay, checkpointed timeline, project export with its zip writer, lesson parser, and more UI) brought the bundle to 319.3 KB gzip at commit 679847d (wasm 311,426 B, JS 9,008 B, CSS 4,831 B + 1,795 B), over the 300 KB goal.', '', "- Saved panels, listener and publisher settings and the playground settings read by hand from the `serde_json::Value` (`src/playground/panel_read.rs`, same defaults for missing keys, unknown keys ignored, a wrong key refused with its path) instead of by derived `Deserialize` impls: `Saved::from_json` went from 19,168 B to 14,206 B of code and `ListenerCfg`'s derived reader (7,782 B), `PublisherCfg`'s (1,771 B), `Pos`'s and three enum visitors left the wasm (−3,909 B gzip of the wasm: 311,426 → 307,517 B).", '', 'After merging main at 9e017d4: wasm 307,626 B, in all 315.6 KB gzip (323,260 B); after merging main again at da0d8e4 (a change in `src/sim/world.rs`, +557 B): wasm 308,183 B, in all 316.2 KB gzip (323,817 B), still 16.2 KB over the goal.', '', 'Looked at and not cut: no float formatting or float parsing code is left in this build\'s name section (no `flt2dec`/`dec2flt` functions; `serde_json` writes floats with `zmij`, which under `opt-level = "z"` uses its 200-byte table), so there is nothing there to take off. The largest parts outside the UI are `Sim::step_at` (15.8 KB raw), `Saved::from_json` with the strict scenario reader inlined (14.2 KB), `Runner::clone` (11.8 KB, the timeline\'s checkpoints) and the Unicode lower-case table; the UI (Yew views and `HeaderActions`) is most of the rest.');
// The soak's figures come from its last run (e2e/bench/soak.mjs, minutes long, run apart).
const soak = soakSection();
if (soak.length) lines.push('', ...soak);
console.log(lines.join('\n'));
