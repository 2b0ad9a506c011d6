//! The browser soak's load on the host, without the page: three publishers at the fastest
//! period the playground keeps, two manual-ack listeners whose handler never acks, latency
//! 100 ms, driven by ticks of 16 ms of wall time at 100x. Prints, every 1000 virtual seconds,
//! the host time spent and the bytes allocated (a counting allocator), so the model's cost
//! and memory over a long run can be read without a browser:
//!
//! ```text
//! cargo run --release --example soak_model -- [VIRTUAL_SECONDS]
//! ```

use nats_playground::playground::{Action, ListenerCfg, PanelKind, Playground, PublisherCfg};
use nats_playground::sim::AckPolicy;
use std::time::Instant;

#[path = "../benches/support/counting.rs"]
mod counting;

#[global_allocator]
static ALLOC: counting::Counting = counting::Counting;

fn main() {
    let secs: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(6000);
    let mut pg = Playground::default();
    let pubs: Vec<_> = (0..3)
        .map(|_| pg.add_panel(PanelKind::Publisher(PublisherCfg::default())))
        .collect();
    let one = std::env::var_os("SOAK_ONE_PUB").is_some();
    for &p in pubs.iter().take(if one { 1 } else { 3 }) {
        let cfg = PublisherCfg {
            every_ms: 10,
            ..PublisherCfg::default()
        };
        pg.apply(Action::EditPublisher(p, cfg));
    }
    let every: Vec<u64> = pubs
        .iter()
        .map(|&p| {
            pg.panel(p)
                .and_then(|x| x.publisher())
                .map_or(0, |c| c.every_ms)
        })
        .collect();
    eprintln!("publishers every {every:?} ms; notice: {:?}", pg.notice);
    let subs: Vec<_> = (0..2)
        .map(|_| {
            pg.add_panel(PanelKind::Listener(ListenerCfg {
                manual_ack: true,
                ack: AckPolicy::Never,
                ..ListenerCfg::default()
            }))
        })
        .collect();
    for &p in &pubs {
        pg.apply(Action::Connect(p));
    }
    for &s in &subs {
        pg.apply(Action::Start(s));
    }
    pg.apply(Action::SetSpeed(100.0));
    pg.apply(Action::Play);
    // SOAK_WHOLE_TICKS=1: each tick advances in one go (no slices).
    let whole_ticks = std::env::var_os("SOAK_WHOLE_TICKS").is_some();
    let base = counting::live();
    let t0 = Instant::now();
    let mut next = 1000_u64;
    let mut worst_tick = 0.0_f64;
    while pg.now() < secs * 1000 {
        let s = Instant::now();
        if whole_ticks {
            let t = pg.now() + 1600;
            pg.advance_to(t);
        } else {
            pg.apply(Action::Tick(16.0));
        }
        worst_tick = worst_tick.max(s.elapsed().as_secs_f64() * 1e3);
        if pg.now() >= next * 1000 {
            let st = pg.sim().broker().stats();
            println!(
                "{{\"virtual_s\":{},\"host_s\":{:.1},\"mib\":{:.1},\"worst_tick_ms\":{worst_tick:.1},\"in_msgs\":{},\"out_msgs\":{},\"steps\":{},\"trace\":{},\"log\":{},\"checkpoints\":{}}}",
                pg.now() / 1000,
                t0.elapsed().as_secs_f64(),
                (counting::live() - base) as f64 / 1048576.0,
                st.in_msgs,
                st.out_msgs,
                pg.scenario.steps.len(),
                pg.sim().trace().len(),
                pg.sim().log().len(),
                pg.timeline.checkpoint_count(),
            );
            worst_tick = 0.0;
            next += 1000;
        }
    }
    let with = counting::live();
    let now = pg.now();
    pg.timeline.reset(now);
    println!(
        "{{\"checkpoints_mib\":{:.1},\"rest_mib\":{:.1}}}",
        (with - counting::live()) as f64 / 1048576.0,
        (counting::live() - base) as f64 / 1048576.0
    );
    let s = Instant::now();
    pg.apply(Action::Seek(0));
    println!(
        "{{\"seek_to_0_ms\":{:.1}}}",
        s.elapsed().as_secs_f64() * 1e3
    );
    let s = Instant::now();
    let saved = pg.to_saved();
    println!("{{\"to_saved_ms\":{:.1}}}", s.elapsed().as_secs_f64() * 1e3);
    drop(saved);
}
