//! The rule tests, as data. Each `tests/rules/*.txt` file holds the cases of one group of rules
//! (connection, channels, publishing, subscriptions, queues, durables, monitoring); each case is
//! a small scenario and the trace it must produce. The rules and where each comes from are in
//! `docs/semantics.md`; a case's comment names its section (`§5.3`). The goldens in
//! `tests/golden/` win over the reference where they differ, so no case expects a field the
//! 0.17 server does not have.
//!
//! A file is a list of cases, in the style of raft-rs's `datadriven` files:
//!
//! ```text
//! # §5.3: a member joining an existing group ignores its start position.
//! run queue_join_ignores_start_position only=deliver
//! 0 connect p a b
//! 10 publish p orders m1 m2 m3 every=10
//! 100 sub a qa orders queue=g start={"at_sequence":2}
//! ----
//! 102 deliver qa #2 m2
//! 102 deliver qa #3 m3
//! ...
//! ```
//!
//! Lines starting with `#` between cases are comments; each case's comment cites the section of
//! `docs/semantics.md` it checks. A case is a directive line (kind, name, options), its input,
//! `----`, and the expected output up to the next blank line.
//!
//! Kinds:
//! - `run`: the input is a scenario in a compact line syntax that compiles to FORMAT.md's JSON
//!   (`AT op args key=value`, see [`compile`]); it is parsed by `Scenario::parse` and run by
//!   `run_scenario`, exactly as the goldens are. The output is the trace, one event a line
//!   (or `refused: ...` when the scenario reader refuses the scenario, which a case may expect).
//! - `sim`: the same, but lines starting with `&` are issued at once without waiting for their
//!   reply (two connects racing, publishes still unacked at `close`), which the scenario format
//!   cannot say; the harness drives the runner step by step.
//! - `wire`: the case plays the client side of the wire against the sans-IO broker itself
//!   (heartbeat replies switched off and on, PINGs, requests from a stale or unknown
//!   connection); the output is every broker event. See [`Wire`].
//!
//! Options: `only=a,b` prints only those event kinds. A `monitor` line may end with
//! `| key key ...` to print only those fields of the body (and the lists holding them).
//!
//! `RULES_REWRITE=1 cargo test --test rules` writes the actual output into the files instead
//! of comparing (then read the diff: every changed line is a changed behaviour). A broken case
//! (unknown op or option, a case that prints nothing) fails in both modes.

use nats_playground::broker::{
    Broker, Command, ConnId, Event, Millis, ReqId, StartPosition, SubId, SubscribeRequest,
};
use nats_playground::sim::runner::Runner;
use nats_playground::sim::{run_scenario, Op, RunConfig, Scenario, TraceEvent, TraceKind};
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

// ------------------------------------------------------------------ the files

struct Case {
    kind: String,
    name: String,
    opts: HashMap<String, String>,
    input: Vec<(usize, String)>,
    /// Line numbers (0-based) of the expected block: `start..end`.
    expected: std::ops::Range<usize>,
    line: usize,
}

fn parse_file(text: &str) -> Result<Vec<Case>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut cases = Vec::new();
    let (mut i, mut cited) = (0, false);
    while i < lines.len() {
        let l = lines[i].trim_end();
        if l.is_empty() || l.starts_with('#') {
            cited |= l.contains('§');
            i += 1;
            continue;
        }
        let mut words = l.split_whitespace();
        let kind = words.next().unwrap_or_default().to_string();
        if !["run", "sim", "wire"].contains(&kind.as_str()) {
            return Err(format!(
                "line {}: expected run, sim or wire, got {l:?}",
                i + 1
            ));
        }
        let name = words
            .next()
            .ok_or_else(|| format!("line {}: the case has no name", i + 1))?
            .to_string();
        let mut opts = HashMap::new();
        for w in words {
            let (k, v) = w
                .split_once('=')
                .ok_or_else(|| format!("line {}: option {w:?} is not key=value", i + 1))?;
            opts.insert(k.to_string(), v.to_string());
        }
        let line = i + 1;
        if !std::mem::take(&mut cited) {
            return Err(format!("line {line}: case {name} has no comment citing its rule (§N.M of docs/semantics.md)"));
        }
        i += 1;
        let mut input = Vec::new();
        while i < lines.len() && lines[i].trim_end() != "----" {
            let l = lines[i].trim();
            if l.is_empty() {
                return Err(format!("line {}: case {name} has no `----`", i + 1));
            }
            if !l.starts_with('#') {
                input.push((i + 1, l.to_string()));
            }
            i += 1;
        }
        if i == lines.len() {
            return Err(format!("case {name} (line {line}) has no `----`"));
        }
        i += 1;
        let start = i;
        while i < lines.len() && !lines[i].trim().is_empty() {
            i += 1;
        }
        cases.push(Case {
            kind,
            name,
            opts,
            input,
            expected: start..i,
            line,
        });
    }
    Ok(cases)
}

