//! Lesson objectives, checked live against the simulation.

use crate::broker::{Event, RemovalReason};
use crate::playground::{PanelId, PanelKind, Playground};
use crate::sim::app::{business, expected};
use crate::sim::{AckPolicy, TraceKind};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Read by hand from the lesson file (`super::parse`): see [`Deserialize`] below.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// At least `count` events published (publish acks without error).
    Published {
        count: usize,
    },
    /// A panel's listener received at least `count` messages (redeliveries included).
    Received {
        panel: PanelId,
        count: usize,
    },
    /// A panel received message `seq` (redelivered or not, when said).
    ReceivedSeq {
        panel: PanelId,
        seq: u64,
        redelivered: Option<bool>,
    },
    /// Some message was redelivered (to a panel, if named).
    Redelivered {
        panel: Option<PanelId>,
    },
    /// A panel's listener acked at least `count` messages.
    Acked {
        panel: PanelId,
        count: usize,
    },
    ConnectError {
        error: String,
    },
    SubscribeError {
        error: String,
    },
    Connected {
        panel: PanelId,
    },
    /// The panel's connection closed gracefully.
    Closed {
        panel: PanelId,
    },
    /// The panel's process was killed.
    Killed {
        panel: PanelId,
    },
    /// The server dropped a client whose heartbeats failed.
    ClientRemoved,
    /// A monitoring endpoint's JSON at `pointer` (RFC 6901) equals `equals`.
    Monitor {
        path: String,
        pointer: String,
        equals: Value,
    },
    /// A lab database's value at `pointer` equals `equals`.
    Db {
        name: String,
        pointer: String,
        equals: Value,
    },
    /// A lab database equals (or differs from) the state every event applied once, in order.
    DbMatchesExpected {
        name: String,
        matches: bool,
    },
    /// The array at `pointer` (RFC 6901) in a monitoring endpoint's JSON has `count` items.
    MonitorCount {
        path: String,
        pointer: String,
        count: usize,
    },
    /// The panel's subscription in force (its last subscribe) was made with these options
    /// (each one given).
    SubscribedWith {
        panel: PanelId,
        manual_ack: Option<bool>,
        ack: Option<AckPolicy>,
    },
    /// An event with JSON data whose value at `pointer` equals `equals` and differs from
    /// `differs_from` (each when given): published without error, or, with a panel, received
    /// by that panel.
    Data {
        panel: Option<PanelId>,
        pointer: String,
        equals: Option<Value>,
        differs_from: Option<Value>,
    },
    /// A lab service left an event unapplied (a stale or early version, a refused
    /// withdrawal), acking it or not.
    NotApplied {
        name: String,
        acked: bool,
    },
    All(Vec<Check>),
    Any(Vec<Check>),
}

impl<'de> Deserialize<'de> for Check {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        super::parse::check(&v).map_err(serde::de::Error::custom)
    }
}

/// The spec the panel's last subscribe step used.
/// The options and handler of the panel's last subscribe step.
fn subscribed_with(
    pg: &Playground,
    panel: PanelId,
) -> Option<(&crate::sim::SubSpec, &crate::sim::Handler)> {
    pg.scenario.steps.iter().rev().find_map(|st| match &st.op {
        crate::sim::Op::Subscribe { spec, handler, .. } if st.panel == Some(panel) => {
            Some((&**spec, &**handler))
        }
        _ => None,
    })
}

fn procs(pg: &Playground, panel: PanelId) -> Vec<usize> {
    pg.procs_of(panel).collect()
}

/// The business state a lab database should hold, from the events published so far.
pub fn expected_db(pg: &Playground, name: &str) -> Option<crate::sim::app::Db> {
    let app = pg.panels.iter().find_map(|p| match &p.kind {
        PanelKind::Listener(l) => l.app.clone().filter(|a| a.db() == name),
        _ => None,
    })?;
    // Only the channels the database's services listen to (a lesson may run two labs).
    let subjects: Vec<&str> = pg
        .panels
        .iter()
        .filter_map(|p| p.listener())
        .filter(|l| l.app.as_ref().is_some_and(|a| a.db() == name))
        .map(|l| l.subject.as_str())
        .collect();
    let events: Vec<(String, String)> = pg
        .sim()
        .trace()
        .iter()
        .filter_map(|e| match &e.kind {
            TraceKind::PubAck {
                subject,
                data,
                error: None,
                ..
            } if subjects.contains(&subject.as_str()) => Some((subject.clone(), data.clone())),
            _ => None,
        })
        .collect();
    Some(expected(&app, &events))
}

/// Whether a lab database holds the expected business state.
pub fn db_matches_expected(pg: &Playground, name: &str) -> bool {
    let Some(exp) = expected_db(pg, name) else {
        return false;
    };
    let empty = Default::default();
    let got = pg.sim().dbs().get(name).unwrap_or(&empty);
    let strip = |db: &crate::sim::app::Db| {
        db.iter()
            .map(|(k, v)| (k.clone(), business(v)))
            .collect::<Vec<_>>()
    };
    strip(got) == strip(&exp)
}

