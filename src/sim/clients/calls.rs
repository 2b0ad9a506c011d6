//! The calls a program makes on node-nats-streaming (`nats.connect`, `stan.subscribe`,
//! `stan.publish`, `subscription.unsubscribe()` / `close()`, `stan.close()`, a kill, a
//! person's ack): what each sends, arms and records, with the errors the client library
//! throws before anything reaches the server.

use super::*;

impl Clients {
    /// `nats.connect(cluster_id, client_id)` in a new process. The cluster id defaults to the server's.
    pub fn connect(
        &mut self,
        clk: &mut Clock,
        client_id: &str,
        cluster_id: Option<&str>,
    ) -> (ProcId, ReqId) {
        let p = self.procs.len();
        self.procs.push(Proc {
            client_id: client_id.to_string(),
            state: ProcState::Connecting,
            subs: Vec::new(),
            connected_as: None,
        });
        let cluster_id = cluster_id.unwrap_or(&self.cluster_id).to_string();
        let req = self.new_request(clk, p, ReqKind::Connect, CONNECT_TIMEOUT_MS);
        let thrown = if client_id.is_empty() {
            Some(ERR_NO_CLIENT_ID)
        } else if cluster_id.is_empty() {
            Some(ERR_NO_CLUSTER_ID)
        } else {
            None
        };
        if let Some(error) = thrown {
            self.finish(req);
            self.procs[p].state = ProcState::Failed;
            self.record(
                p,
                TraceKind::ConnectError {
                    client: client_id.to_string(),
                    error: error.into(),
                },
            );
            return (p, req);
        }
        self.send(
            clk,
            p,
            Command::Connect {
                req,
                cluster_id,
                client_id: client_id.to_string(),
            },
        );
        (p, req)
    }

    /// A process that has not connected (yet): its requests fail with `stan: Connection closed`.
    pub fn unconnected_proc(&mut self, client_id: &str) -> ProcId {
        self.procs.push(Proc {
            client_id: client_id.to_string(),
            state: ProcState::Failed,
            subs: Vec::new(),
            connected_as: None,
        });
        self.procs.len() - 1
    }

    /// `stan.subscribe(subject, queue, opts)` with a handler; `label` names it in the trace.
    pub fn subscribe(
        &mut self,
        clk: &mut Clock,
        p: ProcId,
        label: &str,
        spec: SubSpec,
        handler: Handler,
    ) -> Option<ReqId> {
        let i = self.subs.len();
        self.subs.push(SimSub {
            label: label.to_string(),
            proc: p,
            spec: spec.clone(),
            handler,
            state: SubState::Subscribing,
            seen: Default::default(),
            failed_once: Default::default(),
            received: Chunked::new(),
        });
        let Some(conn) = self
            .procs
            .get(p)
            .filter(|pr| pr.is_connected())
            .and_then(Proc::conn)
        else {
            self.sub_failed(i, ERR_CONNECTION_CLOSED.into());
            return None;
        };
        self.procs[p].subs.push(i);
        let thrown = if spec.subject.is_empty() {
            Some(ERR_NO_SUBJECT)
        } else if spec.ack_wait_ms % 1000 != 0 {
            Some(ERR_ACK_WAIT_ASSERTION)
        } else {
            None
        };
        if let Some(error) = thrown {
            self.sub_failed(i, error.into());
            return None;
        }
        let req = self.new_request(clk, p, ReqKind::Subscribe(i), CONNECT_TIMEOUT_MS);
        let request = SubscribeRequest {
            subject: spec.subject.clone(),
            queue: spec.queue.clone(),
            durable: spec.durable.clone(),
            max_in_flight: spec.max_in_flight.unwrap_or(DEFAULT_MAX_IN_FLIGHT),
            ack_wait_secs: spec.ack_wait_ms / 1000,
            start: spec.start.clone(),
        };
        self.send(clk, p, Command::Subscribe { req, conn, request });
        Some(req)
    }

