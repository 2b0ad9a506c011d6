//! §8 Monitoring endpoints (0.17 field set: no `subs_count`).

use crate::support::*;
use nats_playground::broker::ServerOptions;
use serde_json::json;

// Not recorded in a golden trace: follows stan-semantics.md §8 (getOffsetAndLimit /
// getMinMaxOffset: offset < 0 -> 0, limit <= 0 -> 1024, slice of the list sorted by id/name,
// offset and limit echoed; TestMonitorClientsz).
#[test]
fn monitor_paging_offset_limit() {
    let t = scn()
        .connect(0, "c")
        .connect(0, "a")
        .connect(0, "b")
        .publish(10, "a", "z", "x")
        .publish(10, "a", "x", "x")
        .publish(10, "a", "y", "x")
        .monitor(100, "/streaming/clientsz?offset=1&limit=1")
        .monitor(100, "/streaming/clientsz?offset=-1")
        .monitor(100, "/streaming/clientsz?offset=10")
        .monitor(100, "/streaming/clientsz?limit=-1")
        .monitor(100, "/streaming/clientsz?offset=1&limit=2")
        .monitor(100, "/streaming/channelsz?offset=1&limit=1")
        .monitor(100, "/streaming/channelsz?offset=5")
        .run();
    let page = |path: &str| {
        let b = t.monitor(path);
        (
            b["offset"].clone(),
            b["limit"].clone(),
            b["count"].clone(),
            b["total"].clone(),
            client_ids(&b),
        )
    };
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        page("/streaming/clientsz?offset=1&limit=1"),
        (json!(1), json!(1), json!(1), json!(3), ids(&["b"]))
    );
    assert_eq!(
        page("/streaming/clientsz?offset=-1"),
        (
            json!(0),
            json!(1024),
            json!(3),
            json!(3),
            ids(&["a", "b", "c"])
        )
    );
    assert_eq!(
        page("/streaming/clientsz?offset=10"),
        (json!(10), json!(1024), json!(0), json!(3), ids(&[]))
    );
    assert_eq!(
        t.monitor("/streaming/clientsz?offset=10")["clients"],
        json!([]),
        "always present"
    );
    assert_eq!(
        page("/streaming/clientsz?limit=-1"),
        (
            json!(0),
            json!(1024),
            json!(3),
            json!(3),
            ids(&["a", "b", "c"])
        )
    );
    assert_eq!(
        page("/streaming/clientsz?offset=1&limit=2"),
        (json!(1), json!(2), json!(2), json!(3), ids(&["b", "c"]))
    );
    let ch = t.monitor("/streaming/channelsz?offset=1&limit=1");
    assert_eq!(
        (
            ch["count"].clone(),
            ch["total"].clone(),
            ch["names"].clone()
        ),
        (json!(1), json!(3), json!(["y"]))
    );
    let past = t.monitor("/streaming/channelsz?offset=5");
    assert_eq!(
        (past["count"].clone(), past["total"].clone()),
        (json!(0), json!(3))
    );
    assert!(past.get("names").is_none(), "omitted when empty");
}

// Recorded in probes/monitoring-queries too: unknown `?client=` / `?channel=` -> 404 plain
// text `Client X not found` / `Channel X not found`, with the newline `http.Error` adds.
#[test]
fn monitor_unknown_client_and_channel_404() {
    let mut d = Driver::new(ServerOptions::default());
    let c = d.connect("known");
    d.publish(c, "orders", "x");
    let e =
        d.b.monitor("/streaming/clientsz?client=nobody")
            .unwrap_err();
    assert_eq!(
        (e.status, e.body.as_str()),
        (404, "Client nobody not found\n")
    );
    let e =
        d.b.monitor("/streaming/channelsz?channel=nowhere")
            .unwrap_err();
    assert_eq!(
        (e.status, e.body.as_str()),
        (404, "Channel nowhere not found\n")
    );
    assert_eq!(e.status_line(), "HTTP 404 Not Found");
    // Known ones answer with the single object, no paging wrapper.
    let one = d.monitor("/streaming/clientsz?client=known");
    assert_eq!(one["id"], "known");
    assert!(one.get("total").is_none());
    let ch = d.monitor("/streaming/channelsz?channel=orders");
    assert_eq!(
        (ch["name"].clone(), ch["msgs"].clone()),
        (json!("orders"), json!(1))
    );
    assert!(ch.get("subscriptions").is_none(), "omitted without subs=1");
}

