//! Objectives read from a lesson file's JSON by hand: the same shapes serde's derive would
//! accept (`{"received": {"panel": 2, "count": 1}}`, `"client_removed"`, `{"all": [...]}`),
//! in much less wasm than a derived visitor per variant. Unknown fields are ignored, as with
//! the derive; a missing or mistyped field is refused, naming the objective and the field.

use super::check::Check;
use super::script::Do;
use super::{Hint, Lesson, Task};
use crate::playground::{MarkKind, PanelId};
use serde_json::Value;

type Fields<'a> = (&'a str, &'a serde_json::Map<String, Value>);

fn field<'a>(f: Fields<'a>, k: &str) -> Result<&'a Value, String> {
    f.1.get(k)
        .ok_or_else(|| format!("objective `{}`: missing field `{k}`", f.0))
}

fn bad(f: Fields, k: &str, what: &str) -> String {
    format!("objective `{}`: `{k}` must be {what}", f.0)
}

fn num(f: Fields, k: &str) -> Result<u64, String> {
    field(f, k)?
        .as_u64()
        .ok_or_else(|| bad(f, k, "a whole number"))
}

fn panel_of(v: &Value) -> Option<PanelId> {
    v.as_u64().and_then(|n| PanelId::try_from(n).ok())
}

fn panel(f: Fields, k: &str) -> Result<PanelId, String> {
    panel_of(field(f, k)?).ok_or_else(|| bad(f, k, "a panel id"))
}

fn text(f: Fields, k: &str) -> Result<String, String> {
    field(f, k)?
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| bad(f, k, "a string"))
}

fn flag(f: Fields, k: &str) -> Result<bool, String> {
    field(f, k)?
        .as_bool()
        .ok_or_else(|| bad(f, k, "true or false"))
}

/// A field that may be absent or null.
fn opt<'a>(f: Fields<'a>, k: &str) -> Option<&'a Value> {
    f.1.get(k).filter(|v| !v.is_null())
}

fn list(v: &Value, tag: &str) -> Result<Vec<Check>, String> {
    v.as_array()
        .ok_or_else(|| format!("objective `{tag}`: expected a list"))?
        .iter()
        .map(check)
        .collect()
}

/// One objective.
pub fn check(v: &Value) -> Result<Check, String> {
    if v.as_str() == Some("client_removed") {
        return Ok(Check::ClientRemoved);
    }
    let (tag, body) = match v.as_object() {
        Some(o) if o.len() == 1 => o.iter().next().expect("one entry"),
        _ => {
            return Err(format!(
                "an objective must be one name with its fields, not {}",
                crate::json::to_string(v)
            ))
        }
    };
    let tag = tag.as_str();
    match tag {
        "all" => return Ok(Check::All(list(body, tag)?)),
        "any" => return Ok(Check::Any(list(body, tag)?)),
        _ => {}
    }
    let f: Fields = (
        tag,
        body.as_object()
            .ok_or_else(|| format!("objective `{tag}`: expected its fields"))?,
    );
    Ok(match tag {
        "published" => Check::Published {
            count: num(f, "count")? as usize,
        },
        "received" => Check::Received {
            panel: panel(f, "panel")?,
            count: num(f, "count")? as usize,
        },
        "received_seq" => Check::ReceivedSeq {
            panel: panel(f, "panel")?,
            seq: num(f, "seq")?,
            redelivered: opt(f, "redelivered").and_then(Value::as_bool),
        },
        "redelivered" => Check::Redelivered {
            panel: opt(f, "panel").and_then(panel_of),
        },
        "acked" => Check::Acked {
            panel: panel(f, "panel")?,
            count: num(f, "count")? as usize,
        },
        "connect_error" => Check::ConnectError {
            error: text(f, "error")?,
        },
        "subscribe_error" => Check::SubscribeError {
            error: text(f, "error")?,
        },
        "connected" => Check::Connected {
            panel: panel(f, "panel")?,
        },
        "closed" => Check::Closed {
            panel: panel(f, "panel")?,
        },
        "killed" => Check::Killed {
            panel: panel(f, "panel")?,
        },
        "monitor" => Check::Monitor {
            path: text(f, "path")?,
            pointer: text(f, "pointer")?,
            equals: field(f, "equals")?.clone(),
        },
        "monitor_count" => Check::MonitorCount {
            path: text(f, "path")?,
            pointer: text(f, "pointer")?,
            count: num(f, "count")? as usize,
        },
        "db" => Check::Db {
            name: text(f, "name")?,
            pointer: text(f, "pointer")?,
            equals: field(f, "equals")?.clone(),
        },
        "db_matches_expected" => Check::DbMatchesExpected {
            name: text(f, "name")?,
            matches: flag(f, "matches")?,
        },
        "subscribed_with" => Check::SubscribedWith {
            panel: panel(f, "panel")?,
            manual_ack: opt(f, "manual_ack").and_then(Value::as_bool),
            ack: match opt(f, "ack") {
                None => None,
                Some(a) => Some(
                    crate::sim::tagged::ack_from_value(a)
                        .map_err(|e| bad(f, "ack", &format!("an ack policy ({e})")))?,
                ),
            },
        },
        "data" => Check::Data {
            panel: opt(f, "panel").and_then(panel_of),
            pointer: text(f, "pointer")?,
            equals: opt(f, "equals").cloned(),
            differs_from: opt(f, "differs_from").cloned(),
        },
        "not_applied" => Check::NotApplied {
            name: text(f, "name")?,
            acked: flag(f, "acked")?,
        },
        other => return Err(format!("unknown objective `{other}`")),
    })
}