#[rustfmt::skip]
/// The event kinds a `run` or `sim` case prints (FORMAT.md's `ev` names) and a `wire` case.
const TRACE_KINDS: &[&str] = &[
    "connected", "connect_error", "subscribed", "subscribe_error", "pub_ack", "deliver", "ack",
    "closed", "monitor",
];
#[rustfmt::skip]
const WIRE_KINDS: &[&str] = &[
    "connected", "connect_failed", "closed", "pub_ack", "subscribed", "subscribe_failed",
    "sub_removed", "deliver", "probe", "pong", "stored", "evicted", "acked", "hb_missed",
    "removed", "channel_deleted", "monitor",
];

fn run_case(c: &Case) -> Result<Vec<String>, String> {
    if let Some(k) = c.opts.keys().find(|k| *k != "only") {
        return Err(format!("unknown option {k:?}"));
    }
    let kinds = if c.kind == "wire" {
        WIRE_KINDS
    } else {
        TRACE_KINDS
    };
    let only: Option<HashSet<&str>> = c.opts.get("only").map(|s| s.split(',').collect());
    if let Some(bad) = only.iter().flatten().find(|k| !kinds.contains(k)) {
        return Err(format!(
            "only={bad}: a {} case prints {}",
            c.kind,
            kinds.join(", ")
        ));
    }
    let out = match c.kind.as_str() {
        "run" => run_lines(&c.input, false)?,
        "sim" => run_lines(&c.input, true)?,
        _ => Wire::run(&c.input)?,
    };
    let lines: Vec<String> = out
        .into_iter()
        .filter(|(kind, _)| {
            kind == "refused" || only.as_ref().is_none_or(|o| o.contains(kind.as_str()))
        })
        .flat_map(|(_, lines)| lines)
        .collect();
    if lines.is_empty() {
        return Err("the case prints nothing, so it checks nothing".into());
    }
    Ok(lines)
}

#[test]
fn every_rule_case_produces_its_trace() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules");
    let rewrite = std::env::var_os("RULES_REWRITE").is_some();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        7,
        "one rule file per group in {}",
        dir.display()
    );
    let (mut total, mut failed) = (0, Vec::new());
    let mut names = HashSet::new();
    for path in &files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let cases = parse_file(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        for c in cases.iter().rev() {
            total += 1;
            assert!(
                names.insert(c.name.clone()),
                "{file}: two cases named {}",
                c.name
            );
            let got = match run_case(c) {
                Ok(got) => got,
                Err(e) => {
                    // A broken case fails in rewrite mode too: it must not become its own
                    // expected output.
                    println!("FAIL {file}:{} {}: {e}", c.line, c.name);
                    failed.push(format!("{file}:{} {}: {e}", c.line, c.name));
                    continue;
                }
            };
            let want = &lines[c.expected.clone()];
            if rewrite {
                lines.splice(c.expected.clone(), got);
            } else if want != got.as_slice() {
                println!("FAIL {file}:{} {}", c.line, c.name);
                print_diff(want, &got);
                failed.push(format!("{file}:{} {}", c.line, c.name));
            }
        }
        if rewrite {
            std::fs::write(path, lines.join("\n") + "\n").unwrap();
        }
    }
    println!("{} of {total} rule cases match", total - failed.len());
    if rewrite {
        println!("RULES_REWRITE: expected output rewritten; read `git diff tests/rules`");
    }
    assert!(failed.is_empty(), "rule cases that differ: {failed:#?}");
}

/// Prints expected (`-`) against actual (`+`) lines, matching the longest common run.
fn print_diff(want: &[String], got: &[String]) {
    let (n, m) = (want.len(), got.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if want[i] == got[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && want[i] == got[j] {
            println!("      {}", want[i]);
            (i, j) = (i + 1, j + 1);
        } else if j == m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1]) {
            println!("    - {}", want[i]);
            i += 1;
        } else {
            println!("    + {}", got[j]);
            j += 1;
        }
    }
}

// ------------------------------------------------------------------ tokens

