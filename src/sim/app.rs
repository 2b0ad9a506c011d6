//! Listener services with business logic, for the concurrency lab: an accounts service and an
//! orders service keeping a copy of tickets, each writing to a shared "database".
//!
//! Without versions a service applies whatever arrives, in whatever order. With versions it
//! applies an event only when its version is the stored version + 1, acks (without applying)
//! one it has already seen, and leaves a future one unacked so that NATS redelivers it after
//! the earlier one is applied.

use crate::broker::monitor::json::Obj;
use crate::vecmap::VecMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppSpec {
    /// Events `{"account","type":"deposit"|"withdraw","amount","version"}`; a withdrawal
    /// larger than the balance is refused (and acked).
    Accounts { db: String, versioned: bool },
    /// `ticket:created` / `ticket:updated` events `{"id","title","price","version"}`.
    Tickets { db: String, versioned: bool },
}

impl AppSpec {
    pub fn db(&self) -> &str {
        match self {
            AppSpec::Accounts { db, .. } | AppSpec::Tickets { db, .. } => db,
        }
    }
}

/// Records by key (account or ticket id), each a JSON object with a `version`.
pub type Db = VecMap<String, Value>;

/// What the handler did with one event.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub ack: bool,
    pub applied: bool,
    pub note: String,
}

fn version_of(v: &Value) -> u64 {
    v.get("version").and_then(Value::as_u64).unwrap_or(0)
}

fn outcome(ack: bool, applied: bool, note: String) -> Outcome {
    Outcome { ack, applied, note }
}

/// Applies one event to the database as the service would.
pub fn handle(app: &AppSpec, db: &mut Db, subject: &str, data: &str) -> Outcome {
    let Ok(ev) = crate::json::parse(data) else {
        return outcome(true, false, format!("ignored: not JSON ({data})"));
    };
    match app {
        AppSpec::Accounts { versioned, .. } => accounts(db, &ev, *versioned),
        AppSpec::Tickets { versioned, .. } => tickets(db, subject, &ev, *versioned),
    }
}

/// Version gate shared by both services: `Some(outcome)` when the event must not be applied now.
fn gate(stored: u64, version: u64, key: &str) -> Option<Outcome> {
    if version <= stored {
        return Some(outcome(
            true,
            false,
            format!("{key}: version {version} already applied; acked"),
        ));
    }
    if version > stored + 1 {
        return Some(outcome(
            false,
            false,
            format!("{key}: version {version} arrived before version {}; not acked, NATS will redeliver it", stored + 1),
        ));
    }
    None
}

fn accounts(db: &mut Db, ev: &Value, versioned: bool) -> Outcome {
    let account = ev
        .get("account")
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_string();
    let amount = ev.get("amount").and_then(Value::as_i64).unwrap_or(0);
    let kind = ev.get("type").and_then(Value::as_str).unwrap_or("deposit");
    let version = version_of(ev);
    let rec = db.get_or_insert_with(account.clone(), || {
        Obj::new().put("balance", 0u64).put("version", 0u64).done()
    });
    let stored = version_of(rec);
    if versioned {
        if let Some(o) = gate(stored, version, &account) {
            return o;
        }
    }
    let balance = rec.get("balance").and_then(Value::as_i64).unwrap_or(0);
    let (new_balance, note) = match kind {
        "withdraw" if balance < amount => {
            if versioned {
                rec["version"] = Value::from(version);
            }
            return outcome(
                true,
                false,
                format!("{account}: withdraw ${amount} refused (balance ${balance})"),
            );
        }
        "withdraw" => (
            balance - amount,
            format!("{account}: withdraw ${amount} -> ${}", balance - amount),
        ),
        _ => (
            balance + amount,
            format!("{account}: deposit ${amount} -> ${}", balance + amount),
        ),
    };
    rec["balance"] = Value::from(new_balance);
    if versioned {
        rec["version"] = Value::from(version);
    }
    outcome(true, true, note)
}

