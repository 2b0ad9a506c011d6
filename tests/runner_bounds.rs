//! The headless runner on hostile or oversized input: bounded reads, bounded work (the
//! bound is named, exit status 3), refused options, and a playground export checked
//! against the playground's own trace (its saved latency is used).

use nats_playground::playground::{Action, Playground};
use std::path::PathBuf;
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_scenario"))
}

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("runner-bounds-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(name: &str, text: &str) -> String {
    let p = dir().join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn scenario(server: &str, steps: &[String], end_ms: u64) -> String {
    format!(
        r#"{{"name":"hostile","server":{{"cluster_id":"ticketing"{server}}},"steps":[{}],"end_ms":{end_ms}}}"#,
        steps.join(",")
    )
}

#[test]
fn an_endless_run_stops_at_the_event_bound_and_names_it() {
    let f = write(
        "endless.json",
        &scenario(
            r#","hb_interval_ms":10,"hb_timeout_ms":1000,"hb_fail_count":2"#,
            &[r#"{"at":0,"op":"connect","client":"a"}"#.into()],
            u64::MAX,
        ),
    );
    let o = bin()
        .args(["run", &f, "--max-events", "20000"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("work bound `events` exceeded: more than 20000"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("--max-events"), "{}", stderr(&o));
    assert!(!o.stdout.is_empty(), "the trace so far is printed");
}

#[test]
fn twenty_thousand_connects_stop_at_the_client_bound() {
    let steps: Vec<String> = (0..20_000)
        .map(|i| format!(r#"{{"at":0,"op":"connect","client":"c{i}"}}"#))
        .collect();
    let f = write("connects.json", &scenario("", &steps, 0));
    let o = bin()
        .args(["run", &f, "--max-clients", "300"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("`clients`"), "{}", stderr(&o));
}

#[test]
fn a_day_of_redeliveries_stops_at_the_delivery_bound() {
    let mut steps = vec![
        r#"{"at":0,"op":"connect","client":"p"}"#.to_string(),
        r#"{"at":0,"op":"connect","client":"l"}"#.to_string(),
        r#"{"at":0,"op":"subscribe","client":"l","sub":"s","subject":"t","manual_ack":true,"ack_wait_ms":1000,"ack":"never"}"#.to_string(),
    ];
    steps.extend(
        (0..200).map(|_| {
            r#"{"at":0,"op":"publish","client":"p","subject":"t","data":"1"}"#.to_string()
        }),
    );
    let f = write("redeliveries.json", &scenario("", &steps, 86_400_000));
    let o = bin()
        .args(["run", &f, "--max-deliveries", "5000"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("`deliveries`"), "{}", stderr(&o));
    // Raised, the same bound lets more of the run through.
    let more = bin()
        .args(["run", &f, "--max-deliveries", "10000"])
        .output()
        .unwrap();
    assert_eq!(more.status.code(), Some(3));
    assert!(more.stdout.len() > o.stdout.len());
}

#[test]
fn files_are_read_only_up_to_a_limit_and_bad_options_are_refused() {
    let o = bin().args(["run", "/dev/zero"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("/dev/zero: too large"),
        "{}",
        stderr(&o)
    );
    let big = write("big.json", &" ".repeat(3 * 1024 * 1024));
    let o = bin().args(["run", &big]).output().unwrap();
    assert!(stderr(&o).contains("too large"), "{}", stderr(&o));
    let ok = write("ok.json", &scenario("", &[], 10));
    for (flag, value, says) in [
        ("--latency-ms", "18446744073709551615", "at most 5000"),
        (
            "--latency-ms",
            "99999999999999999999",
            "expected a whole number",
        ),
        ("--max-bananas", "1", "unknown option --max-bananas"),
    ] {
        let o = bin().args(["run", &ok, flag, value]).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{flag} {value}");
        assert!(stderr(&o).contains(says), "{flag} {value}: {}", stderr(&o));
    }
}

#[test]
fn a_playground_export_checks_against_the_playground_trace() {
    let mut pg = Playground::default();
    pg.apply(Action::AddListener);
    pg.apply(Action::AddPublisher);
    let (l, p) = (pg.panels[0].id, pg.panels[1].id);
    pg.apply(Action::Connect(l));
    pg.apply(Action::Connect(p));
    pg.apply(Action::Seek(400));
    pg.apply(Action::Subscribe(l));
    pg.apply(Action::Seek(800));
    pg.apply(Action::Publish(p));
    pg.apply(Action::Seek(2_000));
    assert_eq!(pg.cfg.latency_ms, 100, "not the runner's default latency");
    let export = write("export.json", &pg.to_saved().to_json());
    let trace: String = pg
        .sim()
        .trace()
        .iter()
        .map(|e| e.to_line() + "\n")
        .collect();
    let trace = write("export.trace.jsonl", &trace);
    let o = bin().args(["check", &export, &trace]).output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        stderr(&o)
    );
    // With another latency the same export does not match.
    let o = bin()
        .args(["check", &export, &trace, "--latency-ms", "1"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
}