/// Splits a line on spaces; `"..."` is one JSON string, `{...}` / `[...]` one JSON value.
fn tokens(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut depth, mut in_str, mut esc) = (0i32, false, false);
    for ch in line.chars() {
        if in_str {
            cur.push(ch);
            match (esc, ch) {
                (true, _) => esc = false,
                (false, '\\') => esc = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match ch {
            '"' => in_str = true,
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            c if c.is_whitespace() && depth == 0 => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                continue;
            }
            _ => {}
        }
        cur.push(ch);
    }
    if in_str || depth != 0 {
        return Err(format!("unbalanced quotes or brackets in {line:?}"));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// A token as a JSON value: JSON if it parses (numbers, `true`, `"x"`, `{...}`), else a string.
fn value(tok: &str) -> Value {
    serde_json::from_str(tok).unwrap_or_else(|_| Value::String(tok.to_string()))
}

/// A token as a string: a quoted token is unquoted.
fn text(tok: &str) -> String {
    match value(tok) {
        Value::String(s) => s,
        _ => tok.to_string(),
    }
}

/// A string as printed: bare when it is a plain word, else JSON-quoted.
fn show(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.:/*>".contains(c));
    if plain {
        s.to_string()
    } else {
        Value::String(s.to_string()).to_string()
    }
}

fn num(tok: &str) -> Result<u64, String> {
    tok.parse()
        .map_err(|_| format!("expected a number, got {tok:?}"))
}

// ------------------------------------------------------------------ the scenario syntax

/// What a compiled case holds besides the scenario: per monitor step, the fields to print;
/// per step, whether it is issued at once (`&`, `sim` cases only).
struct Compiled {
    scenario: Value,
    projections: Vec<Vec<String>>,
    at_once: Vec<bool>,
}

/// Compiles the line syntax to a FORMAT.md scenario. Lines:
///
/// - `server key=value ...` (the `server` object), `end MS` (`end_ms`);
/// - `AT connect CLIENT ... [cluster_id=X]`: one connect step per client;
/// - `AT sub CLIENT LABEL SUBJECT key=value ...`: a subscribe (any FORMAT.md key);
/// - `AT publish CLIENT SUBJECT DATA ... [every=MS]`: one publish per data word, `every` ms apart;
/// - `AT unsubscribe|sub_close LABEL ...`, `AT close|kill CLIENT ...`: one step per name;
/// - `AT ack LABEL SEQ`; `AT monitor PATH [| field ...]`.
///
/// A value is JSON when it parses as JSON (`5`, `true`, `{"at_sequence":2}`, `""`), else text.
fn compile(lines: &[(usize, String)], allow_at_once: bool) -> Result<Compiled, String> {
    let mut server = Map::new();
    let mut steps = Vec::new();
    let (mut projections, mut at_once) = (Vec::new(), Vec::new());
    let mut end = 0u64;
    for (n, line) in lines {
        let err = |e: String| format!("line {n}: {e}");
        let (once, line) = match line.strip_prefix('&') {
            Some(rest) if allow_at_once => (true, rest.trim()),
            Some(_) => return Err(err("`&` (at once) is for sim cases".into())),
            None => (false, line.as_str()),
        };
        let (line, fields) = match line.split_once(" | ") {
            Some((l, f)) => (l, f.split_whitespace().map(str::to_string).collect()),
            None => (line, Vec::new()),
        };
        let toks = tokens(line).map_err(err)?;
        let (pos, kv): (Vec<&String>, Vec<&String>) = toks.iter().partition(|t| {
            !t.contains('=') || t.starts_with('"') || t.starts_with('{') || t.starts_with('/')
        });
        let mut kv_map = Map::new();
        for t in kv {
            let (k, v) = t.split_once('=').unwrap();
            kv_map.insert(k.to_string(), value(v));
        }
        let head = pos.first().map(|s| s.as_str());
        if !fields.is_empty() && pos.get(1).map(|s| s.as_str()) != Some("monitor") {
            return Err(err("`| fields` is for monitor lines".into()));
        }
        match head {
            Some("server") if pos.len() == 1 => server.extend(kv_map),
            Some("end") if pos.len() == 2 && kv_map.is_empty() => end = num(pos[1]).map_err(err)?,
            Some(at) => {
                let at = num(at).map_err(err)?;
                let op = pos.get(1).ok_or_else(|| err("no op".into()))?.as_str();
                let a: Vec<String> = pos[2..].iter().map(|t| text(t)).collect();
                let arity = |ok: bool, usage: &str| match ok {
                    true => Ok(()),
                    false => Err(err(format!("usage: AT {op} {usage}"))),
                };
                let every = match kv_map.remove("every") {
                    Some(v) if op == "publish" => {
                        v.as_u64().ok_or_else(|| err("every=MS".into()))?
                    }
                    Some(_) => return Err(err("every= is for publish".into())),
                    None => 0,
                };
                // (time, the step's own fields) for each step the line makes.
                let made: Vec<(u64, Value)> = match op {
                    "connect" | "close" | "kill" => {
                        arity(!a.is_empty(), "CLIENT ...")?;
                        a.iter().map(|c| (at, json!({ "client": c }))).collect()
                    }
                    "unsubscribe" | "sub_close" => {
                        arity(!a.is_empty(), "LABEL ...")?;
                        a.iter().map(|s| (at, json!({ "sub": s }))).collect()
                    }
                    "sub" => {
                        arity(a.len() == 3, "CLIENT LABEL SUBJECT key=value ...")?;
                        vec![(at, json!({ "client": a[0], "sub": a[1], "subject": a[2] }))]
                    }
                    "publish" => {
                        arity(a.len() >= 3, "CLIENT SUBJECT DATA ... [every=MS]")?;
                        (a[2..].iter().enumerate())
                            .map(|(i, d)| {
                                let f = json!({ "client": a[0], "subject": a[1], "data": d });
                                (at + i as u64 * every, f)
                            })
                            .collect()
                    }
                    "ack" => {
                        arity(a.len() == 2, "LABEL SEQ")?;
                        vec![(at, json!({ "sub": a[0], "seq": num(&a[1]).map_err(err)? }))]
                    }
                    "monitor" => {
                        arity(a.len() == 1, "PATH [| field ...]")?;
                        projections.push(fields.clone());
                        vec![(at, json!({ "path": a[0] }))]
                    }
                    other => return Err(err(format!("unknown op {other:?}"))),
                };
                let op = if op == "sub" { "subscribe" } else { op };
                for (t, f) in made {
                    steps.push(step(t, op, f, &kv_map));
                    at_once.push(once);
                }
            }
            None => {}
        }
    }
    let scenario = json!({ "name": "rule", "server": server, "steps": steps, "end_ms": end });
    Ok(Compiled {
        scenario,
        projections,
        at_once,
    })
}

fn step(at: u64, op: &str, fields: Value, extra: &Map<String, Value>) -> Value {
    let mut s = Map::new();
    s.insert("at".into(), json!(at));
    s.insert("op".into(), json!(op));
    if let Value::Object(f) = fields {
        s.extend(f);
    }
    s.extend(extra.clone());
    Value::Object(s)
}

/// Runs a `run` case (through `run_scenario`) or a `sim` case (step by step, `&` steps at once).
fn run_lines(lines: &[(usize, String)], sim: bool) -> Result<Vec<(String, Vec<String>)>, String> {
    let c = compile(lines, sim)?;
    // A scenario the reader refuses is an outcome a case may expect (its message is the output).
    let s = match Scenario::parse(&c.scenario.to_string()) {
        Ok(s) => s,
        Err(e) => return Ok(vec![("refused".into(), vec![format!("refused: {e}")])]),
    };
    let trace: Vec<TraceEvent> = if sim {
        let mut r = Runner::new(&s, &RunConfig::default());
        for (step, once) in s.steps.iter().zip(&c.at_once) {
            let start = step.at.max(r.sim.now());
            r.sim.run_until(start);
            if *once {
                at_once(&mut r, &step.op)?;
            } else {
                r.apply(&step.op);
            }
        }
        let end = s.end_ms.max(r.sim.now());
        r.sim.run_until(end);
        r.sim.trace().iter().cloned().collect()
    } else {
        run_scenario(&s, &RunConfig::default())
    };
    let mut projections = c.projections.into_iter();
    Ok(trace
        .iter()
        .map(|e| render_trace(e, &mut projections))
        .collect())
}

/// Issues one step without waiting for its reply (the ops `sim` cases need).
fn at_once(r: &mut Runner, op: &Op) -> Result<(), String> {
    let proc = |r: &Runner, c: &str| r.client(c).ok_or_else(|| format!("{c} never connected"));
    match op {
        Op::Connect { client, cluster_id } => {
            r.sim.connect(client, cluster_id.as_deref());
        }
        Op::Publish {
            client,
            subject,
            data,
        } => {
            let p = proc(r, client)?;
            r.sim.publish(p, subject, data);
        }
        Op::Close { client } => {
            let p = proc(r, client)?;
            r.sim.close(p);
        }
        other => return Err(format!("`&` is not supported for {}", other.name())),
    }
    Ok(())
}

fn time(t: f64) -> String {
    if t.fract() == 0.0 {
        format!("{}", t as i64)
    } else {
        format!("{t}")
    }
}

fn error_suffix(e: &Option<String>) -> String {
    e.as_ref()
        .map(|e| format!(" error={}", Value::String(e.clone())))
        .unwrap_or_default()
}

fn redelivery(redelivered: bool, count: u32) -> String {
    match (redelivered, count) {
        (true, n) => format!(" redelivered={n}"),
        (false, 0) => String::new(),
        (false, n) => format!(" count={n}"),
    }
}

fn render_trace(
    e: &TraceEvent,
    projections: &mut impl Iterator<Item = Vec<String>>,
) -> (String, Vec<String>) {
    let t = time(e.t);
    let (kind, line) = match &e.kind {
        TraceKind::Connected { client } => ("connected", format!("{t} connected {client}")),
        TraceKind::ConnectError { client, error } => (
            "connect_error",
            format!(
                "{t} connect_error {}{}",
                show(client),
                error_suffix(&Some(error.clone()))
            ),
        ),
        TraceKind::Subscribed { client, sub } => {
            ("subscribed", format!("{t} subscribed {client} {sub}"))
        }
        TraceKind::SubscribeError { client, sub, error } => (
            "subscribe_error",
            format!(
                "{t} subscribe_error {client} {sub}{}",
                error_suffix(&Some(error.clone()))
            ),
        ),
        TraceKind::PubAck {
            client,
            subject,
            data,
            error,
        } => (
            "pub_ack",
            format!(
                "{t} pub_ack {client} {} {}{}",
                show(subject),
                show(data),
                error_suffix(error)
            ),
        ),
        TraceKind::Deliver {
            sub,
            seq,
            data,
            redelivered,
            redelivery_count,
            ..
        } => (
            "deliver",
            format!(
                "{t} deliver {sub} #{seq} {}{}",
                show(data),
                redelivery(*redelivered, *redelivery_count)
            ),
        ),
        TraceKind::Ack { sub, seq, .. } => ("ack", format!("{t} ack {sub} #{seq}")),
        TraceKind::Closed { client } => ("closed", format!("{t} closed {client}")),
        TraceKind::Monitor { path, body } => {
            let fields = projections.next().unwrap_or_default();
            let mut lines = vec![format!("{t} monitor {path}")];
            lines.extend(render_body(body, &fields));
            return ("monitor".into(), lines);
        }
    };
    (kind.into(), vec![line])
}

// ------------------------------------------------------------------ monitoring bodies

/// Fields that change from run to run on a real server (FORMAT.md's comparison skips them):
/// left out unless a projection names them.
#[rustfmt::skip]
const NOISE: &[&str] = &[
    "server_id", "now", "start_time", "inbox", "ack_inbox", "hb_inbox", "bytes", "total_bytes",
    "in_bytes", "out_bytes", "open_fds", "max_fds", "mem", "cores", "version", "go", "uptime",
    "state", "role", "store_type", "feature_flags", "pid",
];

fn shown(key: &str, fields: &[String]) -> bool {
    if fields.is_empty() {
        !NOISE.contains(&key) && !key.ends_with("_time")
    } else {
        fields.iter().any(|f| f == key)
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(show(s)),
        Value::Array(a) if a.iter().all(|x| !x.is_object() && !x.is_array()) => Some(format!(
            "[{}]",
            a.iter()
                .map(|x| scalar(x).unwrap())
                .collect::<Vec<_>>()
                .join(",")
        )),
        Value::Object(_) | Value::Array(_) => None,
        other => Some(other.to_string()),
    }
}

/// A monitoring body as lines: an object's plain fields on one line, each nested object or
/// list of objects below it, indented; list entries (`-`) sorted, as lists compare as sets.
fn render_body(body: &Value, fields: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    object_lines(body, fields, "    ", "", &mut out);
    out
}

fn object_lines(v: &Value, fields: &[String], indent: &str, head: &str, out: &mut Vec<String>) {
    let Value::Object(m) = v else {
        out.push(format!("{indent}{head}{}", scalar(v).unwrap_or_default()));
        return;
    };
    let whole = fields.is_empty();
    let plain: Vec<String> = m
        .iter()
        .filter(|(k, v)| scalar(v).is_some() && shown(k, fields))
        .map(|(k, v)| format!("{k}={}", scalar(v).unwrap()))
        .collect();
    let line = format!("{indent}{head}{}", plain.join(" "));
    if !line.trim().is_empty() {
        out.push(line.trim_end().to_string());
    }
    let deeper = format!("{indent}  ");
    for (k, child) in m.iter().filter(|(_, v)| scalar(v).is_none()) {
        let inner: &[String] = if !whole && shown(k, fields) {
            &[]
        } else {
            fields
        };
        let mut lines = Vec::new();
        match child {
            Value::Array(items) => {
                let mut blocks: Vec<Vec<String>> = items
                    .iter()
                    .map(|it| {
                        let mut b = Vec::new();
                        object_lines(it, inner, &format!("{deeper}  "), "- ", &mut b);
                        b
                    })
                    .collect();
                blocks.sort();
                lines.extend(blocks.into_iter().flatten());
            }
            _ => object_lines(child, inner, &format!("{deeper}  "), "", &mut lines),
        }
        let useful = whole || shown(k, fields) || lines.iter().any(|l| l.contains('='));
        if useful {
            out.push(format!("{deeper}{k}:"));
            out.extend(lines);
        }
    }
}

// ------------------------------------------------------------------ the wire

/// A `wire` case: the harness is every client, talking to the broker with zero latency.
/// Connections answer heartbeat probes at once unless muted. Commands:
///
/// - `server key=value ...` (first; FORMAT.md's server keys);
/// - `connect LABEL [client=ID]`, `mute LABEL`, `unmute LABEL`, `ping LABEL`, `close LABEL`;
/// - `subscribe LABEL SUB SUBJECT [queue= durable= ack_wait_secs= max_in_flight= start=]`;
/// - `publish LABEL SUBJECT DATA`, `ack SUB SEQ`, `sub_close LABEL SUB`, `unsubscribe LABEL SUB`;
/// - `run MS` (every timer due by then), `monitor PATH [| field ...]`.
///
/// `#N` names a connection or subscription id the harness never made.
struct Wire {
    b: Broker,
    now: Millis,
    next_req: u64,
    conns: HashMap<String, ConnId>,
    conn_names: HashMap<ConnId, String>,
    subs: HashMap<String, SubId>,
    sub_names: HashMap<SubId, String>,
    pending: HashMap<ReqId, String>,
    muted: HashSet<ConnId>,
    out: Vec<(String, Vec<String>)>,
}

impl Wire {
    fn run(lines: &[(usize, String)]) -> Result<Vec<(String, Vec<String>)>, String> {
        let mut server = Map::new();
        let mut body = lines;
        if let Some((_, first)) = lines.first() {
            if let Some(rest) = first.strip_prefix("server ") {
                for kv in rest.split_whitespace() {
                    let (k, v) = kv.split_once('=').ok_or("server key=value")?;
                    server.insert(k.into(), value(v));
                }
                body = &lines[1..];
            }
        }
        let s = Scenario::parse(&json!({ "server": server, "steps": [] }).to_string())
            .map_err(|e| e.to_string())?;
        let mut w = Wire {
            b: Broker::new(s.server),
            now: 0,
            next_req: 0,
            conns: HashMap::new(),
            conn_names: HashMap::new(),
            subs: HashMap::new(),
            sub_names: HashMap::new(),
            pending: HashMap::new(),
            muted: HashSet::new(),
            out: Vec::new(),
        };
        for (n, line) in body {
            w.command(line).map_err(|e| format!("line {n}: {e}"))?;
        }
        Ok(w.out)
    }

    fn req(&mut self, label: &str) -> ReqId {
        self.next_req += 1;
        let r = ReqId(self.next_req);
        self.pending.insert(r, label.to_string());
        r
    }

    fn conn(&self, label: &str) -> Result<ConnId, String> {
        match label.strip_prefix('#') {
            Some(n) => Ok(ConnId(num(n)?)),
            None => self
                .conns
                .get(label)
                .copied()
                .ok_or(format!("no connection {label}")),
        }
    }

    fn sub(&self, label: &str) -> Result<SubId, String> {
        match label.strip_prefix('#') {
            Some(n) => Ok(SubId(num(n)?)),
            None => self
                .subs
                .get(label)
                .copied()
                .ok_or(format!("no subscription {label}")),
        }
    }

    fn command(&mut self, line: &str) -> Result<(), String> {
        let (line, fields) = match line.split_once(" | ") {
            Some((l, f)) => (l, f.split_whitespace().map(str::to_string).collect()),
            None => (line, Vec::new()),
        };
        let toks = tokens(line)?;
        let arg = |i: usize| {
            toks.get(i)
                .map(|t| text(t))
                .ok_or(format!("{line:?}: argument {i} missing"))
        };
        let word = toks.first().map(String::as_str).unwrap_or_default();
        let (least, most) = match word {
            "connect" => (1, 2),
            "subscribe" => (3, 8),
            "publish" => (3, 3),
            "ack" | "sub_close" | "unsubscribe" => (2, 2),
            _ => (1, 1),
        };
        if !(least..=most).contains(&(toks.len().max(1) - 1)) {
            return Err(format!(
                "{line:?}: {word} takes {least} to {most} arguments"
            ));
        }
        if !fields.is_empty() && word != "monitor" {
            return Err("`| fields` is for monitor lines".into());
        }
        let cmd = match toks.first().map(String::as_str) {
            Some("connect") => {
                let label = arg(1)?;
                let id = match toks.get(2) {
                    Some(t) => t
                        .strip_prefix("client=")
                        .map(text)
                        .ok_or("connect LABEL [client=ID]")?,
                    None => label.clone(),
                };
                let req = self.req(&label);
                Command::Connect {
                    req,
                    cluster_id: self.b.options().cluster_id.clone(),
                    client_id: id,
                }
            }
            Some("mute") => {
                self.muted.insert(self.conn(&arg(1)?)?);
                return Ok(());
            }
            Some("unmute") => {
                self.muted.remove(&self.conn(&arg(1)?)?);
                return Ok(());
            }
            Some("run") => {
                let t = num(&arg(1)?)?;
                while let Some(d) = self.b.next_deadline().filter(|d| *d <= t) {
                    self.now = self.now.max(d);
                    self.b.handle_timeout(self.now);
                    self.pump();
                }
                self.now = self.now.max(t);
                self.b.handle_timeout(self.now);
                self.pump();
                return Ok(());
            }
            Some("monitor") => {
                let path = arg(1)?;
                let mut lines = vec![format!("{} monitor {path}", self.now)];
                match self.b.monitor(&path) {
                    Ok(body) => lines.extend(render_body(&body, &fields)),
                    Err(e) => lines.push(format!("    {} text={}", e.status_line(), show(&e.body))),
                }
                self.out.push(("monitor".into(), lines));
                return Ok(());
            }
            Some("ping") => {
                let conn = self.conn(&arg(1)?)?;
                let req = self.req("");
                Command::Ping { req, conn }
            }
            Some("close") => {
                let conn = self.conn(&arg(1)?)?;
                let req = self.req("");
                Command::Close { req, conn }
            }
            Some("publish") => {
                let conn = self.conn(&arg(1)?)?;
                let req = self.req("");
                Command::Publish {
                    req,
                    conn,
                    subject: arg(2)?,
                    data: arg(3)?.into(),
                }
            }
            Some("ack") => Command::Ack {
                sub: self.sub(&arg(1)?)?,
                seq: num(&arg(2)?)?,
            },
            Some(op @ ("sub_close" | "unsubscribe")) => {
                let conn = self.conn(&arg(1)?)?;
                let sub = self.sub(&arg(2)?)?;
                let req = self.req("");
                if op == "sub_close" {
                    Command::SubClose { req, conn, sub }
                } else {
                    Command::Unsubscribe { req, conn, sub }
                }
            }
            Some("subscribe") => {
                let conn = self.conn(&arg(1)?)?;
                let label = arg(2)?;
                let mut r = SubscribeRequest::new(arg(3)?);
                for t in &toks[4..] {
                    let (k, v) = t.split_once('=').ok_or(format!("{t:?} is not key=value"))?;
                    let n = || v.parse::<i64>().map_err(|_| format!("{k}: not a number"));
                    match k {
                        "queue" => r.queue = Some(text(v)),
                        "durable" => r.durable = Some(text(v)),
                        "ack_wait_secs" => r.ack_wait_secs = n()?,
                        "max_in_flight" => r.max_in_flight = n()?,
                        "start" => r.start = start(v)?,
                        _ => return Err(format!("unknown subscribe key {k}")),
                    }
                }
                let req = self.req(&label);
                Command::Subscribe {
                    req,
                    conn,
                    request: r,
                }
            }
            _ => return Err(format!("unknown command {line:?}")),
        };
        self.b.handle(self.now, cmd);
        self.pump();
        Ok(())
    }

    fn pump(&mut self) {
        while let Some(ev) = self.b.poll_event() {
            if let Event::HeartbeatProbe { conn, probe } = ev {
                if !self.muted.contains(&conn) {
                    self.b
                        .handle(self.now, Command::HeartbeatReply { conn, probe });
                }
            }
            let line = self.render(&ev);
            self.out
                .push((line.0.to_string(), vec![format!("{} {}", self.now, line.1)]));
        }
    }

    fn name(&self, c: ConnId) -> String {
        self.conn_names
            .get(&c)
            .cloned()
            .unwrap_or(format!("#{}", c.0))
    }

    fn sname(&self, s: SubId) -> String {
        self.sub_names
            .get(&s)
            .cloned()
            .unwrap_or(format!("#{}", s.0))
    }

    fn render(&mut self, ev: &Event) -> (&'static str, String) {
        match ev {
            Event::Connected { req, conn, .. } => {
                let l = self.pending.get(req).cloned().unwrap_or_default();
                self.conns.insert(l.clone(), *conn);
                self.conn_names.insert(*conn, l.clone());
                ("connected", format!("connected {l}"))
            }
            Event::ConnectFailed { req, error, .. } => {
                let l = self.pending.get(req).cloned().unwrap_or_default();
                (
                    "connect_failed",
                    format!("connect_failed {l}{}", error_suffix(&Some(error.clone()))),
                )
            }
            Event::Closed { conn, error, .. } => (
                "closed",
                format!("closed {}{}", self.name(*conn), error_suffix(error)),
            ),
            Event::PubAck { conn, error, .. } => (
                "pub_ack",
                format!("pub_ack {}{}", self.name(*conn), error_suffix(error)),
            ),
            Event::Subscribed { req, conn, sub } => {
                let l = self.pending.get(req).cloned().unwrap_or_default();
                self.subs.insert(l.clone(), *sub);
                self.sub_names.insert(*sub, l.clone());
                ("subscribed", format!("subscribed {} {l}", self.name(*conn)))
            }
            Event::SubscribeFailed { req, conn, error } => {
                let l = self.pending.get(req).cloned().unwrap_or_default();
                let e = error_suffix(&Some(error.clone()));
                (
                    "subscribe_failed",
                    format!("subscribe_failed {} {l}{e}", self.name(*conn)),
                )
            }
            Event::SubRemoved {
                conn, sub, error, ..
            } => (
                "sub_removed",
                format!(
                    "sub_removed {} {}{}",
                    self.name(*conn),
                    self.sname(*sub),
                    error_suffix(error)
                ),
            ),
            Event::Deliver { sub, msg, .. } => (
                "deliver",
                format!(
                    "deliver {} #{} {}{}",
                    self.sname(*sub),
                    msg.seq,
                    show(&msg.data),
                    redelivery(msg.redelivered, msg.redelivery_count)
                ),
            ),
            Event::HeartbeatProbe { conn, .. } => ("probe", format!("probe {}", self.name(*conn))),
            Event::Pong { conn, error, .. } => (
                "pong",
                format!("pong {}{}", self.name(*conn), error_suffix(error)),
            ),
            Event::Stored { channel, seq } => ("stored", format!("stored {channel} #{seq}")),
            Event::Evicted {
                channel,
                first,
                last,
            } => ("evicted", format!("evicted {channel} #{first}..#{last}")),
            Event::AckProcessed { sub, seq } => {
                ("acked", format!("acked {} #{seq}", self.sname(*sub)))
            }
            Event::HeartbeatMissed { conn, failed } => (
                "hb_missed",
                format!("hb_missed {} failed={failed}", self.name(*conn)),
            ),
            Event::ClientRemoved { conn, reason, .. } => (
                "removed",
                format!("removed {} {reason:?}", self.name(*conn)),
            ),
            Event::ChannelDeleted { channel } => {
                ("channel_deleted", format!("channel_deleted {channel}"))
            }
        }
    }
}

fn start(v: &str) -> Result<StartPosition, String> {
    match value(v) {
        Value::String(s) if s == "new" => Ok(StartPosition::NewOnly),
        Value::String(s) if s == "all" => Ok(StartPosition::First),
        Value::String(s) if s == "last_received" => Ok(StartPosition::LastReceived),
        Value::Object(m) => match (m.get("at_sequence"), m.get("time_delta_ms")) {
            (Some(n), _) => Ok(StartPosition::Sequence(n.as_u64().ok_or("at_sequence")?)),
            (_, Some(n)) => Ok(StartPosition::TimeDelta(n.as_u64().ok_or("time_delta_ms")?)),
            _ => Err(format!("start {v}")),
        },
        _ => Err(format!("start {v}")),
    }
}
