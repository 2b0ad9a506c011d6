//! A work budget for runs of outside input (a share link, an imported file, an autosave, the
//! headless runner): bounds on what the simulation may do, checked as it runs, so a small
//! hostile or oversized input stops with a message naming the bound it hit instead of
//! freezing a tab or filling memory. A learner's own run has no budget.
//!
//! The hook in the simulation's loop is [`Sim::set_budget`]: once a bound is passed the
//! simulation stops where it is (nothing more happens, the clock stays), and
//! [`Sim::budget_exceeded`] says which bound and when.

use super::world::Sim;
use crate::broker::Millis;

/// One bound of a [`Budget`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// Happenings processed: packets landed, timers fired.
    Events,
    /// Messages the server has taken in.
    Messages,
    /// Messages sent to subscribers, redeliveries included.
    Deliveries,
    /// Client processes.
    Clients,
    /// Subscriptions.
    Subscriptions,
    /// Entries kept in the trace and the server's log.
    Trace,
}

impl Bound {
    /// The bound's name (the headless runner's flag is `--max-NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Bound::Events => "events",
            Bound::Messages => "messages",
            Bound::Deliveries => "deliveries",
            Bound::Clients => "clients",
            Bound::Subscriptions => "subscriptions",
            Bound::Trace => "trace",
        }
    }

    /// What is counted, in words.
    pub fn what(self) -> &'static str {
        match self {
            Bound::Events => "simulated events",
            Bound::Messages => "messages published",
            Bound::Deliveries => "deliveries (redeliveries included)",
            Bound::Clients => "clients",
            Bound::Subscriptions => "subscriptions",
            Bound::Trace => "trace entries",
        }
    }

    pub const ALL: [Bound; 6] = [
        Bound::Events,
        Bound::Messages,
        Bound::Deliveries,
        Bound::Clients,
        Bound::Subscriptions,
        Bound::Trace,
    ];
}

/// The most a run may do, bound by bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    pub events: u64,
    pub messages: u64,
    pub deliveries: u64,
    pub clients: u64,
    pub subscriptions: u64,
    pub trace: u64,
}

impl Default for Budget {
    /// What a browser tab replays comfortably (a few seconds, tens of MB): a share link, a
    /// file, an autosave. The headless runner starts from the same figures.
    fn default() -> Self {
        Budget {
            events: 3_000_000,
            messages: 100_000,
            deliveries: 200_000,
            clients: 1_000,
            subscriptions: 1_000,
            trace: 400_000,
        }
    }
}

impl Budget {
    /// No bound at all: a run that is only counted ([`Sim::count_work`]).
    pub fn unbounded() -> Budget {
        Budget {
            events: u64::MAX,
            messages: u64::MAX,
            deliveries: u64::MAX,
            clients: u64::MAX,
            subscriptions: u64::MAX,
            trace: u64::MAX,
        }
    }

    /// Whether a run that used `used(b)` of each bound is within `share` of this budget.
    pub fn holds(&self, share: f64, mut used: impl FnMut(Bound) -> u64) -> bool {
        Bound::ALL
            .into_iter()
            .all(|b| used(b) as f64 <= self.get(b) as f64 * share)
    }

    pub fn get(&self, b: Bound) -> u64 {
        match b {
            Bound::Events => self.events,
            Bound::Messages => self.messages,
            Bound::Deliveries => self.deliveries,
            Bound::Clients => self.clients,
            Bound::Subscriptions => self.subscriptions,
            Bound::Trace => self.trace,
        }
    }

    pub fn set(&mut self, b: Bound, n: u64) {
        match b {
            Bound::Events => self.events = n,
            Bound::Messages => self.messages = n,
            Bound::Deliveries => self.deliveries = n,
            Bound::Clients => self.clients = n,
            Bound::Subscriptions => self.subscriptions = n,
            Bound::Trace => self.trace = n,
        }
    }
}

/// A bound that was passed: which, its limit, and the virtual moment the run stopped at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exceeded {
    pub bound: Bound,
    pub limit: u64,
    pub at_ms: Millis,
}

impl std::fmt::Display for Exceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "work bound `{}` exceeded: more than {} {} (stopped at {} ms of simulated time)",
            self.bound.name(),
            self.limit,
            self.bound.what(),
            self.at_ms
        )
    }
}

/// How often (in events) the counts that cost a little to read are checked.
const CHECK_EVERY: u64 = 64;

/// The budget a simulation runs under and what it has used.
#[derive(Clone, Debug)]
pub struct Meter {
    budget: Budget,
    events: u64,
    exceeded: Option<Exceeded>,
}

impl Meter {
    fn halted(&self) -> bool {
        self.exceeded.is_some()
    }
}

