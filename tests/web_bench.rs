//! Browser benchmark (not a test of time: it measures and prints). Run by scripts/bench.sh:
//! `cargo test --release --target wasm32-unknown-unknown --test web_bench -- --nocapture`.
#![cfg(target_arch = "wasm32")]

use nats_playground::sim::workload::ten_minutes_at_100_per_second;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

#[wasm_bindgen_test]
fn simulate_ten_minutes_at_100_messages_per_second() {
    let mut runs = Vec::new();
    let mut events = 0;
    for _ in 0..3 {
        let t0 = now_ms();
        events = ten_minutes_at_100_per_second();
        runs.push(now_ms() - t0);
    }
    runs.sort_by(f64::total_cmp);
    assert!(events > 300_000, "the workload ran ({events} trace events)");
    console_log!(
        "BENCH wasm_sim_10min_100mps_ms={:.0} runs={:?}",
        runs[1],
        runs
    );
}

/// Seeking anywhere in a 60-minute run at 100 msg/s (`playground::lecture`, as the native
/// `benches/playground.rs`): 61 moments in a scrambled order, each from the previous one.
#[wasm_bindgen_test]
fn seek_anywhere_in_a_sixty_minute_run_at_100_messages_per_second() {
    use nats_playground::playground::lecture::{lecture, published};
    use nats_playground::playground::Action;
    let t0 = now_ms();
    let mut pg = lecture(10, 4);
    let end = 3_600_000;
    pg.advance_to(end);
    let build = now_ms() - t0;
    assert!(published(&pg) > 350_000, "the run happened");
    let mut times = Vec::new();
    for i in 0..61u64 {
        let t = (i * 37 % 61) * end / 60;
        let s = now_ms();
        pg.apply(Action::Seek(t));
        times.push(now_ms() - s);
        assert_eq!(pg.now(), t);
    }
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    let worst = times.iter().copied().fold(0.0, f64::max);
    console_log!(
        "BENCH wasm_seek_60min_100mps mean_ms={mean:.2} worst_ms={worst:.2} build_ms={build:.0} checkpoints={}",
        pg.timeline.checkpoint_count()
    );
}
