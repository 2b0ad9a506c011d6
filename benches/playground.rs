//! The playground layer over long runs (see `playground::lecture`): the cost per message of
//! `Playground::advance_to` at 15, 30, 60 and 120 minutes of virtual time (a publisher every
//! 100 ms, a queue group of two manual-ack listeners), and seeking anywhere in a 60-minute run
//! at 100 msg/s. Prints a JSON line of the figures (read by scripts/bench.sh), then runs the
//! criterion groups. Run: `cargo bench --bench playground`.

use criterion::{criterion_group, Criterion};
use nats_playground::playground::lecture::{lecture, published};
use nats_playground::playground::Action;
use std::hint::black_box;
use std::time::Instant;

#[path = "support/counting.rs"]
mod counting;

#[global_allocator]
static ALLOC: counting::Counting = counting::Counting;

const MIN: u64 = 60_000;
/// One-way latency of these runs: a publish waits for its ack, so 100 msg/s needs < 5 ms.
const LATENCY_MS: u64 = 4;

/// Nanoseconds per published message of a run of `minutes` at one message per `every_ms`.
fn cost_per_message(minutes: u64, every_ms: u64) -> f64 {
    let mut pg = lecture(every_ms, LATENCY_MS);
    let start = Instant::now();
    pg.advance_to(minutes * MIN);
    let ns = start.elapsed().as_nanos() as f64;
    ns / published(&pg).max(1) as f64
}

/// Time this thread has spent on a CPU, in ms (Linux: `/proc/thread-self/schedstat`; 0
/// elsewhere). On a shared machine a seek's wall time includes time spent waiting for a
/// CPU; this is the seek's own work.
fn on_cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|t| t.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e6)
}

/// Figures for BENCHMARKS.md: cost per message by run length; seek times and memory of a
/// 60-minute run at 100 msg/s.
fn report() {
    let mut costs = Vec::new();
    for minutes in [15, 30, 60, 120] {
        // the best of 3 (the machine is shared)
        let c = (0..3)
            .map(|_| cost_per_message(minutes, 100))
            .fold(f64::INFINITY, f64::min);
        eprintln!("{minutes} min: {c:.0} ns per message");
        costs.push((minutes, c));
    }
    let before = counting::live();
    let t0 = Instant::now();
    let mut pg = lecture(10, LATENCY_MS);
    let end = 60 * MIN;
    pg.advance_to(end);
    let build_ms = t0.elapsed().as_secs_f64() * 1e3;
    let memory = counting::live().saturating_sub(before);
    let msgs = published(&pg);
    // 61 moments spread over the run, in a scrambled order, each reached from the previous one
    let mut worst = 0.0_f64;
    let mut worst_cpu = 0.0_f64;
    let mut total = 0.0;
    let moments: Vec<u64> = (0..61).map(|i| (i * 37 % 61) * end / 60).collect();
    for &t in &moments {
        let cpu = on_cpu_ms();
        let s = Instant::now();
        pg.apply(Action::Seek(t));
        let ms = s.elapsed().as_secs_f64() * 1e3;
        assert_eq!(pg.now(), t);
        worst = worst.max(ms);
        worst_cpu = worst_cpu.max(on_cpu_ms() - cpu);
        total += ms;
    }
    let s = Instant::now();
    pg.apply(Action::Seek(end));
    let to_end_ms = s.elapsed().as_secs_f64() * 1e3;
    let checkpoints = pg.timeline.checkpoint_count();
    let interval = pg.timeline.interval();
    let with = counting::live();
    pg.timeline.reset(end);
    let checkpoint_bytes = with.saturating_sub(counting::live());
    println!(
        "{{\"cost_ns_per_msg\":{{{}}},\"ratio_120_15\":{:.3},\"seek60\":{{\"msgs\":{msgs},\"build_ms\":{build_ms:.0},\"memory_bytes\":{memory},\"checkpoint_bytes\":{checkpoint_bytes},\"checkpoints\":{checkpoints},\"checkpoint_interval_ms\":{},\"seeks\":{},\"mean_ms\":{:.2},\"worst_ms\":{worst:.2},\"worst_on_cpu_ms\":{worst_cpu:.2},\"to_end_ms\":{to_end_ms:.2}}}}}",
        costs
            .iter()
            .map(|(m, c)| format!("\"{m}\":{c:.0}"))
            .collect::<Vec<_>>()
            .join(","),
        costs[3].1 / costs[0].1,
        interval,
        moments.len(),
        total / moments.len() as f64,
    );
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("playground");
    g.sample_size(10);
    for minutes in [15, 30] {
        g.bench_function(format!("advance_{minutes}_min_every_100_ms"), |b| {
            b.iter_with_setup(
                || lecture(100, LATENCY_MS),
                |mut pg| {
                    pg.advance_to(minutes * MIN);
                    black_box(pg.now())
                },
            )
        });
    }
    let mut pg = lecture(10, LATENCY_MS);
    pg.advance_to(60 * MIN);
    let mut i = 0;
    g.bench_function("seek_in_60_min_at_100_per_s", |b| {
        b.iter(|| {
            i = (i + 37) % 61;
            pg.apply(Action::Seek(i * MIN));
            black_box(pg.now())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);

fn main() {
    report();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
