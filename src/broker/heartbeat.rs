//! Server-to-client heartbeats and dead-client removal (`checkClientHealth`).
//!
//! Every `hb_interval` the server sends an empty request to the client's heartbeat inbox and
//! waits `hb_timeout` for the reply. A miss counts one failure; the client is closed when the
//! failures exceed `hb_fail_count`, i.e. `(hbi + hbt) * (hbf + 1)` after its last reply.
//! While it has failures its subscriptions are flagged (plain subs skip AckWait redelivery,
//! queue picks avoid it).

use super::state::Broker;
use super::timers::Timer;
use super::{ConnId, Event, Millis, RemovalReason};

impl Broker {
    pub(super) fn hb_interval(&self) -> Millis {
        self.opts.hb_interval_ms.max(1)
    }

    pub(super) fn on_heartbeat_due(&mut self, conn: ConnId, gen: u64) {
        let now = self.now;
        let hbt = self.opts.hb_timeout_ms.max(1);
        let probe = self.new_probe();
        let Some(client) = self
            .conn_to_client
            .get(&conn)
            .and_then(|id| self.clients.get_mut(id))
        else {
            return;
        };
        if client.hb_gen != gen || client.hb_probe.is_some() {
            return;
        }
        client.hb_probe = Some((probe, now.saturating_add(hbt)));
        self.emit(Event::HeartbeatProbe { conn, probe });
        self.timers.arm(
            now.saturating_add(hbt),
            Timer::HeartbeatTimeout { conn, probe },
        );
    }

    pub(super) fn on_heartbeat_reply(&mut self, conn: ConnId, probe: u64) {
        if self.on_dup_check_reply(conn, probe) {
            return;
        }
        let now = self.now;
        let next = now.saturating_add(self.hb_interval());
        let Some(client) = self
            .conn_to_client
            .get(&conn)
            .and_then(|id| self.clients.get_mut(id))
        else {
            return;
        };
        if client.hb_probe.map(|(p, _)| p) != Some(probe) {
            return;
        }
        client.hb_probe = None;
        let recovered = client.failed_hb > 0;
        client.failed_hb = 0;
        client.hb_gen += 1;
        client.next_hb = next;
        let gen = client.hb_gen;
        let subs = client.subs.clone();
        self.timers.arm(next, Timer::Heartbeat { conn, gen });
        if recovered {
            self.set_failed_hb(&subs, false);
        }
    }

    pub(super) fn on_heartbeat_timeout(&mut self, conn: ConnId, probe: u64) {
        let now = self.now;
        let next = now.saturating_add(self.hb_interval());
        let max_fail = self.opts.hb_fail_count;
        let Some(client) = self
            .conn_to_client
            .get(&conn)
            .and_then(|id| self.clients.get_mut(id))
        else {
            return;
        };
        if client.hb_probe.map(|(p, _)| p) != Some(probe) {
            return;
        }
        client.hb_probe = None;
        client.failed_hb += 1;
        let failed = client.failed_hb;
        self.emit(Event::HeartbeatMissed { conn, failed });
        if failed > max_fail {
            self.close_client(conn, RemovalReason::HeartbeatsFailed);
            return;
        }
        let Some(client) = self
            .conn_to_client
            .get(&conn)
            .and_then(|id| self.clients.get_mut(id))
        else {
            return;
        };
        client.hb_gen += 1;
        client.next_hb = next;
        let gen = client.hb_gen;
        let subs = client.subs.clone();
        self.timers.arm(next, Timer::Heartbeat { conn, gen });
        if failed == 1 {
            self.set_failed_hb(&subs, true);
        }
    }

    fn set_failed_hb(&mut self, subs: &[super::SubId], failed: bool) {
        for id in subs {
            if let Some(s) = self.subs.get_mut(id) {
                s.has_failed_hb = failed;
            }
        }
    }
}