// Not recorded in a golden trace (monitoring-endpoints has an offline durable but no shadow):
// follows stan-semantics.md §8.1 / §8.4 (numSubs: plain subs incl. online durables + offline
// durables + queue members + one per durable-queue shadow; TestMonitorNumSubs).
#[test]
fn serverz_counts_offline_durables_and_shadows() {
    let t = scn()
        .connect(0, "a")
        .connect(0, "b")
        .connect(0, "c")
        .sub(0, "a", "plain", "orders")
        .sub_with(0, "a", "online-dur", "orders", json!({"durable": "on"}))
        .sub_with(0, "b", "offline-dur", "orders", json!({"durable": "off"}))
        .sub_with(
            0,
            "b",
            "shadowed",
            "orders",
            json!({"durable": "d", "queue": "sg"}),
        )
        .sub_with(0, "a", "m1", "payments", json!({"queue": "g"}))
        .sub_with(0, "c", "m2", "payments", json!({"queue": "g"}))
        .close(100, "b")
        .monitor(200, "/streaming/serverz")
        .monitor(200, "/streaming/channelsz?channel=orders&subs=1")
        .monitor(200, "/streaming/clientsz?subs=1")
        .run();
    let serverz = t.monitor("/streaming/serverz");
    assert_eq!(serverz["clients"], 2);
    assert_eq!(serverz["channels"], 2);
    assert_eq!(
        serverz["subscriptions"], 6,
        "plain + online durable + offline durable + shadow + 2 members"
    );
    let orders = subs_of(&t.monitor("/streaming/channelsz?channel=orders&subs=1"));
    assert_eq!(orders.len(), 4);
    assert_eq!(orders.iter().filter(|s| s["is_offline"] == true).count(), 2);
    // clientsz lists live subscriptions of registered clients only.
    let clients = t.monitor("/streaming/clientsz?subs=1");
    assert_eq!(client_ids(&clients), vec!["a", "c"]);
}

// Not recorded in a golden trace: follows stan-semantics.md §8 (`?subs=1` must parse as the
// integer 1; `subs=true` does nothing).
#[test]
fn monitor_subs_param_must_be_the_integer_1() {
    let t = scn()
        .connect(0, "a")
        .sub(0, "a", "s", "orders")
        .monitor(100, "/streaming/channelsz?subs=true")
        .monitor(100, "/streaming/channelsz?subs=1")
        .monitor(100, "/streaming/clientsz?subs=true")
        .monitor(100, "/streaming/clientsz?subs=1")
        .run();
    let off = t.monitor("/streaming/channelsz?subs=true");
    assert_eq!(off["names"], json!(["orders"]));
    assert!(off.get("channels").is_none());
    let on = t.monitor("/streaming/channelsz?subs=1");
    assert!(on.get("names").is_none());
    assert_eq!(subs_of(&on["channels"][0]).len(), 1);
    assert!(t.monitor("/streaming/clientsz?subs=true")["clients"][0]
        .get("subscriptions")
        .is_none());
    let subs = &t.monitor("/streaming/clientsz?subs=1")["clients"][0]["subscriptions"];
    assert_eq!(
        subs["orders"].as_array().map(Vec::len),
        Some(1),
        "keyed by channel name"
    );
}

// Not recorded in a golden trace (monitoring-endpoints uses default limits): follows
// stan-semantics.md §8.2 (durations in nanoseconds, key `max_subscriptions`).
#[test]
fn storez_reports_limits_in_nanoseconds() {
    let t = scn()
        .server("max_age_ms", json!(3_600_000))
        .server("max_inactivity_ms", json!(60_000))
        .server("max_subs", json!(7))
        .monitor(0, "/streaming/storez")
        .run();
    let s = t.monitor("/streaming/storez");
    assert_eq!(s["type"], "MEMORY");
    assert_eq!(
        s["limits"],
        json!({
            "max_channels": 100,
            "max_msgs": 1_000_000,
            "max_bytes": 1_024_000_000u64,
            "max_age": 3_600_000_000_000u64,
            "max_subscriptions": 7,
            "max_inactivity": 60_000_000_000u64
        })
    );
}

// Not recorded in a golden trace: follows stan-semantics.md §8.1 (in_msgs = publish requests;
// out_msgs = every delivery including redeliveries; TestMonitorInOutMsgs: 5 pubs, 2 subs ->
// 10; after one AckWait with one sub not acking -> 15).
#[test]
fn serverz_in_and_out_msgs_count_redeliveries() {
    let t = scn()
        .connect(0, "p")
        .connect(0, "s")
        .sub(0, "s", "auto", "orders")
        .sub_with(
            0,
            "s",
            "never",
            "orders",
            json!({"manual_ack": true, "ack": "never", "ack_wait_ms": 1000}),
        )
        .publish_n(100, 10, "p", "orders", 5)
        .monitor(500, "/streaming/serverz")
        .monitor(1500, "/streaming/serverz")
        .run();
    let snaps = t.monitors("/streaming/serverz");
    assert_eq!(
        (snaps[0]["in_msgs"].clone(), snaps[0]["out_msgs"].clone()),
        (json!(5), json!(10))
    );
    assert_eq!(
        (snaps[1]["in_msgs"].clone(), snaps[1]["out_msgs"].clone()),
        (json!(5), json!(15))
    );
    assert_eq!(snaps[1]["total_msgs"], 5);
}

// Not recorded in a golden trace: follows stan-semantics.md §8.4 (names sorted, omitted when
// there are no channels; count/total still present).
#[test]
fn channelsz_names_are_sorted_and_omitted_when_there_are_no_channels() {
    let t = scn()
        .connect(0, "p")
        .monitor(10, "/streaming/channelsz")
        .publish(20, "p", "orders", "x")
        .publish(20, "p", "Accounts", "x")
        .publish(20, "p", "billing", "x")
        .monitor(100, "/streaming/channelsz")
        .run();
    let snaps = t.monitors("/streaming/channelsz");
    assert!(snaps[0].get("names").is_none());
    assert_eq!(
        (snaps[0]["count"].clone(), snaps[0]["total"].clone()),
        (json!(0), json!(0))
    );
    assert_eq!(
        snaps[1]["names"],
        json!(["Accounts", "billing", "orders"]),
        "byte order"
    );
}