    /// `stan.publish(subject, data, cb)`.
    pub fn publish(&mut self, clk: &mut Clock, p: ProcId, subject: &str, data: &str) -> ReqId {
        let kind = ReqKind::Publish {
            subject: subject.to_string(),
            data: data.to_string(),
        };
        let req = self.new_request(clk, p, kind, PUB_ACK_TIMEOUT_MS);
        let conn = self
            .procs
            .get(p)
            .filter(|pr| pr.is_connected())
            .and_then(Proc::conn);
        let error = match conn {
            None => Some(ERR_CONNECTION_CLOSED),
            Some(_) if data.len() as u64 > self.max_payload => Some(ERR_MAX_PAYLOAD),
            Some(_) => None,
        };
        match (conn, error) {
            (Some(conn), None) => self.send(
                clk,
                p,
                Command::Publish {
                    req,
                    conn,
                    subject: subject.to_string(),
                    data: Arc::from(data),
                },
            ),
            (_, error) => {
                self.finish(req);
                let client = self
                    .procs
                    .get(p)
                    .map(|pr| pr.client_id.clone())
                    .unwrap_or_default();
                self.record(
                    p,
                    TraceKind::PubAck {
                        client,
                        subject: subject.to_string(),
                        data: data.to_string(),
                        error: error.map(str::to_string),
                    },
                );
            }
        }
        req
    }

    /// `subscription.unsubscribe()` (`unsubscribe`) or `subscription.close()`.
    pub fn remove_sub(&mut self, clk: &mut Clock, label: &str, unsubscribe: bool) -> Option<ReqId> {
        let i = self.sub_index(label)?;
        let p = self.subs[i].proc;
        let sub = self.subs[i].sub_id()?;
        let conn = self.procs[p]
            .conn()
            .filter(|_| self.procs[p].is_connected())?;
        // isClosed() is true at once: later messages are dropped, acks become no-ops.
        self.subs[i].state = SubState::Closed;
        let req = self.new_request(clk, p, ReqKind::SubRemove, CONNECT_TIMEOUT_MS);
        let cmd = if unsubscribe {
            Command::Unsubscribe { req, conn, sub }
        } else {
            Command::SubClose { req, conn, sub }
        };
        self.send(clk, p, cmd);
        Some(req)
    }

    /// `stan.close()`: pending publishes fail with `stan: Connection closed`, then the close request.
    pub fn close(&mut self, clk: &mut Clock, p: ProcId) -> Option<ReqId> {
        let conn = self
            .procs
            .get(p)
            .filter(|pr| pr.is_connected())
            .and_then(Proc::conn)?;
        // In the order they were made (the map is ordered by id).
        let outstanding: Vec<ReqId> = self
            .requests
            .iter()
            .filter(|(_, r)| r.proc == p && matches!(r.kind, ReqKind::Publish { .. }))
            .map(|(id, _)| *id)
            .collect();
        for req in outstanding {
            self.publish_done(p, req, Some(ERR_CONNECTION_CLOSED.into()));
        }
        self.procs[p].state = ProcState::Closing(conn);
        let req = self.new_request(clk, p, ReqKind::Close, CONNECT_TIMEOUT_MS);
        self.send(clk, p, Command::Close { req, conn });
        Some(req)
    }

    /// SIGKILL: the process stops at once, without a word to the server.
    pub fn kill(&mut self, p: ProcId) {
        if let Some(pr) = self.procs.get_mut(p) {
            pr.state = ProcState::Killed;
        }
    }

    /// A person presses "ack" on a message in the playground.
    pub fn ack(&mut self, clk: &mut Clock, label: &str, seq: u64) {
        if let Some(i) = self.sub_index(label) {
            self.send_ack(clk, i, seq, true);
        }
    }

    /// A fresh random client id, as `randomBytes(4).toString('hex')`.
    pub fn random_client_id(&mut self) -> String {
        self.rng.hex_id()
    }
}
