//! Broker throughput: publish -> deliver -> ack cycles with a queue group of 4 members and
//! 2 plain listeners, and the cost per message when the channel already holds 10^3, 10^5
//! and 10^6 messages. Run: `cargo bench --bench broker`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use nats_playground::broker::{
    Broker, Command, ConnId, Event, ReqId, ServerOptions, SubId, SubscribeRequest,
};
use std::hint::black_box;
use std::sync::Arc;

struct Bench {
    broker: Broker,
    publisher: ConnId,
    data: Arc<str>,
    acks: Vec<(SubId, u64)>,
    req: u64,
}

fn connect(b: &mut Broker, id: &str) -> ConnId {
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
    fn new(prefill: u64) -> Self {
        let mut broker = Broker::new(ServerOptions::default());
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
    fn cycle(&mut self) {
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

fn throughput(c: &mut Criterion) {
    let mut g = c.benchmark_group("publish_deliver_ack");
    g.throughput(Throughput::Elements(1));
    let mut b = Bench::new(0);
    g.bench_function("queue4_plain2", |bench| bench.iter(|| b.cycle()));
    g.finish();
}

fn cost_vs_log_size(c: &mut Criterion) {
    let mut g = c.benchmark_group("cycle_with_stored_messages");
    g.throughput(Throughput::Elements(1));
    g.sample_size(30);
    for prefill in [1_000u64, 100_000, 1_000_000] {
        let mut b = Bench::new(prefill);
        g.bench_with_input(
            BenchmarkId::from_parameter(prefill),
            &prefill,
            |bench, _| bench.iter(|| b.cycle()),
        );
    }
    g.finish();
}

criterion_group!(benches, throughput, cost_vs_log_size);
criterion_main!(benches);
