//! The concurrency lab's databases as the screen shows them: each record as the service
//! wrote it beside what it should hold (every event applied once, in publish order), whether
//! the two differ in their business fields, and the database's latest notes.

use crate::lessons::check::expected_db;
use crate::num::Fixed;
use crate::playground::{business, Playground};
use crate::vecmap::VecMap;

/// One record: key, the service's value, the expected value, whether they differ.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub key: String,
    pub actual: String,
    pub expected: String,
    pub differs: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DbVm {
    pub name: String,
    pub rows: Vec<Row>,
    pub notes: Vec<String>,
}

fn show(v: Option<&serde_json::Value>) -> String {
    match v.map(business) {
        None => "—".into(),
        Some(serde_json::Value::Object(m)) => m
            .iter()
            // a field never breaks inside, only between fields
            .map(|(k, v)| format!("{k}:\u{a0}{}", crate::json::to_string(v)))
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => crate::json::to_string(&other),
    }
}

/// The view of every lab database in the simulation.
pub fn databases(pg: &Playground) -> Vec<DbVm> {
    pg.sim()
        .dbs()
        .iter()
        .map(|(name, db)| {
            let exp = expected_db(pg, name).unwrap_or_default();
            // Both maps are ordered: their keys merged, in order, once each.
            let keys: VecMap<&String, ()> = db.keys().chain(exp.keys()).map(|k| (k, ())).collect();
            let rows = keys
                .keys()
                .copied()
                .map(|k| {
                    let (a, e) = (db.get(k), exp.get(k));
                    Row {
                        key: k.clone(),
                        actual: show(a),
                        expected: show(e),
                        differs: a.map(business) != e.map(business),
                    }
                })
                .collect();
            let notes = pg
                .sim()
                .db_log()
                .iter()
                .filter(|n| &n.db == name)
                .rev()
                .take(6)
                .map(|n| format!("{} s  {}", Fixed(n.t as f64 / 1000.0, 1), n.note))
                .collect();
            DbVm {
                name: name.clone(),
                rows,
                notes,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::{Action, ListenerCfg, PanelKind, PublisherCfg};
    use crate::sim::app::AppSpec;

    #[test]
    fn a_record_the_service_wrote_once_matches_what_it_should_hold() {
        let subject = "transaction:created";
        let mut pg = Playground::default();
        assert!(databases(&pg).is_empty());
        let bank = pg.add_panel(PanelKind::Publisher(PublisherCfg {
            subject: subject.into(),
            data: r#"{"account":"u1","type":"deposit","amount":70,"version":1}"#.into(),
            every_ms: 0,
        }));
        let svc = pg.add_panel(PanelKind::Listener(ListenerCfg {
            subject: subject.into(),
            app: Some(AppSpec::Accounts {
                db: "accounts".into(),
                versioned: false,
            }),
            ..ListenerCfg::default()
        }));
        pg.apply(Action::Connect(bank));
        pg.apply(Action::Start(svc));
        pg.apply(Action::Seek(600));
        pg.apply(Action::Publish(bank));
        pg.apply(Action::Seek(2000));
        let dbs = databases(&pg);
        assert_eq!(dbs.len(), 1);
        assert_eq!(dbs[0].name, "accounts");
        let row = &dbs[0].rows[0];
        assert_eq!(
            (row.key.as_str(), row.differs),
            ("u1", false),
            "{:?}",
            dbs[0].rows
        );
        assert!(row.actual.contains("70"), "{}", row.actual);
    }
}
