//! The lessons in the chapter's order. The catalogue (id, file, title, part) is small and
//! compiled in, so the picker lists every lesson at once; a lesson's file (narration, setup,
//! objectives) is read only when the lesson opens. The web app fetches it from `lessons/`
//! beside the page ([`url`]); the native runner and the tests read the texts compiled in
//! here ([`text`]), which the web build never references, so they stay out of its wasm.

/// One lesson of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: &'static str,
    /// The file's name under `lessons/`.
    pub file: &'static str,
    pub title: &'static str,
    /// The part of the chapter it follows.
    pub part: &'static str,
}

/// id, file, title, part: the titles and parts the files hold (tests/lessons.rs checks).
const ENTRIES: &[(&str, &str, &str, &str)] = &[
    (
        "event-bus",
        "01-event-bus.json",
        "The event bus: a NATS Streaming server",
        "Creating a NATS Streaming Deployment / Big Notes on NATS Streaming",
    ),
    (
        "publishing",
        "02-publishing.json",
        "Publishing an event",
        "Building a NATS Test Project / Port-Forwarding with Kubectl / Publishing Events",
    ),
    (
        "listening",
        "03-listening.json",
        "Listening for data",
        "Listening For Data",
    ),
    (
        "event-data",
        "04-event-data.json",
        "Reading the event: data and sequence number",
        "Accessing Event Data",
    ),
    (
        "client-ids",
        "05-client-ids.json",
        "Client ids",
        "Client ID Generation",
    ),
    (
        "queue-groups",
        "06-queue-groups.json",
        "Queue groups",
        "Queue Groups",
    ),
    (
        "manual-ack",
        "07-manual-ack.json",
        "Manual ack mode",
        "Manual Ack Mode",
    ),
    (
        "health-checks",
        "08-health-checks.json",
        "Client health checks",
        "Client Health Checks",
    ),
    (
        "graceful-shutdown",
        "09-graceful-shutdown.json",
        "Graceful client shutdown",
        "Graceful Client Shutdown",
    ),
    (
        "concurrency-issues",
        "10-concurrency-issues.json",
        "The core concurrency issues",
        "Core Concurrency Issues",
    ),
    (
        "possible-solutions",
        "11-possible-solutions.json",
        "Possible solutions, and why they fall short",
        "Common Questions / More Possible Concurrency Solutions",
    ),
    (
        "versions",
        "12-versions.json",
        "Concurrency control with versions",
        "Solving Concurrency Issues / Concurrency Control with the Tickets App",
    ),
    (
        "event-redelivery",
        "13-event-redelivery.json",
        "Event redelivery: replaying the history",
        "Event Redelivery",
    ),
    (
        "durable-subscriptions",
        "14-durable-subscriptions.json",
        "Durable subscriptions",
        "Durable Subscriptions",
    ),
];

/// The files' texts, in the same order.
const TEXTS: &[&str] = &[
    include_str!("../../lessons/01-event-bus.json"),
    include_str!("../../lessons/02-publishing.json"),
    include_str!("../../lessons/03-listening.json"),
    include_str!("../../lessons/04-event-data.json"),
    include_str!("../../lessons/05-client-ids.json"),
    include_str!("../../lessons/06-queue-groups.json"),
    include_str!("../../lessons/07-manual-ack.json"),
    include_str!("../../lessons/08-health-checks.json"),
    include_str!("../../lessons/09-graceful-shutdown.json"),
    include_str!("../../lessons/10-concurrency-issues.json"),
    include_str!("../../lessons/11-possible-solutions.json"),
    include_str!("../../lessons/12-versions.json"),
    include_str!("../../lessons/13-event-redelivery.json"),
    include_str!("../../lessons/14-durable-subscriptions.json"),
];

/// How many lessons there are.
pub fn len() -> usize {
    ENTRIES.len()
}

/// Lesson number `n` (0-based, in order).
pub fn nth(n: usize) -> Option<Entry> {
    ENTRIES.get(n).map(|&(id, file, title, part)| Entry {
        id,
        file,
        title,
        part,
    })
}

/// Every lesson, in order.
pub fn entries() -> impl Iterator<Item = Entry> {
    (0..len()).filter_map(nth)
}

/// The position of the lesson with this id.
pub fn position(id: &str) -> Option<usize> {
    ENTRIES.iter().position(|(i, ..)| *i == id)
}

/// Where the web app fetches the lesson's file: relative to the page, so the app works
/// from any sub-path (`trunk build` copies `lessons/` into `dist/`).
pub fn url(e: &Entry) -> String {
    format!("lessons/{}", e.file)
}

/// The file's text as compiled in (native runner and tests).
pub fn text(n: usize) -> Option<&'static str> {
    TEXTS.get(n).copied()
}