/// One show-me move: `{"connect": 1}`, `{"publish_data": [1, "{...}"]}`, `"restart_server"`.
pub fn show_me(v: &Value) -> Result<Do, String> {
    if v.as_str() == Some("restart_server") {
        return Ok(Do::RestartServer);
    }
    let (tag, arg) = match v.as_object() {
        Some(o) if o.len() == 1 => o.iter().next().expect("one entry"),
        _ => {
            return Err(format!(
                "a show-me move must be one name with its argument, not {}",
                crate::json::to_string(v)
            ))
        }
    };
    let tag = tag.as_str();
    let wrong = || {
        let arg = crate::json::to_string(arg);
        format!("show-me move `{tag}`: unexpected argument {arg}")
    };
    let id = |v: &Value| panel_of(v).ok_or_else(wrong);
    // The moves that take a panel and something else: `[panel, x]`.
    let pair = || match arg.as_array().map(Vec::as_slice) {
        Some([p, x]) => Ok((id(p)?, x)),
        _ => Err(wrong()),
    };
    let string = |x: &Value| x.as_str().map(str::to_string).ok_or_else(wrong);
    Ok(match tag {
        "connect" => Do::Connect(id(arg)?),
        "close" => Do::Close(id(arg)?),
        "kill" => Do::Kill(id(arg)?),
        "publish" => Do::Publish(id(arg)?),
        "subscribe" => Do::Subscribe(id(arg)?),
        "unsubscribe" => Do::Unsubscribe(id(arg)?),
        "close_subscription" => Do::CloseSubscription(id(arg)?),
        "publish_data" => {
            let (p, x) = pair()?;
            Do::PublishData(p, string(x)?)
        }
        "set_client_id" => {
            let (p, x) = pair()?;
            Do::SetClientId(p, string(x)?)
        }
        "ack" => {
            let (p, x) = pair()?;
            Do::Ack(p, x.as_u64().ok_or_else(wrong)?)
        }
        "edit_listener" => {
            let (p, x) = pair()?;
            Do::EditListener(p, crate::playground::panel_read::listener(x, tag)?)
        }
        "edit_publisher" => {
            let (p, x) = pair()?;
            Do::EditPublisher(p, crate::playground::panel_read::publisher(x, tag)?)
        }
        "wait" => Do::Wait(arg.as_u64().ok_or_else(wrong)?),
        "jump" => Do::Jump(match arg.as_str() {
            Some("publish") => MarkKind::Publish,
            Some("redelivery") => MarkKind::Redelivery,
            Some("heartbeat_failure") => MarkKind::HeartbeatFailure,
            Some("client_removed") => MarkKind::ClientRemoved,
            Some("kill") => MarkKind::Kill,
            _ => return Err(wrong()),
        }),
        other => return Err(format!("unknown show-me move `{other}`")),
    })
}

