// An unsigned LEB128 number read from a wasm file: [its value, where the next byte is].
// Shared by the release hook (scripts/slim_glue.mjs) and the bundle weigher (e2e/bench/weigh.mjs).
export function leb(buf, at) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[at++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [result, at];
  }
}
