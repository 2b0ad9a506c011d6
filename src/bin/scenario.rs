//! Headless scenario runner.
//!
//! ```text
//! scenario run FILE.json [--latency-ms N] [--seed N]   print the trace (JSON Lines) on stdout
//! scenario check FILE.json TRACE.jsonl                 compare the model with a recorded trace
//! ```
//! Exit status: 0 ok, 1 traces differ, 2 bad input (the message names the step and the field).

use nats_playground::sim::compare::compare;
use nats_playground::sim::trace::parse_trace;
use nats_playground::sim::{run_scenario, RunConfig, Scenario};
use std::process::ExitCode;

const USAGE: &str = "usage:\n  scenario run FILE.json [--latency-ms N] [--seed N]\n  scenario check FILE.json TRACE.jsonl";

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}

fn load(path: &str) -> Result<Scenario, String> {
    Scenario::parse(&read(path)?).map_err(|e| format!("{path}: invalid scenario: {e}"))
}

fn parse_flags(args: &[String], cfg: &mut RunConfig) -> Result<(), String> {
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let n: u64 = value
            .parse()
            .map_err(|_| format!("{flag}: expected a whole number, got {value:?}"))?;
        match flag.as_str() {
            "--latency-ms" => cfg.sim.latency_ms = n,
            "--seed" => cfg.sim.seed = n,
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") if args.len() >= 2 => (|| {
            let mut cfg = RunConfig::default();
            parse_flags(&args[2..], &mut cfg)?;
            let scenario = load(&args[1])?;
            let mut out = String::new();
            for ev in run_scenario(&scenario, &cfg) {
                out.push_str(&ev.to_line());
                out.push('\n');
            }
            print!("{out}");
            Ok(ExitCode::SUCCESS)
        })(),
        Some("check") if args.len() == 3 => (|| {
            let scenario = load(&args[1])?;
            let golden = parse_trace(&read(&args[2])?).map_err(|e| format!("{}: {e}", args[2]))?;
            let diffs = compare(&golden, &run_scenario(&scenario, &RunConfig::default()));
            if diffs.is_empty() {
                println!("match: {}", scenario.name);
                Ok(ExitCode::SUCCESS)
            } else {
                println!("MISMATCH: {}", scenario.name);
                for d in diffs {
                    println!("  {d}");
                }
                Ok(ExitCode::from(1))
            }
        })(),
        _ => Err(USAGE.to_string()),
    };
    result.unwrap_or_else(|e| {
        eprintln!("scenario: {e}");
        ExitCode::from(2)
    })
}
