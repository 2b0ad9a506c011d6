//! The server as the playground shows it: each channel with its stored messages and its
//! subscriptions (queue groups as one block, durables kept offline), each client with its
//! missed heartbeats, and which panel owns what. Read from the broker and the simulation,
//! in the plain values the UI draws (it lays them out; it never reads the broker itself).

use super::panel::PanelId;
use super::state::Playground;
use crate::broker::{ChannelView, SubId, Subscription};
use crate::sim::{ProcId, ProcState};
use crate::vecmap::VecMap;

/// At most this many message cells are drawn per channel (the newest).
pub const CHANNEL_CELLS: usize = 8;
/// At most this many pending messages are drawn per subscription.
pub const PENDING_CELLS: usize = 4;

#[derive(Clone, Debug, PartialEq)]
pub struct PendingVm {
    pub seq: u64,
    pub left_ms: i64,
    pub total_ms: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SubRowVm {
    pub id: u64,
    /// The panel's name, or the client id when no panel owns it.
    pub who: String,
    pub panel: Option<PanelId>,
    pub client_id: String,
    pub durable: Option<String>,
    pub offline: bool,
    pub last_sent: u64,
    pub pending: Vec<PendingVm>,
    pub more_pending: usize,
    pub stalled: bool,
    pub failed_hb: bool,
    pub max_in_flight: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub enum BlockVm {
    Single(SubRowVm),
    Queue {
        name: String,
        last_sent: u64,
        members: Vec<SubRowVm>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChannelVm {
    pub name: String,
    pub hue: u32,
    pub first_seq: u64,
    pub last_seq: u64,
    pub msgs: usize,
    pub cells: Vec<u64>,
    pub blocks: Vec<BlockVm>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClientVm {
    pub id: String,
    pub who: Option<String>,
    pub failed_hb: u32,
    pub limit: u32,
    pub dead: bool,
}

/// Which panel owns each live broker subscription, and each process.
pub struct Owners {
    pub by_sub: VecMap<SubId, PanelId>,
    pub by_proc: VecMap<ProcId, PanelId>,
}

pub fn owners(pg: &Playground) -> Owners {
    let by_proc: VecMap<ProcId, PanelId> = pg
        .runner
        .connects()
        .iter()
        .filter_map(|(panel, proc)| panel.map(|p| (*proc, p)))
        .collect();
    let by_sub = pg
        .sim()
        .subs()
        .iter()
        .filter_map(|s| Some((s.sub_id()?, *by_proc.get(&s.proc)?)))
        .collect();
    Owners { by_sub, by_proc }
}

fn panel_name(pg: &Playground, id: PanelId) -> Option<String> {
    pg.panel(id).filter(|p| !p.removed).map(|p| p.name.clone())
}

fn sub_row(pg: &Playground, own: &Owners, s: &Subscription) -> SubRowVm {
    let now = pg.now();
    let panel = own.by_sub.get(&s.id).copied().or_else(|| {
        pg.visible_panels()
            .find(|p| p.is_listener() && p.client_id == s.client_id)
            .map(|p| p.id)
    });
    // In sequence order. The sequences are sorted as plain numbers (the same sort as
    // `Pending::seqs`, no second copy of the sort in the wasm), then each finds its expiry
    // (a live entry's expiry is the one the index holds).
    let mut seqs: Vec<u64> = s.pending.by_expiry().map(|(_, seq)| seq).collect();
    seqs.sort_unstable();
    // Only the cells drawn are made (a never-acking listener has thousands pending).
    let more_pending = seqs.len().saturating_sub(PENDING_CELLS);
    let pending: Vec<PendingVm> = seqs
        .into_iter()
        .take(PENDING_CELLS)
        .filter_map(|seq| {
            let expire = s.pending.expiry(seq)?;
            Some(PendingVm {
                seq,
                left_ms: expire as i64 - now as i64,
                total_ms: s.ack_wait_ms,
            })
        })
        .collect();
    SubRowVm {
        id: s.id.0,
        who: panel
            .and_then(|p| panel_name(pg, p))
            .unwrap_or_else(|| s.client_id.clone()),
        panel,
        client_id: s.client_id.clone(),
        durable: s.durable_name.clone().filter(|_| s.is_durable),
        offline: s.is_offline(),
        last_sent: s.last_sent,
        pending,
        more_pending,
        stalled: s.stalled,
        failed_hb: s.has_failed_hb,
        max_in_flight: s.max_in_flight,
    }
}

fn channel_vm(pg: &Playground, own: &Owners, v: &ChannelView) -> ChannelVm {
    let ch = v.channel;
    let mut blocks: Vec<BlockVm> = v
        .singles
        .iter()
        .map(|s| BlockVm::Single(sub_row(pg, own, s)))
        .collect();
    for q in &v.queues {
        blocks.push(BlockVm::Queue {
            // The group's name as the learner typed it.
            name: match q.durable {
                Some(d) => format!("{} (durable {d})", q.group),
                None => q.group.to_string(),
            },
            last_sent: q.last_sent,
            members: q.shown().into_iter().map(|s| sub_row(pg, own, s)).collect(),
        });
    }
    let skip = ch.msgs.len().saturating_sub(CHANNEL_CELLS);
    ChannelVm {
        name: ch.name.to_string(),
        hue: channel_hue(&ch.name),
        first_seq: ch.first_seq,
        last_seq: ch.last_seq,
        msgs: ch.msgs.len(),
        cells: ch.msgs.iter().skip(skip).map(|m| m.seq).collect(),
        blocks,
    }
}

/// The server box's rows: each channel with its subscriptions (queue groups as blocks), and
/// the clients the server knows with their missed heartbeats.
pub fn server_rows(pg: &Playground, own: &Owners) -> (Vec<ChannelVm>, Vec<ClientVm>) {
    let broker = pg.sim().broker();
    let channels: Vec<ChannelVm> = broker
        .channel_views()
        .map(|v| channel_vm(pg, own, &v))
        .collect();
    let limit = pg.server().hb_fail_count;
    let clients: Vec<ClientVm> = broker
        .clients()
        .map(|c| {
            let proc = pg
                .sim()
                .procs()
                .iter()
                .position(|p| p.connected_as == Some(c.conn));
            let who = proc
                .and_then(|p| own.by_proc.get(&p))
                .and_then(|id| panel_name(pg, *id));
            let dead = proc
                .and_then(|p| pg.sim().proc(p))
                .is_some_and(|p| p.state == ProcState::Killed);
            ClientVm {
                id: c.id.clone(),
                who,
                failed_hb: c.failed_hb,
                limit,
                dead,
            }
        })
        .collect();
    (channels, clients)
}

/// A stable hue (0..360) for a channel name: the channel's colour everywhere.
pub fn channel_hue(name: &str) -> u32 {
    // Spread over the wheel in steps that keep neighbours apart.
    (crate::fnv::fnv1a(name.as_bytes()) % 12) as u32 * 30 + 10
}

/// The latest delivery, said in words for the screen reader's live region.
pub fn narration(pg: &Playground, own: &Owners) -> String {
    pg.sim()
        .trace()
        .iter()
        .rev()
        .find_map(|e| match &e.kind {
            crate::sim::TraceKind::Deliver {
                seq,
                redelivered,
                redelivery_count,
                ..
            } => {
                let who = e
                    .proc
                    .and_then(|p| own.by_proc.get(&p))
                    .and_then(|id| panel_name(pg, *id))
                    .unwrap_or_else(|| "A listener".into());
                Some(if *redelivered {
                    format!("{who} received event #{seq} again (redelivery {redelivery_count})")
                } else {
                    format!("{who} received event #{seq}")
                })
            }
            _ => None,
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_hues_are_stable_and_on_the_wheel() {
        assert_eq!(channel_hue("ticket:created"), channel_hue("ticket:created"));
        // the course's channel keeps the blue the screenshots show
        assert_eq!(channel_hue("ticket:created"), 220);
        for n in ["a", "ticket:created", "ticket:updated", "order:created", ""] {
            assert!(channel_hue(n) < 360);
        }
    }
}
