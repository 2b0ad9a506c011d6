//! Server-to-client heartbeats and dead-client removal (`checkClientHealth`).
//!
//! The rules it follows: docs/semantics.md §1.6.
//!
//! Every `hb_interval` the server sends an empty request to the client's heartbeat inbox and
//! waits `hb_timeout` for the reply. A miss counts one failure; the client is closed when the
//! failures exceed `hb_fail_count`, i.e. `(hbi + hbt) * (hbf + 1)` after its last reply.
//! While it has failures its subscriptions are flagged (plain subs skip AckWait redelivery,
//! queue picks avoid it).

use super::client::Client;
use super::state::Broker;
use super::timers::Timer;
use super::{ConnId, Event, Millis, RemovalReason};

impl Broker {
    pub(super) fn hb_interval(&self) -> Millis {
        self.opts.hb_interval_ms.max(1)
    }

    /// The registered client behind a connection.
    pub(super) fn client_mut(&mut self, conn: ConnId) -> Option<&mut Client> {
        let id = self.conn_to_client.get(&conn)?;
        self.clients.get_mut(id)
    }

    /// Arms the client's next heartbeat at `at` (older heartbeat timers become stale).
    pub(super) fn schedule_heartbeat(&mut self, conn: ConnId, at: Millis) {
        let Some(client) = self.client_mut(conn) else {
            return;
        };
        client.hb_gen += 1;
        client.next_hb = at;
        let gen = client.hb_gen;
        self.timers.arm(at, Timer::Heartbeat { conn, gen });
    }

    pub(super) fn on_heartbeat_due(&mut self, conn: ConnId, gen: u64) {
        let deadline = self.now.saturating_add(self.opts.hb_timeout_ms.max(1));
        let probe = self.new_probe();
        let Some(client) = self.client_mut(conn) else {
            return;
        };
        if client.hb_gen != gen || client.hb_probe.is_some() {
            return;
        }
        client.hb_probe = Some((probe, deadline));
        self.emit(Event::HeartbeatProbe { conn, probe });
        self.timers
            .arm(deadline, Timer::HeartbeatTimeout { conn, probe });
    }

    /// The outstanding probe `probe` of a client, taken (None if that is not the one waited for).
    fn take_probe(&mut self, conn: ConnId, probe: u64) -> Option<&mut Client> {
        let client = self.client_mut(conn)?;
        if client.hb_probe.map(|(p, _)| p) != Some(probe) {
            return None;
        }
        client.hb_probe = None;
        Some(client)
    }

    pub(super) fn on_heartbeat_reply(&mut self, conn: ConnId, probe: u64) {
        if self.on_dup_check_reply(conn, probe) {
            return;
        }
        let Some(client) = self.take_probe(conn, probe) else {
            return;
        };
        let recovered = std::mem::take(&mut client.failed_hb) > 0;
        let next = self.now.saturating_add(self.hb_interval());
        self.schedule_heartbeat(conn, next);
        if recovered {
            self.set_failed_hb(conn, false);
        }
    }

    pub(super) fn on_heartbeat_timeout(&mut self, conn: ConnId, probe: u64) {
        let max_fail = self.opts.hb_fail_count;
        let Some(client) = self.take_probe(conn, probe) else {
            return;
        };
        client.failed_hb += 1;
        let failed = client.failed_hb;
        self.emit(Event::HeartbeatMissed { conn, failed });
        if failed > max_fail {
            self.close_client(conn, RemovalReason::HeartbeatsFailed);
            return;
        }
        let next = self.now.saturating_add(self.hb_interval());
        self.schedule_heartbeat(conn, next);
        if failed == 1 {
            self.set_failed_hb(conn, true);
        }
    }

    /// Flags (or clears) failed heartbeats on every subscription of the client.
    fn set_failed_hb(&mut self, conn: ConnId, failed: bool) {
        let subs = self
            .client_mut(conn)
            .map(|c| c.subs.clone())
            .unwrap_or_default();
        for id in subs {
            if let Some(s) = self.subs.get_mut(&id) {
                s.has_failed_hb = failed;
            }
        }
    }
}
