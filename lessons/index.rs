// The lesson files in the chapter's order (read by src/lessons/mod.rs with include!).
[
    ("event-bus", include_str!("01-event-bus.json")),
    ("publishing", include_str!("02-publishing.json")),
    ("listening", include_str!("03-listening.json")),
    ("event-data", include_str!("04-event-data.json")),
    ("client-ids", include_str!("05-client-ids.json")),
    ("queue-groups", include_str!("06-queue-groups.json")),
]
