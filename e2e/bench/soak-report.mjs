// The "Soak: 100× for 5 minutes" section of BENCHMARKS.md, from the figures `soak.mjs`
// measured (e2e/bench/soak-figures.json, kept in the repository: the soak takes minutes and
// is not rerun by scripts/bench.sh, so a regenerated BENCHMARKS.md keeps the last run).
//   node e2e/bench/soak-report.mjs [figures.json]   prints the section
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const SOAK_FIGURES = path.join(HERE, 'soak-figures.json');

const fmt = (n, d = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a';
const verdict = (ok) => (ok === null ? 'not measured' : ok ? 'held' : '**not held**');
const clock = (ms) => (Number.isFinite(ms) ? `${Math.floor(ms / 60000)}:${String(Math.floor((ms % 60000) / 1000)).padStart(2, '0')}` : 'n/a');
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The section's lines, or [] when there are no figures. */
export function soakSection(file = SOAK_FIGURES) {
  if (!fs.existsSync(file)) return [];
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  const b = r.bounds ?? {};
  const S = r.samples ?? [];
  const L = [];
  L.push('## Soak: 100× for 5 minutes', '');
  L.push(
    `\`node e2e/bench/soak.mjs\` drives the release build as a user would, in headless Chromium at ${r.viewport}: ` +
      `three publishers, each set to publish every 0.01 s in its form (the app answered: "${cell((r.setup?.setup_notices ?? [])[0]?.replace(/[ℹ×⚠]/g, '') ?? '?')}"; the field then reads ${r.setup?.publish_every_field ?? '?'} s), ` +
      `connected; two listeners in manual-ack mode whose handler never acks (AckWait ${fmt(Number(r.setup?.ack_wait_ms_field) / 1000)} s, MaxInFlight left at its default), started; ` +
      `speed ${r.setup?.speed ?? '?'} (the speed slider's End key); Play. It samples every ${r.sample_s} s for ${fmt(r.seconds / 60, 1)} min of wall time: ` +
      'the wasm memory (the byteLength of the instance\'s exported memory, reached through Trunk\'s `TrunkApplicationStarted` event), the JS heap (CDP `Performance.getMetrics`), ' +
      'the frames drawn in the last second (requestAnimationFrame), how long a round trip into the page takes, the virtual time on the clock, the channel\'s message count, the unacked deliveries the server shows, and the autosave in `localStorage` (its size and the virtual time it holds).',
    '',
  );
  L.push(`Measured ${r.measured}${r.dist_built_from ? ` on the release build of ${r.dist_built_from}` : ''}, script at commit ${r.commit}; ${r.machine}; shared with other work, run under \`nice\` (load average ${(r.load_average_at_start ?? []).join(' / ')} at the start, ${(r.load_average_at_end ?? []).join(' / ')} at the end).`, '');
  const maxWasm = Math.max(...S.map((s) => s.wasm_mib ?? 0));
  const over = S.find((s) => s.wasm_mib > b.wasm_mib);
  const p = r.pause;
  const moved = p?.frames_after_click_with_a_new_time ?? null;
  const pauseOk = p ? moved.length <= b.pause_frames && moved.every((f) => f <= b.pause_frames + 1) : null;
  const sc = r.scrub_to_start;
  const scrubOk = sc ? sc.ms_from_press_to_clock_0 !== null && sc.ms_from_press_to_clock_0 < b.scrub_to_start_ms : null;
  const asP = r.autosave_paused;
  const asE = r.autosave_end;
  L.push('| check | bound (stated before the run) | measured | |', '| --- | --- | --- | --- |');
  L.push(
    `| wasm memory, every sample | ≤ ${fmt(b.wasm_mib)} MiB | max ${fmt(maxWasm, 1)} MiB${over ? `; over the bound from ${over.wall_s} s (${fmt(over.wasm_mib, 1)} MiB)` : ''} | ${verdict(S.length ? !over : null)} |`,
  );
  L.push(
    `| Pause takes effect | the clock moves in at most ${b.pause_frames} frame after the click | ${p ? `clicked at ${fmt(p.virtual_ms_at_click / 1000, 1)} s virtual; ${moved.length ? `the clock moved in frame no. ${moved.join(', ')} after the click` : 'no frame after the click showed a new time'}, the last change ${fmt(p.last_change_ms_after_click)} ms after the click, ending at ${fmt(p.clock_ms_after / 1000, 1)} s (${fmt((p.clock_ms_after - p.virtual_ms_at_click) / 1000, 1)} s of virtual time after the click); still from then on (${p.frame_callbacks_in_2s_after} frames in the next 2 s)` : 'not reached'} | ${verdict(pauseOk)} |`,
  );
  L.push(
    `| scrub to the start (the timeline's Home key) | < ${fmt(b.scrub_to_start_ms)} ms until the clock shows 0 | ${sc ? `${fmt(sc.ms_from_press_to_clock_0)} ms from ${fmt(sc.from_virtual_ms / 1000, 1)} s virtual (key seen ${fmt(sc.key_seen_ms_after_press)} ms after the press)` : 'not reached'} | ${verdict(scrubOk)} |`,
  );
  L.push(
    `| autosave after Pause | holds the paused moment, or the moment it said it keeps the history up to, within a few seconds | ${asP ? `${asP.holds_the_moment_on_screen ? `holds the paused moment ${fmt(asP.now_ms / 1000, 1)} s after ${fmt(asP.wall_ms_until_saved)} ms` : asP.holds_the_announced_moment ? `holds ${fmt(asP.now_ms / 1000, 1)} s, the moment it said it keeps (a reload replays no more), after ${fmt(asP.wall_ms_until_saved)} ms` : `holds ${fmt(asP.now_ms / 1000, 1)} s, neither the paused moment nor one it announced`}: ${fmt(asP.kib)} KiB, ${fmt(asP.steps)} steps` : 'not reached'} | ${verdict(asP ? asP.holds_the_moment_on_screen || asP.holds_the_announced_moment : null)} |`,
  );
  L.push(
    `| autosave after the scrub to the start | holds 0 | ${asE ? `${asE.holds_the_moment_on_screen ? `holds 0 after ${fmt(asE.wall_ms_until_saved)} ms` : 'does not hold 0'}: ${fmt(asE.kib, 1)} KiB, ${fmt(asE.steps)} steps` : 'not reached'} | ${verdict(asE ? asE.holds_the_moment_on_screen : null)} |`,
  );
  if (r.scrub_to_end) {
    L.push(`| back to the end (End key) | | ${fmt(r.scrub_to_end.ms_from_press_to_clock_at_end)} ms to ${fmt(r.scrub_to_end.to_virtual_ms / 1000, 1)} s; autosave then holds ${fmt((r.autosave_at_end?.now_ms ?? NaN) / 1000, 1)} s (${fmt(r.autosave_at_end?.kib)} KiB) | |`);
  }
  if (r.reload) {
    const kept = r.autosave_at_end?.now_ms ?? r.reload.scrubber_max_ms_before;
    const whole = r.reload.scrubber_max_ms === kept;
    L.push(
      `| reload | the panels come back, and the run as far as the autosave kept it | ${r.reload.panels} panels after ${fmt(r.reload.wall_ms_until_panels_back)} ms; the timeline ends at ${fmt(r.reload.scrubber_max_ms / 1000, 1)} s (the tab had ${fmt(r.reload.scrubber_max_ms_before / 1000, 1)} s${r.autosave_at_end ? `, the autosave ${fmt(r.autosave_at_end.now_ms / 1000, 1)} s` : ''})${r.reload.notices?.length ? `; notice: "${cell(r.reload.notices[0].replace(/[ℹ×⚠]/g, ''))}"` : ''} | ${verdict(r.reload.panels === 5 && whole)} |`,
    );
  }
  if (r.reopen_after_failure) {
    const o = r.reopen_after_failure;
    L.push(`| opening the playground again after the failure (new tab, same profile) | the work comes back | ${o.panels} panels, clock ${cell(o.clock)}, timeline to ${fmt(o.scrubber_max_ms / 1000, 1)} s${o.notices?.length ? `; notice: "${cell(o.notices[0].replace(/[ℹ×⚠]/g, ''))}"` : ''} | |`);
  }
  L.push('', 'Samples (wall time from Play; "virtual ×" is virtual time gained per wall second since the previous sample; "really" is the speed the time bar said the clock really keeps, when it said it fell short of the asked one; "autosave holds" is the virtual time in the saved playground):', '');
  L.push('| wall s | clock | virtual × | "really" shown | wasm MiB | JS heap MiB | fps | round trip ms | messages | unacked | autosave KiB | autosave holds |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  S.forEach((s, i) => {
    const prev = S[i - 1];
    const x = prev ? (s.virtual_ms - prev.virtual_ms) / 1000 / (s.wall_s - prev.wall_s || NaN) : NaN;
    L.push(`| ${s.wall_s} | ${clock(s.virtual_ms)} | ${prev ? fmt(x, 0) : ''} | ${s.speed_reached == null ? '' : `${s.speed_reached}×`} | ${fmt(s.wasm_mib, 1)} | ${fmt(s.js_heap_mib, 1)} | ${s.fps} | ${fmt(s.round_trip_ms)} | ${fmt(s.channel_msgs)} | ${fmt(s.unacked)} | ${fmt(s.autosave_kib)} | ${clock(s.autosave_now_ms)} |`);
  });
  const errs = (r.events ?? []).filter((e) => !/integrity/.test(e.text));
  if (errs.length || r.run_failed) {
    L.push('', 'What the page reported (wall s from the start of the script):', '');
    for (const e of errs.slice(0, 12)) L.push(`- ${e.wall_s} s, ${e.kind}: ${cell(e.text.slice(0, 240))}`);
    if (r.run_failed) L.push(`- the run stopped: ${cell(r.run_failed)}`);
  }
  if (r.notes?.length) {
    L.push('');
    for (const n of r.notes) L.push(`- ${n}`);
  }
  L.push('', 'Reproduce: `trunk build --release && nice node e2e/bench/soak.mjs --out e2e/bench/soak-figures.json` (about 6 minutes; `--seconds 20` for a short run), then `node e2e/bench/soak-report.mjs` prints this section. It is not part of the test suite, and `scripts/bench.sh` does not run it: BENCHMARKS.md keeps the last soak\'s figures from `e2e/bench/soak-figures.json`.');
  return L;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(soakSection(process.argv[2] ?? SOAK_FIGURES).join('\n'));
}
