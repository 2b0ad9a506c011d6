//! The broker's state and its sans-IO surface: `handle`, `handle_timeout`, `poll_event`,
//! `next_deadline`.

use super::channel::Channel;
use super::client::Client;
use super::ids::NameGen;
use super::subscription::Subscription;
use super::timers::{Timer, Timers};
use super::{Command, ConnId, Event, Millis, ServerOptions, SubId};
use crate::vecmap::VecMap;
use std::collections::VecDeque;
use std::sync::Arc;

/// A duplicate-client-id check in progress (`isDuplicateConnect`).
#[derive(Clone, Debug)]
pub(super) struct DupCheck {
    pub probe: u64,
    pub old_conn: ConnId,
    pub req: super::ReqId,
}

/// Counters shown by `/streaming/serverz`.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub in_msgs: u64,
    pub in_bytes: u64,
    pub out_msgs: u64,
    pub out_bytes: u64,
}

#[derive(Clone, Debug)]
pub struct Broker {
    pub(super) opts: ServerOptions,
    pub(super) now: Millis,
    pub(super) server_id: String,
    pub(super) names: NameGen,
    /// Registered clients by client id (sorted, as monitoring lists them).
    pub(super) clients: VecMap<String, Client>,
    pub(super) conn_to_client: VecMap<ConnId, String>,
    pub(super) channels: VecMap<Arc<str>, Channel>,
    pub(super) subs: VecMap<SubId, Subscription>,
    pub(super) dup_checks: VecMap<String, DupCheck>,
    pub(super) timers: Timers,
    pub(super) events: VecDeque<Event>,
    pub(super) stats: Stats,
    pub(super) next_conn: u64,
    pub(super) next_sub: u64,
    pub(super) next_probe: u64,
    /// Buffers reused on every publish.
    pub(super) scratch_subs: Vec<SubId>,
    pub(super) scratch_queues: Vec<Arc<str>>,
}

impl Broker {
    pub fn new(opts: ServerOptions) -> Self {
        let mut names = NameGen::new(opts.seed);
        let server_id = names.nuid();
        Self {
            opts,
            now: 0,
            server_id,
            names,
            clients: VecMap::new(),
            conn_to_client: VecMap::new(),
            channels: VecMap::new(),
            subs: VecMap::new(),
            dup_checks: VecMap::new(),
            timers: Timers::default(),
            events: VecDeque::new(),
            stats: Stats::default(),
            next_conn: 0,
            next_sub: 0,
            next_probe: 0,
            scratch_subs: Vec::new(),
            scratch_queues: Vec::new(),
        }
    }

    pub fn options(&self) -> &ServerOptions {
        &self.opts
    }

    pub fn now(&self) -> Millis {
        self.now
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    pub fn clients(&self) -> impl Iterator<Item = &Client> {
        self.clients.values()
    }

    pub fn client_by_conn(&self, conn: ConnId) -> Option<&Client> {
        self.conn_to_client
            .get(&conn)
            .and_then(|id| self.clients.get(id))
    }

    pub fn channels(&self) -> impl Iterator<Item = &Channel> {
        self.channels.values()
    }

    pub fn channel(&self, name: &str) -> Option<&Channel> {
        self.channels.get(name)
    }

    pub fn subscription(&self, id: SubId) -> Option<&Subscription> {
        self.subs.get(&id)
    }

    pub fn subscriptions(&self) -> impl Iterator<Item = &Subscription> {
        self.subs.values()
    }

    /// Moves the clock forward (never back) and runs every timer due by `now`.
    fn advance(&mut self, now: Millis) {
        self.now = self.now.max(now);
        while let Some((at, timer)) = self.timers.pop_due(self.now) {
            self.fire(at, timer);
        }
    }

    /// Handles one request at time `now` (timers due by then run first).
    pub fn handle(&mut self, now: Millis, cmd: Command) {
        self.advance(now);
        match cmd {
            Command::Connect {
                req,
                cluster_id,
                client_id,
            } => self.on_connect(req, &cluster_id, client_id),
            Command::Close { req, conn } => self.on_close(req, conn),
            Command::Publish {
                req,
                conn,
                subject,
                data,
            } => self.on_publish(req, conn, &subject, data),
            Command::Subscribe { req, conn, request } => self.on_subscribe(req, conn, request),
            Command::Unsubscribe { req, conn, sub } => self.on_unsub_or_close(req, conn, sub, true),
            Command::SubClose { req, conn, sub } => self.on_unsub_or_close(req, conn, sub, false),
            Command::Ack { sub, seq } => self.on_ack(sub, seq, true),
            Command::HeartbeatReply { conn, probe } => self.on_heartbeat_reply(conn, probe),
            Command::Ping { req, conn } => self.on_ping(req, conn),
        }
    }

    /// Runs every timer due by `now`.
    pub fn handle_timeout(&mut self, now: Millis) {
        self.advance(now);
    }

    /// When the broker next needs [`Broker::handle_timeout`] (may be a stale timer: harmless).
    pub fn next_deadline(&self) -> Option<Millis> {
        self.timers.peek()
    }

    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    pub fn drain_events(&mut self) -> impl Iterator<Item = Event> + '_ {
        self.events.drain(..)
    }

