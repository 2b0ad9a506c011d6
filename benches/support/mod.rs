//! The workload the broker benchmarks share (`broker.rs`, `memory.rs`): one publisher, a queue
//! group of four and two plain listeners on `ticket:created`, acks fed straight back.

use nats_playground::broker::{
    Broker, Command, ConnId, Event, ReqId, ServerOptions, SubId, SubscribeRequest,
};
use std::hint::black_box;
use std::sync::Arc;

pub struct Bench {
    pub broker: Broker,
    publisher: ConnId,
    data: Arc<str>,
    acks: Vec<(SubId, u64)>,
    req: u64,
}

pub fn connect(b: &mut Broker, id: &str) -> ConnId {
    b.handle(
        0,
        Command::Connect {
            req: ReqId(0),
            cluster_id: "test-cluster".into(),
            client_id: id.into(),
        },
    );
    match b.drain_events().find_map(|e| match e {
        Event::Connected { conn, .. } => Some(conn),
        _ => None,
    }) {
        Some(c) => c,
        None => panic!("connect {id} failed"),
    }
}

impl Bench {
    /// A broker with `opts`, `prefill` messages already on the channel, a publisher and six
    /// listeners (four in the queue group `orders-service`, two plain).
    pub fn new(opts: ServerOptions, prefill: u64) -> Self {
        let mut broker = Broker::new(opts);
        let publisher = connect(&mut broker, "publisher");
        let data: Arc<str> = Arc::from(r#"{"id":"101","title":"concert","price":20,"version":1}"#);
        for i in 0..prefill {
            broker.handle(
                0,
                Command::Publish {
                    req: ReqId(i),
                    conn: publisher,
                    subject: "ticket:created".into(),
                    data: data.clone(),
                },
            );
            broker.drain_events().for_each(drop);
        }
        for i in 0..6 {
            let conn = connect(&mut broker, &format!("listener-{i}"));
            let mut request = SubscribeRequest::new("ticket:created");
            if i < 4 {
                request.queue = Some("orders-service".into());
            }
            broker.handle(
                0,
                Command::Subscribe {
                    req: ReqId(0),
                    conn,
                    request,
                },
            );
            broker.drain_events().for_each(drop);
        }
        Bench {
            broker,
            publisher,
            data,
            acks: Vec::with_capacity(8),
            req: 0,
        }
    }

    /// One publish, its deliveries (1 queue member + 2 plain listeners) and their acks.
    pub fn cycle(&mut self) {
        self.req += 1;
        self.broker.handle(
            0,
            Command::Publish {
                req: ReqId(self.req),
                conn: self.publisher,
                subject: "ticket:created".into(),
                data: self.data.clone(),
            },
        );
        while let Some(ev) = self.broker.poll_event() {
            if let Event::Deliver { sub, msg, .. } = ev {
                self.acks.push((sub, msg.seq));
            }
        }
        for (sub, seq) in self.acks.drain(..) {
            self.broker.handle(0, Command::Ack { sub, seq });
        }
        while let Some(ev) = self.broker.poll_event() {
            black_box(ev);
        }
    }
}
