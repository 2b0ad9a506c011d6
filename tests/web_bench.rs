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
