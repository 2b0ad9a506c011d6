//! A small run shared by the unit tests: a listener and a publisher connect, the listener
//! subscribes, one event is published, and the clock stops at 1.5 s.

use super::{Action, Playground};

pub fn small_run() -> Playground {
    let mut pg = Playground::default();
    pg.apply(Action::AddListener);
    pg.apply(Action::AddPublisher);
    pg.apply(Action::Connect(1));
    pg.apply(Action::Connect(2));
    pg.apply(Action::Seek(300));
    pg.apply(Action::Subscribe(1));
    pg.apply(Action::Seek(600));
    pg.apply(Action::Publish(2));
    pg.apply(Action::Seek(1500));
    pg
}
