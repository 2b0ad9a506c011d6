//! The broker's memory over a long run is bounded by the store limits: 2,000,000
//! publish -> deliver -> ack cycles (a queue group of 4 and 2 plain listeners) on a channel
//! limited to 10,000 messages (`-mm 10000`), with the heap counted by a counting allocator.
//! Prints one JSON object (read by scripts/bench.sh). Run: `cargo bench --bench memory`.

use nats_playground::broker::ServerOptions;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The system allocator, counting the bytes currently allocated.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Relaxed);
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

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
            samples.push(LIVE.load(Relaxed));
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
