//! What the wasm asks the browser for instead of carrying its own code, against what the
//! native build does (the golden traces and the native tests use the latter):
//! - the case check's lower-casing (`broker::case::lower`: `String.prototype.toLowerCase`)
//!   against `str::to_lowercase`: a channel refused (or not) for its case natively is refused
//!   (or not) in the app too;
//! - the digits of floats in written JSON (`json::to_string`: JavaScript's shortest digits)
//!   against `serde_json`'s.
//!
//! `cargo test --target wasm32-unknown-unknown --test web_browser`
#![cfg(target_arch = "wasm32")]

use nats_playground::broker::case::lower;
use nats_playground::broker::{Broker, Command, ConnId, Event, ReqId, ServerOptions};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Names in many scripts, with the mapping's special cases: final sigma, `İ` (two characters
/// when lower-cased), a title-case digraph, full-width and supplementary-plane letters.
const NAMES: &[&str] = &[
    "orders",
    "Orders.EU-1_x:y",
    "ÄÖÜ.ß",
    "Ärger",
    "ΣΟΦΊΑ",
    "ΑΣ ΑΣ.Σ",
    "ὈΔΥΣΣΕΎΣ",
    "İstanbul",
    "ǄǅǆǇ",
    "ＡＢＣ",
    "МОСКВА.Ёж",
    "ԱԲԳ",
    "ႠႡႢ",
    "ᎠᎡᎢ",
    "𐐀𐐁𐐂",
    "𞤀𞤁",
    "ⰀⰁ",
    "ÅngstrÖm K",
    "注文.主题",
    "😀.Tickets",
    "",
];

#[wasm_bindgen_test]
fn the_browser_lower_cases_as_rust_does() {
    for name in NAMES {
        assert_eq!(lower(name), name.to_lowercase(), "{name}");
    }
}

/// The error of a publish to `subject` (`None`: stored).
fn publish(b: &mut Broker, conn: ConnId, req: u64, subject: &str) -> Option<String> {
    b.handle(
        0,
        Command::Publish {
            req: ReqId(req),
            conn,
            subject: subject.into(),
            data: "{}".into(),
        },
    );
    let mut answer = None;
    while let Some(e) = b.poll_event() {
        if let Event::PubAck { error, .. } = e {
            answer = Some(error);
        }
    }
    answer.expect("a publish is answered")
}

#[wasm_bindgen_test]
fn a_name_differing_only_by_case_is_refused_in_any_script() {
    let mut b = Broker::new(ServerOptions::default());
    b.handle(
        0,
        Command::Connect {
            req: ReqId(1),
            cluster_id: ServerOptions::default().cluster_id,
            client_id: "c1".into(),
        },
    );
    let conn = std::iter::from_fn(|| b.poll_event())
        .find_map(|e| match e {
            Event::Connected { conn, .. } => Some(conn),
            _ => None,
        })
        .expect("connected");
    assert_eq!(publish(&mut b, conn, 2, "Ärger.ΣΟΦΊΑ"), None);
    assert_eq!(
        publish(&mut b, conn, 3, "ärger.σοφία").as_deref(),
        Some(
            r#"rejecting channel "ärger.σοφία" because channel "Ärger.ΣΟΦΊΑ" alreay exists (different cases not allowed)"#
        )
    );
    assert_eq!(publish(&mut b, conn, 4, "ärger.σοφίαx"), None);
}

#[wasm_bindgen_test]
fn floats_are_written_as_serde_json_writes_them() {
    use serde_json::Value;
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut floats = vec![
        0.0,
        -0.0,
        1.0,
        -1.5,
        0.1,
        1e-5,
        1e-6,
        1e-7,
        1.5e-7,
        123.456,
        1e15,
        1e16,
        1.2e21,
        1e300,
        5e-324,
        1.7976931348623157e308,
        0.30000000000000004,
        2.5,
        13.37,
    ];
    for _ in 0..5_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let f = f64::from_bits(x);
        if f.is_finite() {
            floats.push(f);
        }
        floats.push((x % 10_000_000) as f64 / 100.0);
    }
    for f in floats {
        let v = Value::from(f);
        let ours = nats_playground::json::to_string(&v);
        let theirs = v.to_string();
        assert_eq!(
            ours.parse::<f64>().unwrap().to_bits(),
            f.to_bits(),
            "{ours} reads back"
        );
        // 17 significant digits: more than one number reads back as `f` (see `json.rs`).
        let significant = theirs
            .split('e')
            .next()
            .unwrap()
            .trim_start_matches('-')
            .replace('.', "")
            .trim_matches('0')
            .len();
        if significant < 17 {
            assert_eq!(ours, theirs, "{f:e}");
        }
    }
}
