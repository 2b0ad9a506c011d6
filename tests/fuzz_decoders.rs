//! Fuzzing every decoder of outside input with proptest: the scenario parser, the share-link
//! decoder, the saved-state loader and the JSON data editor's check. None may panic, and every
//! rejection must say what is wrong.

use nats_playground::playground::{share, Action, Playground, PublisherCfg, Saved};
use nats_playground::sim::Scenario;
use proptest::prelude::*;

fn sample_saved_json() -> String {
    let mut pg = Playground::default();
    pg.apply(Action::AddPublisher);
    pg.apply(Action::AddListener);
    pg.apply(Action::Connect(1));
    pg.apply(Action::Connect(2));
    pg.apply(Action::Seek(400));
    pg.apply(Action::Subscribe(2));
    pg.apply(Action::Seek(800));
    pg.apply(Action::Publish(1));
    pg.apply(Action::Seek(1200));
    pg.to_saved().to_json()
}

/// Byte-level mutations of a valid document: flips, cuts, duplicated slices.
fn mutate(base: &str, edits: &[(usize, u8, u8)]) -> String {
    let mut b = base.as_bytes().to_vec();
    for &(pos, kind, val) in edits {
        if b.is_empty() {
            break;
        }
        let i = pos % b.len();
        match kind % 4 {
            0 => b[i] = val,
            1 => b.truncate(i),
            2 => {
                let end = (i + (val as usize)).min(b.len());
                let dup: Vec<u8> = b[i..end].to_vec();
                b.splice(i..i, dup);
            }
            _ => {
                b.remove(i);
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn scenario_parser_never_panics(text in ".{0,400}") {
        if let Err(e) = Scenario::parse(&text) {
            prop_assert!(!e.message.is_empty());
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn saved_state_loader_survives_mutations(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..6)) {
        let text = mutate(&sample_saved_json(), &edits);
        match Saved::from_json(&text) {
            Ok(saved) => {
                // Whatever loads must also play without panicking.
                let mut pg = Playground::from_saved(&saved);
                pg.apply(Action::Seek(pg.now() + 2000));
            }
            Err(e) => prop_assert!(!e.message.is_empty()),
        }
    }

    #[test]
    fn share_link_decoder_survives_mutations(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..6)) {
        let saved = Saved::from_json(&sample_saved_json()).unwrap();
        let link = share::encode(&saved);
        let broken = mutate(&link, &edits);
        if let Err(e) = share::decode(&broken) {
            prop_assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn share_link_decoder_never_panics_on_noise(text in "[A-Za-z0-9_#=-]{0,300}") {
        if let Err(e) = share::decode(&text) {
            prop_assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn data_editor_refuses_invalid_json_without_sending(data in ".{0,80}") {
        let mut pg = Playground::default();
        pg.apply(Action::AddPublisher);
        pg.apply(Action::Connect(1));
        pg.apply(Action::Seek(500));
        pg.apply(Action::EditPublisher(1, PublisherCfg { data: data.clone(), ..PublisherCfg::default() }));
        let steps = pg.scenario.steps.len();
        pg.apply(Action::Publish(1));
        let valid = serde_json::from_str::<serde_json::Value>(&data).is_ok();
        prop_assert_eq!(pg.scenario.steps.len(), steps + usize::from(valid));
        if !valid {
            prop_assert!(pg.notice.as_ref().is_some_and(|n| n.text.contains("not valid JSON")));
        }
    }
}
