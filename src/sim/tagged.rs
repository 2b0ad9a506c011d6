//! A handler's ack policy and lab service as saved panels and lesson files hold them: named
//! as in Rust, a unit variant as its name (`"Never"`, `{"Never": null}` read too), one with
//! content as an object of one key (`{"OnDelivery": 3}`, `{"Accounts": {"db": "a",
//! "versioned": true}}`). That is the shape serde's derived writers gave these files; read
//! and written here by hand so that no derived (de)serializer is in the wasm. The scenario
//! format has its own spelling (`src/sim/scenario.rs`).

use super::app::AppSpec;
use super::handler::AckPolicy;
use crate::broker::monitor::json::Obj;
use serde_json::Value;

/// A variant: its name and content (`None` for a bare name or `null` content).
fn variant(v: &Value) -> Result<(&str, Option<&Value>), String> {
    match v {
        Value::String(s) => Ok((s, None)),
        Value::Object(m) if m.len() == 1 => {
            let (k, c) = m.iter().next().expect("one key");
            Ok((k, Some(c).filter(|c| !c.is_null())))
        }
        _ => Err("expected a name or an object with one key".into()),
    }
}

pub fn ack_to_value(a: &AckPolicy) -> Value {
    match a {
        AckPolicy::Immediate => "Immediate".into(),
        AckPolicy::Never => "Never".into(),
        AckPolicy::Manual => "Manual".into(),
        AckPolicy::OnDelivery(n) => Obj::new().put("OnDelivery", *n).done(),
        AckPolicy::AfterMs(ms) => Obj::new().put("AfterMs", *ms).done(),
    }
}

pub fn ack_from_value(v: &Value) -> Result<AckPolicy, String> {
    let (name, content) = variant(v)?;
    let n = || {
        content
            .and_then(Value::as_u64)
            .ok_or_else(|| format!("`{name}` takes a whole number >= 0"))
    };
    Ok(match (name, content) {
        ("Immediate", None) => AckPolicy::Immediate,
        ("Never", None) => AckPolicy::Never,
        ("Manual", None) => AckPolicy::Manual,
        ("OnDelivery", _) => AckPolicy::OnDelivery(
            u32::try_from(n()?).map_err(|_| "`OnDelivery` takes at most 4294967295".to_string())?,
        ),
        ("AfterMs", _) => AckPolicy::AfterMs(n()?),
        ("Immediate" | "Never" | "Manual", Some(_)) => {
            return Err(format!("`{name}` takes no value"))
        }
        _ => {
            return Err(format!(
                "unknown variant `{name}`, expected one of `Immediate`, `Never`, `OnDelivery`, `AfterMs`, `Manual`"
            ))
        }
    })
}

pub fn app_to_value(a: &AppSpec) -> Value {
    let (name, db, versioned) = match a {
        AppSpec::Accounts { db, versioned } => ("Accounts", db, versioned),
        AppSpec::Tickets { db, versioned } => ("Tickets", db, versioned),
    };
    let fields = Obj::new()
        .put("db", db.as_str())
        .put("versioned", *versioned);
    Obj::new().put(name, fields.done()).done()
}

/// Unknown fields inside the variant are ignored, as the derived reader ignored them.
pub fn app_from_value(v: &Value) -> Result<AppSpec, String> {
    let (name, content) = variant(v)?;
    if name != "Accounts" && name != "Tickets" {
        return Err(format!(
            "unknown variant `{name}`, expected `Accounts` or `Tickets`"
        ));
    }
    let fields = content
        .and_then(Value::as_object)
        .ok_or_else(|| format!("`{name}` takes an object with `db` and `versioned`"))?;
    let field = |k: &str| fields.get(k).ok_or_else(|| format!("missing field `{k}`"));
    let db = field("db")?
        .as_str()
        .ok_or("`db`: expected a string")?
        .to_string();
    let versioned = field("versioned")?
        .as_bool()
        .ok_or("`versioned`: expected true or false")?;
    Ok(if name == "Accounts" {
        AppSpec::Accounts { db, versioned }
    } else {
        AppSpec::Tickets { db, versioned }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_same_shape_as_the_derived_writers_and_readers() {
        for a in [
            AckPolicy::Immediate,
            AckPolicy::Never,
            AckPolicy::Manual,
            AckPolicy::OnDelivery(3),
            AckPolicy::AfterMs(1500),
        ] {
            let v = serde_json::to_value(&a).unwrap();
            assert_eq!(ack_to_value(&a), v);
            assert_eq!(ack_from_value(&v).unwrap(), a);
        }
        for a in [
            AppSpec::Accounts {
                db: "accounts".into(),
                versioned: true,
            },
            AppSpec::Tickets {
                db: "t".into(),
                versioned: false,
            },
        ] {
            let v = serde_json::to_value(&a).unwrap();
            assert_eq!(app_to_value(&a), v);
            assert_eq!(app_from_value(&v).unwrap(), a);
        }
    }

    #[test]
    fn refuses_what_the_derived_readers_refused() {
        let acks = [
            json!("Sometimes"),
            json!({"OnDelivery": -1}),
            json!({"OnDelivery": 4294967296u64}),
            json!("OnDelivery"),
            json!({"Never": 1}),
            json!({"Never": null, "Manual": null}),
            json!(3),
        ];
        for v in acks {
            assert!(ack_from_value(&v).is_err(), "{v}");
            assert!(serde_json::from_value::<AckPolicy>(v).is_err());
        }
        assert_eq!(
            ack_from_value(&json!({"Never": null})),
            Ok(AckPolicy::Never)
        );
        let apps = [
            json!({"Accounts": {"db": "a"}}),
            json!({"Tickets": {"db": 1, "versioned": true}}),
            json!({"Shop": {"db": "a", "versioned": true}}),
            json!("Accounts"),
            json!({"Accounts": null}),
        ];
        for v in apps {
            assert!(app_from_value(&v).is_err(), "{v}");
            assert!(serde_json::from_value::<AppSpec>(v).is_err());
        }
        let extra = json!({"Accounts": {"db": "a", "versioned": true, "x": 1}});
        assert_eq!(
            app_from_value(&extra).unwrap(),
            serde_json::from_value::<AppSpec>(extra).unwrap()
        );
    }
}
