//! The broker's memory over a long run is bounded by the store limits: 2,000,000
//! publish -> deliver -> ack cycles (a queue group of 4 and 2 plain listeners) on a channel
//! limited to 10,000 messages (`-mm 10000`), with the heap counted by a counting allocator.
//! Prints one JSON object (read by scripts/bench.sh). Run: `cargo bench --bench memory`.

use nats_playground::broker::ServerOptions;

#[path = "support/counting.rs"]
mod counting;

#[global_allocator]
static ALLOC: counting::Counting = counting::Counting;

const MAX_MSGS: u64 = 10_000;
const CYCLES: u64 = 2_000_000;
const SAMPLE_EVERY: u64 = 100_000;

mod support;
use support::Bench;

fn main() {
    let mut opts = ServerOptions::default();
    opts.limits.max_msgs = MAX_MSGS;
    let mut bench = Bench::new(opts, 0);
    let mut samples = Vec::new();
    for n in 1..=CYCLES {
        bench.cycle();
        if n % SAMPLE_EVERY == 0 {
            samples.push(counting::live());
        }
    }
    let ch = bench.broker.channel("ticket:created").expect("the channel");
    let first_after_fill = samples[0];
    let max = samples.iter().copied().max().unwrap_or(0);
    let last = samples.last().copied().unwrap_or(0);
    println!(
        "{{\"cycles\": {CYCLES}, \"max_msgs\": {MAX_MSGS}, \"stored_msgs\": {}, \"first_seq\": {}, \"last_seq\": {}, \
         \"heap_bytes_at_100k\": {first_after_fill}, \"heap_bytes_max\": {max}, \"heap_bytes_at_end\": {last}, \
         \"heap_samples\": {samples:?}}}",
        ch.msgs.len(),
        ch.first_seq,
        ch.last_seq,
    );
}