    fn fire(&mut self, _at: Millis, timer: Timer) {
        match timer {
            Timer::Ack { sub, gen } => {
                if self
                    .subs
                    .get(&sub)
                    .is_some_and(|s| s.ack_timer_gen == gen && s.ack_timer.is_some())
                {
                    self.on_ack_timer(sub);
                }
            }
            Timer::Heartbeat { conn, gen } => self.on_heartbeat_due(conn, gen),
            Timer::HeartbeatTimeout { conn, probe } => self.on_heartbeat_timeout(conn, probe),
            Timer::DupCheckTimeout { client_id, probe } => {
                self.on_dup_check_timeout(&client_id, probe)
            }
            Timer::MaxAge { channel, gen } => self.on_max_age(&channel, gen),
            Timer::Inactivity { channel, gen } => self.on_inactivity(&channel, gen),
        }
    }

    pub(super) fn emit(&mut self, ev: Event) {
        self.events.push_back(ev);
    }

    /// Arms (or re-arms) a subscription's ack timer at `at`.
    pub(super) fn set_ack_timer(&mut self, sub: SubId, at: Millis) {
        if let Some(s) = self.subs.get_mut(&sub) {
            s.ack_timer_gen += 1;
            s.ack_timer = Some(at);
            let gen = s.ack_timer_gen;
            self.timers.arm(at, Timer::Ack { sub, gen });
        }
    }

    pub(super) fn stop_ack_timer(&mut self, sub: SubId) {
        if let Some(s) = self.subs.get_mut(&sub) {
            s.ack_timer_gen += 1;
            s.ack_timer = None;
        }
    }

    pub(super) fn new_probe(&mut self) -> u64 {
        self.next_probe += 1;
        self.next_probe
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::broker::{ReqId, SubscribeRequest};

    /// A client connected to `b` as `id` (for the broker's unit tests).
    pub(crate) fn connected(b: &mut Broker, id: &str) -> ConnId {
        b.handle(
            0,
            Command::Connect {
                req: ReqId(0),
                cluster_id: "test-cluster".into(),
                client_id: id.into(),
            },
        );
        b.drain_events()
            .find_map(|e| match e {
                Event::Connected { conn, .. } => Some(conn),
                _ => None,
            })
            .expect("connected")
    }

    /// A subscription acking every message within its AckWait, 50,000 times while the clock
    /// stands still: the timer heap stays bounded, because acks leave the running ack timer
    /// alone instead of stopping it and arming a new one per message.
    #[test]
    fn stale_ack_timers_do_not_pile_up() {
        const MIN_TIMERS_BEFORE_COMPACTING: usize = 1024;
        let mut b = Broker::new(ServerOptions::default());
        let publisher = connected(&mut b, "publisher");
        let listener = connected(&mut b, "listener");
        b.handle(
            0,
            Command::Subscribe {
                req: ReqId(1),
                conn: listener,
                request: SubscribeRequest::new("orders"),
            },
        );
        b.drain_events().for_each(drop);
        let mut most = 0;
        for n in 0..50_000 {
            b.handle(
                0,
                Command::Publish {
                    req: ReqId(n),
                    conn: publisher,
                    subject: "orders".into(),
                    data: "{}".into(),
                },
            );
            let acks: Vec<_> = b
                .drain_events()
                .filter_map(|e| match e {
                    Event::Deliver { sub, msg, .. } => Some((sub, msg.seq)),
                    _ => None,
                })
                .collect();
            assert_eq!(acks.len(), 1);
            for (sub, seq) in acks {
                b.handle(0, Command::Ack { sub, seq });
            }
            b.drain_events().for_each(drop);
            most = most.max(b.timers.len());
        }
        assert!(
            most <= 2 * MIN_TIMERS_BEFORE_COMPACTING + 16,
            "{most} timer entries"
        );
    }
}