fn tickets(db: &mut Db, subject: &str, ev: &Value, versioned: bool) -> Outcome {
    let id = ev
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_string();
    let version = version_of(ev);
    let fields = Obj::new()
        .put("title", ev.get("title").cloned().unwrap_or(Value::Null))
        .put("price", ev.get("price").cloned().unwrap_or(Value::Null))
        .put("version", version)
        .done();
    if subject.ends_with("created") {
        if versioned && db.contains_key(&id) {
            return outcome(true, false, format!("ticket {id}: already created; acked"));
        }
        db.insert(id.clone(), fields);
        return outcome(true, true, format!("ticket {id}: created"));
    }
    match db.get(&id) {
        None if versioned => outcome(
            false,
            false,
            format!("ticket {id}: update before create; not acked"),
        ),
        Some(rec) if versioned => {
            if let Some(o) = gate(version_of(rec), version, &format!("ticket {id}")) {
                return o;
            }
            db.insert(id.clone(), fields);
            outcome(
                true,
                true,
                format!("ticket {id}: updated to version {version}"),
            )
        }
        _ => {
            db.insert(id.clone(), fields);
            outcome(
                true,
                true,
                format!("ticket {id}: updated (version {version})"),
            )
        }
    }
}

/// What the database should hold: every event applied once, in publish order.
pub fn expected(app: &AppSpec, events: &[(String, String)]) -> Db {
    let mut db = Db::new();
    let in_order = match app {
        AppSpec::Accounts { db, .. } => AppSpec::Accounts {
            db: db.clone(),
            versioned: false,
        },
        AppSpec::Tickets { db, .. } => AppSpec::Tickets {
            db: db.clone(),
            versioned: false,
        },
    };
    for (subject, data) in events {
        handle(&in_order, &mut db, subject, data);
    }
    // Versions are bookkeeping, not business state: compare balances and fields only.
    db
}

/// The business fields of a record (what the lab compares), without the version.
pub fn business(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| *k != "version")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ev(t: &str, amount: i64, version: u64) -> String {
        json!({"account": "u1", "type": t, "amount": amount, "version": version}).to_string()
    }

    #[test]
    fn unversioned_service_refuses_a_withdrawal_that_comes_first() {
        let app = AppSpec::Accounts {
            db: "accounts".into(),
            versioned: false,
        };
        let mut db = Db::new();
        let o = handle(&app, &mut db, "account", &ev("withdraw", 100, 3));
        assert!(o.ack && !o.applied);
        handle(&app, &mut db, "account", &ev("deposit", 70, 1));
        handle(&app, &mut db, "account", &ev("deposit", 40, 2));
        assert_eq!(db["u1"]["balance"], 110, "wrong: the withdrawal was lost");
        let events: Vec<(String, String)> = [
            ev("deposit", 70, 1),
            ev("deposit", 40, 2),
            ev("withdraw", 100, 3),
        ]
        .into_iter()
        .map(|d| ("account".into(), d))
        .collect();
        assert_eq!(expected(&app, &events)["u1"]["balance"], 10);
    }

    #[test]
    fn versioned_service_waits_for_the_missing_version_and_skips_duplicates() {
        let app = AppSpec::Accounts {
            db: "accounts".into(),
            versioned: true,
        };
        let mut db = Db::new();
        let early = handle(&app, &mut db, "account", &ev("withdraw", 100, 3));
        assert!(!early.ack && !early.applied, "not acked: redelivered later");
        handle(&app, &mut db, "account", &ev("deposit", 70, 1));
        let dup = handle(&app, &mut db, "account", &ev("deposit", 70, 1));
        assert!(dup.ack && !dup.applied);
        handle(&app, &mut db, "account", &ev("deposit", 40, 2));
        handle(&app, &mut db, "account", &ev("withdraw", 100, 3));
        assert_eq!(db["u1"]["balance"], 10);
    }

    #[test]
    fn tickets_copy_applies_updates_in_version_order() {
        let app = AppSpec::Tickets {
            db: "orders".into(),
            versioned: true,
        };
        let mut db = Db::new();
        let up = json!({"id": "t1", "title": "concert", "price": 25, "version": 1}).to_string();
        assert!(
            !handle(&app, &mut db, "ticket:updated", &up).ack,
            "update before create"
        );
        let cr = json!({"id": "t1", "title": "concert", "price": 20, "version": 0}).to_string();
        assert!(handle(&app, &mut db, "ticket:created", &cr).applied);
        assert!(handle(&app, &mut db, "ticket:updated", &up).applied);
        assert_eq!(db["t1"]["price"], 25);
    }
}