/// How much of each bound a simulation has used.
pub fn usage(sim: &Sim, b: Bound) -> u64 {
    let n = |x: usize| x as u64;
    match b {
        Bound::Events => sim.meter.as_ref().map_or(0, |m| m.events),
        Bound::Messages => sim.broker().stats().in_msgs,
        Bound::Deliveries => sim.broker().stats().out_msgs,
        Bound::Clients => n(sim.procs().len()),
        Bound::Subscriptions => n(sim.subs().len()),
        Bound::Trace => n(sim.trace().len() + sim.log().len()),
    }
}

impl Sim {
    /// Runs under `budget` from now on (`None`: no bounds, and a stopped run may go on).
    pub fn set_budget(&mut self, budget: Option<Budget>) {
        self.meter = budget.map(|budget| {
            Box::new(Meter {
                budget,
                events: 0,
                exceeded: None,
            })
        });
    }

    /// From now on the run is counted but not bounded (a learner's own run: how much work
    /// a replay of it would do is known as it goes). The events counted so far stay.
    pub fn count_work(&mut self) {
        let events = self.meter.as_ref().map_or(0, |m| m.events);
        self.meter = Some(Box::new(Meter {
            budget: Budget::unbounded(),
            events,
            exceeded: None,
        }));
    }

    /// The bound this run passed, if it did (the run stopped there).
    pub fn budget_exceeded(&self) -> Option<Exceeded> {
        self.meter.as_ref().and_then(|m| m.exceeded)
    }

    /// Whether the run has stopped at a bound (then nothing more happens).
    pub(super) fn budget_halted(&self) -> bool {
        self.meter.as_ref().is_some_and(|m| m.halted())
    }

    /// Counts one happening about to be processed; false if the run must stop instead.
    pub(super) fn budget_allows_step(&mut self) -> bool {
        let Some(m) = self.meter.as_mut() else {
            return true;
        };
        if m.halted() {
            return false;
        }
        m.events += 1;
        if m.events % CHECK_EVERY != 0 && m.events <= m.budget.events {
            return true;
        }
        let budget = m.budget;
        let over = Bound::ALL
            .into_iter()
            .find(|&b| usage(self, b) > budget.get(b));
        match over {
            None => true,
            Some(bound) => {
                let at_ms = self.now();
                if let Some(m) = self.meter.as_mut() {
                    m.exceeded = Some(Exceeded {
                        bound,
                        limit: budget.get(bound),
                        at_ms,
                    });
                }
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::runner::{RunConfig, Runner};
    use crate::sim::Scenario;

    fn heartbeats(clients: usize) -> Scenario {
        let mut steps = String::new();
        for i in 0..clients {
            if i > 0 {
                steps.push(',');
            }
            steps.push_str(&format!(r#"{{"at":0,"op":"connect","client":"c{i}"}}"#));
        }
        Scenario::parse(&format!(
            r#"{{"name":"hb","server":{{"hb_interval_ms":10,"hb_timeout_ms":10,"hb_fail_count":2}},"steps":[{steps}],"end_ms":86400000}}"#
        ))
        .unwrap()
    }

    #[test]
    fn a_run_stops_at_the_first_bound_it_passes_and_nothing_happens_after() {
        let sc = heartbeats(10);
        let mut r = Runner::new(&sc, &RunConfig::default());
        let budget = Budget {
            events: 5_000,
            ..Budget::default()
        };
        r.sim.set_budget(Some(budget));
        while let Some(w) = r.next_wake(&sc.steps) {
            r.advance(&sc.steps, w);
        }
        r.sim.run_until(sc.end_ms);
        let ex = r
            .sim
            .budget_exceeded()
            .expect("the heartbeats pass the event bound");
        assert_eq!(ex.bound, Bound::Events);
        assert_eq!(ex.limit, 5_000);
        assert!(ex.at_ms < 86_400_000, "{ex}");
        assert_eq!(
            r.sim.now(),
            ex.at_ms,
            "the clock stays where the run stopped"
        );
        assert_eq!(r.sim.next_time(), None);
        let trace = r.sim.trace().len();
        r.sim.run_until(sc.end_ms);
        assert_eq!(r.sim.trace().len(), trace);
        assert!(ex.to_string().contains("`events`"), "{ex}");
    }

    #[test]
    fn without_a_budget_the_same_run_goes_on() {
        let sc = heartbeats(2);
        let mut r = Runner::new(&sc, &RunConfig::default());
        while let Some(w) = r.next_wake(&sc.steps) {
            r.advance(&sc.steps, w);
        }
        r.sim.run_until(2_000);
        assert_eq!(r.sim.now(), 2_000);
        assert_eq!(r.sim.budget_exceeded(), None);
    }

    #[test]
    fn every_bound_has_a_distinct_name() {
        let mut names: Vec<&str> = Bound::ALL.iter().map(|b| b.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Bound::ALL.len());
        let mut b = Budget::default();
        for (i, bound) in Bound::ALL.into_iter().enumerate() {
            b.set(bound, i as u64);
            assert_eq!(b.get(bound), i as u64);
        }
    }
}
