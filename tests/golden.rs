//! Every recorded scenario in tests/golden/ and tests/golden/probes/ (real
//! nats-streaming-server 0.17.0 with node-nats-streaming 0.3.2) runs through the model; its
//! trace must match the recording under FORMAT.md's comparison rules. A scenario that differs
//! prints each difference.

use nats_playground::sim::compare::compare;
use nats_playground::sim::trace::parse_trace;
use nats_playground::sim::{run_scenario, RunConfig, Scenario};
use std::path::Path;

/// Runs every `*.scenario.json` of `dir`; returns (scenarios, names of those that differ).
fn check_dir(dir: &Path) -> (usize, Vec<String>) {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".scenario.json"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no scenarios in {}", dir.display());
    let mut failed = Vec::new();
    for name in &names {
        let stem = name.trim_end_matches(".scenario.json");
        let scenario = Scenario::parse(&std::fs::read_to_string(dir.join(name)).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let golden =
            parse_trace(&std::fs::read_to_string(dir.join(format!("{stem}.trace.jsonl"))).unwrap())
                .unwrap_or_else(|e| panic!("{stem}.trace.jsonl: {e}"));
        let model = run_scenario(&scenario, &RunConfig::default());
        let diffs = compare(&golden, &model);
        if diffs.is_empty() {
            println!("match     {stem}");
        } else {
            println!("MISMATCH  {stem}");
            for d in &diffs {
                println!("    {d}");
            }
            failed.push(stem.to_string());
        }
    }
    println!(
        "{}: {} of {} traces match",
        dir.display(),
        names.len() - failed.len(),
        names.len()
    );
    (names.len(), failed)
}

#[test]
fn model_matches_every_golden_trace() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let (_, failed) = check_dir(&dir);
    assert!(failed.is_empty(), "golden traces that differ: {failed:?}");
}

#[test]
fn model_matches_every_probe_trace() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/probes");
    let (n, failed) = check_dir(&dir);
    assert_eq!(n, 22, "the probe set holds 22 recordings");
    assert!(failed.is_empty(), "probe traces that differ: {failed:?}");
}
