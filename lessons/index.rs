// The lesson files in the chapter's order (read by src/lessons/mod.rs with include!).
[
    ("event-bus", include_str!("01-event-bus.json")),
    ("publishing", include_str!("02-publishing.json")),
    ("listening", include_str!("03-listening.json")),
    ("event-data", include_str!("04-event-data.json")),
    ("client-ids", include_str!("05-client-ids.json")),
    ("queue-groups", include_str!("06-queue-groups.json")),
    ("manual-ack", include_str!("07-manual-ack.json")),
    ("health-checks", include_str!("08-health-checks.json")),
    ("graceful-shutdown", include_str!("09-graceful-shutdown.json")),
    ("concurrency-issues", include_str!("10-concurrency-issues.json")),
    ("possible-solutions", include_str!("11-possible-solutions.json")),
    ("versions", include_str!("12-versions.json")),
    ("event-redelivery", include_str!("13-event-redelivery.json")),
    ("durable-subscriptions", include_str!("14-durable-subscriptions.json")),
]
