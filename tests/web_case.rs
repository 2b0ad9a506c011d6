//! The case check's lower-casing in the browser (`broker::case::lower`, which uses
//! `String.prototype.toLowerCase` there) against Rust's `str::to_lowercase`, the mapping the
//! native build and the golden traces use: the two must agree, so that a channel refused (or
//! not) for its case natively is refused (or not) in the app too.
//! `cargo test --target wasm32-unknown-unknown --test web_case`
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
