//! Connections: `connectCB`, `isDuplicateConnect`, `processCloseRequest`, `closeClient`,
//! `processClientPings`.
//!
//! The rules it follows: docs/semantics.md §1.3, §1.5, §1.7.

use super::client::Client;
use super::state::{Broker, DupCheck};
use super::subject::is_client_id_valid;
use super::timers::Timer;
use super::{ConnId, Event, RemovalReason, ReqId};
use super::{
    ERR_CLIENT_ID_REGISTERED, ERR_CLIENT_REPLACED, ERR_INVALID_CLIENT_ID, ERR_UNKNOWN_CLIENT,
};

/// `defaultCheckDupCIDTimeout`: how long the old holder of a client id has to answer.
pub const DUP_CHECK_TIMEOUT_MS: u64 = 500;

impl Broker {
    pub(super) fn on_connect(&mut self, req: ReqId, cluster_id: &str, client_id: String) {
        if cluster_id != self.opts.cluster_id {
            // Sent to `_STAN.discover.<other>`: nobody listens, nobody answers. The client
            // gives up after its connect timeout.
            return;
        }
        if !is_client_id_valid(&client_id) {
            self.emit(Event::ConnectFailed {
                req,
                client_id,
                error: ERR_INVALID_CLIENT_ID.to_string(),
            });
            return;
        }
        let Some(old_conn) = self.clients.get(&client_id).map(|c| c.conn) else {
            self.register_client(req, client_id);
            return;
        };
        if self.dup_checks.contains_key(&client_id) {
            self.emit(Event::ConnectFailed {
                req,
                client_id,
                error: ERR_CLIENT_ID_REGISTERED.to_string(),
            });
            return;
        }
        // Ask the current holder whether it is alive.
        let probe = self.new_probe();
        self.dup_checks.insert(
            client_id.clone(),
            DupCheck {
                probe,
                old_conn,
                req,
            },
        );
        self.emit(Event::HeartbeatProbe {
            conn: old_conn,
            probe,
        });
        let at = self.now.saturating_add(DUP_CHECK_TIMEOUT_MS);
        self.timers
            .arm(at, Timer::DupCheckTimeout { client_id, probe });
    }

    /// The old holder answered: the new connection is refused.
    pub(super) fn on_dup_check_reply(&mut self, conn: ConnId, probe: u64) -> bool {
        let Some(client_id) = self
            .dup_checks
            .iter()
            .find(|(_, d)| d.probe == probe && d.old_conn == conn)
            .map(|(id, _)| id.clone())
        else {
            return false;
        };
        if let Some(check) = self.dup_checks.remove(&client_id) {
            self.emit(Event::ConnectFailed {
                req: check.req,
                client_id,
                error: ERR_CLIENT_ID_REGISTERED.to_string(),
            });
        }
        true
    }

    /// No answer in 500 ms: the old connection is closed and the new one takes the id.
    pub(super) fn on_dup_check_timeout(&mut self, client_id: &str, probe: u64) {
        let Some(check) = self.dup_checks.get(client_id) else {
            return;
        };
        if check.probe != probe {
            return;
        }
        let check = self.dup_checks.remove(client_id).expect("checked above");
        if self
            .clients
            .get(client_id)
            .is_some_and(|c| c.conn == check.old_conn)
        {
            self.close_client(check.old_conn, RemovalReason::Replaced);
        }
        if self.clients.contains_key(client_id) {
            // Someone else took the id meanwhile (cannot happen while the check holds it).
            self.emit(Event::ConnectFailed {
                req: check.req,
                client_id: client_id.to_string(),
                error: ERR_CLIENT_ID_REGISTERED.to_string(),
            });
        } else {
            self.register_client(check.req, client_id.to_string());
        }
    }

    fn register_client(&mut self, req: ReqId, client_id: String) {
        self.next_conn += 1;
        let conn = ConnId(self.next_conn);
        let hb_inbox = self.names.inbox();
        let first_hb = self.now.saturating_add(self.hb_interval());
        self.clients.insert(
            client_id.clone(),
            Client {
                id: client_id.clone(),
                conn,
                hb_inbox,
                subs: Vec::new(),
                failed_hb: 0,
                hb_probe: None,
                next_hb: first_hb,
                hb_gen: 0,
                connected_at: self.now,
            },
        );
        self.conn_to_client.insert(conn, client_id.clone());
        self.timers.arm(first_hb, Timer::Heartbeat { conn, gen: 0 });
        self.emit(Event::Connected {
            req,
            conn,
            client_id,
        });
    }

    pub(super) fn on_close(&mut self, req: ReqId, conn: ConnId) {
        if self.conn_to_client.contains_key(&conn) {
            self.close_client(conn, RemovalReason::Closed);
            self.emit(Event::Closed {
                req,
                conn,
                error: None,
            });
        } else {
            self.emit(Event::Closed {
                req,
                conn,
                error: Some(ERR_UNKNOWN_CLIENT.to_string()),
            });
        }
    }

    /// `closeClient`: unregister the id, then take every subscription of the client down as a
    /// close (not an unsubscribe): durables go offline, queue members pass their messages on.
    pub(super) fn close_client(&mut self, conn: ConnId, reason: RemovalReason) {
        let Some(client_id) = self.conn_to_client.remove(&conn) else {
            return;
        };
        let Some(client) = self.clients.remove(&client_id) else {
            return;
        };
        for sub in client.subs {
            self.remove_subscription(sub, false);
        }
        self.emit(Event::ClientRemoved {
            conn,
            client_id,
            reason,
        });
    }

    pub(super) fn on_ping(&mut self, req: ReqId, conn: ConnId) {
        let Some(client) = self.client_mut(conn) else {
            let error = Some(ERR_CLIENT_REPLACED.to_string());
            self.emit(Event::Pong { req, conn, error });
            return;
        };
        if client.failed_hb > 0 && client.hb_probe.is_none() {
            // The client is evidently alive: check it again at once.
            let at = self.now.saturating_add(1);
            self.schedule_heartbeat(conn, at);
        }
        self.emit(Event::Pong {
            req,
            conn,
            error: None,
        });
    }
}
