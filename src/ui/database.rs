//! The concurrency lab's databases: what each service wrote, what it should hold (every event
//! applied once, in publish order) and the difference, highlighted with a word, not colour only.

use crate::lessons::check::expected_db;
use crate::num::Fixed;
use crate::playground::Playground;
use crate::sim::app::business;
use crate::vecmap::VecMap;
use yew::prelude::*;

/// One record: key, the service's value, the expected value, whether they differ.
#[derive(Clone, PartialEq)]
pub struct Row {
    pub key: String,
    pub actual: String,
    pub expected: String,
    pub differs: bool,
}

#[derive(Clone, PartialEq)]
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
            .map(|(k, v)| format!("{k}: {}", crate::json::to_string(v)))
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

#[derive(Properties, PartialEq)]
pub struct DatabasesProps {
    pub dbs: Vec<DbVm>,
}

#[component(Databases)]
pub fn databases_view(props: &DatabasesProps) -> Html {
    if props.dbs.is_empty() {
        return html! {};
    }
    html! {
        <section class="lc-db" aria-label="Databases" data-testid="databases">
            { for props.dbs.iter().map(|d| html! {
                <div class="lc-db-one" data-testid={format!("db-{}", d.name)}>
                    <h4>{ format!("Database \u{201c}{}\u{201d}", d.name) }</h4>
                    <table>
                        <thead><tr><th>{ "record" }</th><th>{ "service" }</th><th>{ "expected" }</th><th></th></tr></thead>
                        <tbody>
                            { for d.rows.iter().map(|r| html! {
                                <tr class={classes!(r.differs.then_some("differs"))} data-differs={r.differs.to_string()}>
                                    <td>{ r.key.clone() }</td>
                                    <td>{ r.actual.clone() }</td>
                                    <td>{ r.expected.clone() }</td>
                                    <td>{ if r.differs { "✗ wrong" } else { "✓ right" } }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                    if !d.notes.is_empty() {
                        <ul class="lc-db-notes">
                            { for d.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                        </ul>
                    }
                </div>
            }) }
        </section>
    }
}