fn strings(v: &Value, what: &str) -> Result<Vec<String>, String> {
    v.as_array()
        .and_then(|a| a.iter().map(|s| s.as_str().map(str::to_string)).collect())
        .ok_or_else(|| format!("`{what}` must be a list of strings"))
}

fn task(v: &Value) -> Result<Task, String> {
    let f: Fields = ("task", v.as_object().ok_or("a task must be an object")?);
    let show_me = field(f, "show_me")?
        .as_array()
        .ok_or("a task's `show_me` must be a list")?
        .iter()
        .map(show_me)
        .collect::<Result<_, _>>()?;
    let hint = match opt(f, "hint") {
        None => None,
        Some(h) => {
            let h: Fields = ("hint", h.as_object().ok_or("a hint must be an object")?);
            Some(Hint {
                when: check(field(h, "when")?)?,
                text: text(h, "text")?,
            })
        }
    };
    Ok(Task {
        text: text(f, "text")?,
        check: check(field(f, "check")?)?,
        show_me,
        hint,
    })
}

/// A whole lesson file.
pub fn lesson(v: &Value) -> Result<Lesson, String> {
    let f: Fields = ("lesson", v.as_object().ok_or("a lesson must be an object")?);
    let tasks = field(f, "tasks")?
        .as_array()
        .ok_or("`tasks` must be a list")?
        .iter()
        .enumerate()
        .map(|(i, t)| task(t).map_err(|e| format!("task {}: {e}", i + 1)))
        .collect::<Result<_, _>>()?;
    Ok(Lesson {
        id: text(f, "id")?,
        title: text(f, "title")?,
        part: text(f, "part")?,
        narration: strings(field(f, "narration")?, "narration")?,
        scenario: field(f, "scenario")?.clone(),
        tasks,
        jetstream: text(f, "jetstream")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn objectives_read_as_written_and_mistakes_are_named() {
        let v = json!({"all": [
            "client_removed",
            {"received_seq": {"panel": 2, "seq": 3, "redelivered": null}},
            {"subscribed_with": {"panel": 2, "manual_ack": true, "ack": "Manual"}},
            {"data": {"pointer": "/price", "equals": 25}}
        ]});
        assert_eq!(
            check(&v).unwrap(),
            Check::All(vec![
                Check::ClientRemoved,
                Check::ReceivedSeq {
                    panel: 2,
                    seq: 3,
                    redelivered: None
                },
                Check::SubscribedWith {
                    panel: 2,
                    manual_ack: Some(true),
                    ack: Some(crate::sim::AckPolicy::Manual)
                },
                Check::Data {
                    panel: None,
                    pointer: "/price".into(),
                    equals: Some(json!(25)),
                    differs_from: None
                },
            ])
        );
        let e = check(&json!({"received": {"panel": "two", "count": 1}})).unwrap_err();
        assert!(e.contains("`received`") && e.contains("`panel`"), "{e}");
        assert!(check(&json!({"nope": {}})).unwrap_err().contains("nope"));
        assert!(check(&json!({"a": 1, "b": 2})).is_err());
        assert!(check(&json!({"connected": {"panel": 4294967296u64}})).is_err());
    }

    #[test]
    fn show_me_moves_read_as_written() {
        let moves = json!([
            {"publish_data": [1, "{}"]}, {"wait": 300}, {"jump": "client_removed"},
            "restart_server", {"ack": [2, 7]}, {"set_client_id": [3, "9f3c01ab"]}
        ]);
        let got: Vec<Do> = moves
            .as_array()
            .unwrap()
            .iter()
            .map(|m| show_me(m).unwrap())
            .collect();
        assert_eq!(
            got,
            [
                Do::PublishData(1, "{}".into()),
                Do::Wait(300),
                Do::Jump(MarkKind::ClientRemoved),
                Do::RestartServer,
                Do::Ack(2, 7),
                Do::SetClientId(3, "9f3c01ab".into()),
            ]
        );
        assert!(show_me(&json!({"publish_data": [1]})).is_err());
        assert!(show_me(&json!({"jump": "nowhere"})).is_err());
        assert!(show_me(&json!({"fly": 1})).unwrap_err().contains("fly"));
    }
}
