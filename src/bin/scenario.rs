//! Headless scenario runner.
//!
//! ```text
//! scenario run FILE.json [OPTIONS]                print the trace (JSON Lines) on stdout
//! scenario check FILE.json TRACE.jsonl [OPTIONS]  compare the model with a recorded trace
//!
//! OPTIONS: --latency-ms N (0 to 5000) --seed N, and the work bounds --max-events N
//!   --max-messages N --max-deliveries N --max-clients N --max-subscriptions N --max-trace N
//! ```
//! A playground's own export (with its `playground` settings) runs with its saved latency
//! and seed unless the options say otherwise; a plain scenario with latency 1 ms, seed 1.
//!
//! Files are read only up to a size limit. The run is bounded in work like a share link in
//! the browser (`sim::budget`); a run that passes a bound stops there, prints what it ran
//! (`run`), and names the bound and its option.
//!
//! Exit status: 0 ok, 1 traces differ, 2 bad input (the message names the step and the
//! field), 3 stopped at a work bound.

use nats_playground::broker::Millis;
use nats_playground::sim::budget::{Bound, Budget, Exceeded};
use nats_playground::sim::compare::compare;
use nats_playground::sim::runner::Runner;
use nats_playground::sim::scenario::MAX_SCENARIO_BYTES;
use nats_playground::sim::trace::parse_trace;
use nats_playground::sim::{RunConfig, Scenario, TraceEvent};
use std::io::Read;
use std::process::ExitCode;

const USAGE: &str = "usage:\n  scenario run FILE.json [OPTIONS]\n  scenario check FILE.json TRACE.jsonl [OPTIONS]\noptions: --latency-ms N (0-5000) --seed N --max-events N --max-messages N --max-deliveries N --max-clients N --max-subscriptions N --max-trace N";

/// The most latency a run may have (the playground's own limit).
const MAX_LATENCY_MS: Millis = 5000;
/// Recorded traces may be larger than scenarios, not without bound.
const MAX_TRACE_BYTES: u64 = 256 * 1024 * 1024;

enum Failure {
    BadInput(String),
    Bound(Exceeded),
}

impl From<String> for Failure {
    fn from(e: String) -> Self {
        Failure::BadInput(e)
    }
}

/// Reads at most `limit` bytes of a file as text: refused before reading when the file says
/// it is larger, and after `limit` bytes when it does not say (a device, a pipe).
fn read(path: &str, limit: u64) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let too_large = || format!("{path}: too large (more than {limit} bytes)");
    if file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() > limit)
    {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{path}: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|_| format!("{path}: not UTF-8 text"))
}

/// Options given on the command line (`None`: not given).
#[derive(Default)]
struct Options {
    latency_ms: Option<Millis>,
    seed: Option<u64>,
    budget: Budget,
}

fn parse_flags(args: &[String]) -> Result<Options, String> {
    let mut o = Options::default();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let n: u64 = value
            .parse()
            .map_err(|_| format!("{flag}: expected a whole number, got {value:?}"))?;
        match flag.as_str() {
            "--latency-ms" if n > MAX_LATENCY_MS => {
                return Err(format!("--latency-ms: at most {MAX_LATENCY_MS}, got {n}"))
            }
            "--latency-ms" => o.latency_ms = Some(n),
            "--seed" => o.seed = Some(n),
            other => match Bound::ALL
                .into_iter()
                .find(|b| other.strip_prefix("--max-") == Some(b.name()))
            {
                Some(b) => o.budget.set(b, n),
                None => return Err(format!("unknown option {other}\n{USAGE}")),
            },
        }
    }
    Ok(o)
}

/// The scenario and the configuration to run it with: the options, else the playground
/// settings saved in the file, else the conformance defaults.
fn load(path: &str, o: &Options) -> Result<(Scenario, RunConfig), String> {
    let text = read(path, MAX_SCENARIO_BYTES as u64)?;
    let scenario = Scenario::parse(&text).map_err(|e| format!("{path}: invalid scenario: {e}"))?;
    let mut cfg = RunConfig::default();
    if let Some(pg) = scenario.extra.get("playground") {
        let field = |k: &str| pg.get(k).and_then(serde_json::Value::as_u64);
        if let Some(l) = field("latency_ms") {
            if l > MAX_LATENCY_MS {
                return Err(format!(
                    "{path}: field `playground.latency_ms`: at most {MAX_LATENCY_MS}, got {l}"
                ));
            }
            cfg.sim.latency_ms = l;
        }
        if let Some(s) = field("seed") {
            cfg.sim.seed = s;
        }
    }
    if let Some(l) = o.latency_ms {
        cfg.sim.latency_ms = l;
    }
    if let Some(s) = o.seed {
        cfg.sim.seed = s;
    }
    Ok((scenario, cfg))
}

/// Runs the whole scenario under the budget: the trace, and the bound it passed if it did.
fn run(
    scenario: &Scenario,
    cfg: &RunConfig,
    budget: Budget,
) -> (Vec<TraceEvent>, Option<Exceeded>) {
    let mut r = Runner::new(scenario, cfg);
    r.sim.set_budget(Some(budget));
    while let Some(w) = r.next_wake(&scenario.steps) {
        r.advance(&scenario.steps, w);
        if r.sim.budget_exceeded().is_some() {
            break;
        }
    }
    let end = scenario.end_ms.max(r.sim.now());
    r.sim.run_until(end);
    let exceeded = r.sim.budget_exceeded();
    (r.sim.trace().to_vec(), exceeded)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result: Result<ExitCode, Failure> = match args.first().map(String::as_str) {
        Some("run") if args.len() >= 2 => (|| {
            let o = parse_flags(&args[2..])?;
            let (scenario, cfg) = load(&args[1], &o)?;
            let (trace, exceeded) = run(&scenario, &cfg, o.budget);
            let mut out = String::new();
            for ev in trace {
                out.push_str(&ev.to_line());
                out.push('\n');
            }
            print!("{out}");
            match exceeded {
                Some(e) => Err(Failure::Bound(e)),
                None => Ok(ExitCode::SUCCESS),
            }
        })(),
        Some("check") if args.len() >= 3 => (|| {
            let o = parse_flags(&args[3..])?;
            let (scenario, cfg) = load(&args[1], &o)?;
            let golden = parse_trace(&read(&args[2], MAX_TRACE_BYTES)?)
                .map_err(|e| format!("{}: {e}", args[2]))?;
            let (trace, exceeded) = run(&scenario, &cfg, o.budget);
            if let Some(e) = exceeded {
                return Err(Failure::Bound(e));
            }
            let diffs = compare(&golden, &trace);
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
        _ => Err(Failure::BadInput(USAGE.to_string())),
    };
    result.unwrap_or_else(|f| match f {
        Failure::BadInput(e) => {
            eprintln!("scenario: {e}");
            ExitCode::from(2)
        }
        Failure::Bound(e) => {
            eprintln!(
                "scenario: stopped: {e}. The trace so far is printed (run); raise the bound with --max-{} N.",
                e.bound.name()
            );
            ExitCode::from(3)
        }
    })
}
