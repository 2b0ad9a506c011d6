// The lesson files in the chapter's order (read by src/lessons/mod.rs with include!).
[
    ("queue-groups", include_str!("06-queue-groups.json")),
]