impl Check {
    pub fn met(&self, pg: &Playground) -> bool {
        let trace = pg.sim().trace();
        let of = |panel: PanelId| {
            let ps = procs(pg, panel);
            trace
                .iter()
                .filter(move |e| e.proc.is_some_and(|p| ps.contains(&p)))
        };
        match self {
            Check::Published { count } => {
                trace
                    .iter()
                    .filter(|e| matches!(e.kind, TraceKind::PubAck { error: None, .. }))
                    .count()
                    >= *count
            }
            Check::Received { panel, count } => {
                of(*panel)
                    .filter(|e| matches!(e.kind, TraceKind::Deliver { .. }))
                    .count()
                    >= *count
            }
            Check::ReceivedSeq {
                panel,
                seq,
                redelivered,
            } => of(*panel).any(|e| match &e.kind {
                TraceKind::Deliver {
                    seq: s,
                    redelivered: r,
                    ..
                } => s == seq && redelivered.is_none_or(|want| want == *r),
                _ => false,
            }),
            Check::Redelivered { panel } => match panel {
                Some(p) => of(*p).any(|e| {
                    matches!(
                        e.kind,
                        TraceKind::Deliver {
                            redelivered: true,
                            ..
                        }
                    )
                }),
                None => trace.iter().any(|e| {
                    matches!(
                        e.kind,
                        TraceKind::Deliver {
                            redelivered: true,
                            ..
                        }
                    )
                }),
            },
            Check::Acked { panel, count } => {
                let acks = of(*panel)
                    .filter(|e| matches!(e.kind, TraceKind::Ack { .. }))
                    .count();
                // Auto-ack listeners send acks without a trace line: count their deliveries.
                let auto = pg
                    .panel(*panel)
                    .and_then(|p| p.listener())
                    .is_some_and(|l| !l.manual_ack);
                let n = if auto {
                    of(*panel)
                        .filter(|e| matches!(e.kind, TraceKind::Deliver { .. }))
                        .count()
                } else {
                    acks
                };
                n >= *count
            }
            Check::ConnectError { error } => trace
                .iter()
                .any(|e| matches!(&e.kind, TraceKind::ConnectError { error: x, .. } if x == error)),
            Check::SubscribeError { error } => trace.iter().any(
                |e| matches!(&e.kind, TraceKind::SubscribeError { error: x, .. } if x == error),
            ),
            Check::Connected { panel } => pg.is_connected(*panel),
            Check::Closed { panel } => {
                of(*panel).any(|e| matches!(e.kind, TraceKind::Closed { .. }))
            }
            Check::Killed { panel } => pg.proc_state(*panel) == Some(crate::sim::ProcState::Killed),
            Check::ClientRemoved => pg.sim().log().iter().any(|l| {
                matches!(
                    l.event,
                    Event::ClientRemoved {
                        reason: RemovalReason::HeartbeatsFailed,
                        ..
                    }
                )
            }),
            Check::Monitor {
                path,
                pointer,
                equals,
            } => {
                pg.sim()
                    .monitor(path)
                    .ok()
                    .and_then(|v| v.pointer(pointer).cloned())
                    .as_ref()
                    == Some(equals)
            }
            Check::Db {
                name,
                pointer,
                equals,
            } => {
                pg.sim()
                    .dbs()
                    .get(name)
                    .map(|db| {
                        // The records as one object, keys in order (as serde wrote the map).
                        Value::Object(db.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                    })
                    .and_then(|v| v.pointer(pointer).cloned())
                    .as_ref()
                    == Some(equals)
            }
            Check::DbMatchesExpected { name, matches } => {
                pg.sim().dbs().contains_key(name) && db_matches_expected(pg, name) == *matches
            }
            Check::MonitorCount {
                path,
                pointer,
                count,
            } => pg
                .sim()
                .monitor(path)
                .ok()
                .and_then(|v| v.pointer(pointer).and_then(Value::as_array).map(Vec::len))
                .is_some_and(|n| n == *count),
            Check::SubscribedWith {
                panel,
                manual_ack,
                ack,
            } => subscribed_with(pg, *panel).is_some_and(|(spec, handler)| {
                manual_ack.is_none_or(|m| m == spec.manual_ack)
                    && ack.as_ref().is_none_or(|a| a == &handler.ack)
            }),
            Check::Data {
                panel,
                pointer,
                equals,
                differs_from,
            } => {
                let ok = |data: &str| {
                    let got = crate::json::parse(data)
                        .ok()
                        .and_then(|v| v.pointer(pointer).cloned());
                    got.is_some()
                        && equals.as_ref().is_none_or(|w| got.as_ref() == Some(w))
                        && differs_from
                            .as_ref()
                            .is_none_or(|w| got.as_ref() != Some(w))
                };
                match panel {
                    None => trace.iter().any(|e| {
                        matches!(&e.kind, TraceKind::PubAck { data, error: None, .. } if ok(data))
                    }),
                    Some(p) => of(*p).any(
                        |e| matches!(&e.kind, TraceKind::Deliver { data, .. } if ok(data)),
                    ),
                }
            }
            Check::NotApplied { name, acked } => pg
                .sim()
                .db_log()
                .iter()
                .any(|n| &n.db == name && !n.applied && n.acked == *acked),
            Check::All(cs) => cs.iter().all(|c| c.met(pg)),
            Check::Any(cs) => cs.iter().any(|c| c.met(pg)),
        }
    }
}
