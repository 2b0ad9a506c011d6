//! Opening a saved playground (share link, file, autosave) by replaying its history to the
//! saved moment, in slices a caller can spread over several frames, under a work
//! [`Budget`]: a replay that would pass a bound stops there, keeps what was replayed and
//! drops the steps it did not reach.

use super::saved::Saved;
use super::state::Playground;
use crate::broker::Millis;
use crate::sim::budget::{usage, Bound};
use crate::sim::{Budget, Exceeded, SimConfig};

/// Events one slice aims at (the slice's length in virtual time adapts to it).
const SLICE_EVENTS: u64 = 20_000;
const FIRST_SLICE_MS: Millis = 1_000;
const MAX_SLICE_MS: Millis = 3_600_000;

/// A replay stopped by its budget: the bound, and how much of the history was kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stopped {
    pub exceeded: Exceeded,
    /// The saved moment the replay was going to.
    pub target_ms: Millis,
    pub steps_kept: usize,
    pub steps_total: usize,
}

impl Stopped {
    /// What the learner is told: the bound, and what was kept.
    pub fn explain(&self) -> String {
        let e = &self.exceeded;
        format!(
            "Replaying it stopped at {} of its {}: it would do more than {} {} (the `{}` bound on work from outside, which keeps this tab responsive). Kept: the playground as it was at {}, with {} of its {} steps; the rest was dropped.",
            secs(e.at_ms),
            secs(self.target_ms),
            e.limit,
            e.bound.what(),
            e.bound.name(),
            secs(e.at_ms),
            self.steps_kept,
            self.steps_total
        )
    }
}

/// "12.5 s" of simulated time.
fn secs(ms: Millis) -> String {
    format!("{} s", crate::num::Fixed(ms as f64 / 1000.0, 1))
}

/// Publishers that publish every N ms carry on from the replayed moment (the replayed
/// history already holds the publishes they made before).
fn carry_on_publishing(pg: &mut Playground) {
    let now = pg.now();
    let running: Vec<(usize, u64)> = pg
        .panels
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.publisher().map(|c| (i, c.every_ms)))
        .filter(|&(i, every)| every > 0 && pg.is_connected(pg.panels[i].id))
        .collect();
    for (i, every) in running {
        pg.panels[i].next_auto_publish = Some(now.saturating_add(every));
    }
}

/// A replay in progress.
pub struct Replay {
    pg: Playground,
    target: Millis,
    slice_ms: Millis,
    budget: Option<Budget>,
}

impl Replay {
    /// Builds the saved playground at time 0, ready to replay to its saved moment.
    pub fn start(saved: &Saved, budget: Option<Budget>) -> Replay {
        let st = &saved.settings;
        let cfg = SimConfig {
            latency_ms: st.latency_ms.min(5000),
            seed: st.seed,
        };
        let mut pg = Playground::new(saved.scenario.server.clone(), cfg);
        pg.scenario = saved.scenario.clone();
        pg.panels = saved.panels.clone();
        pg.settings_log = super::settings_log::SettingsLog::from_changes(saved.changes.clone());
        let next = saved.panels.iter().map(|p| p.id).max().unwrap_or(0);
        pg.set_next_panel_id(next.saturating_add(1));
        pg.speed = st
            .speed
            .clamp(super::state::MIN_SPEED, super::state::MAX_SPEED);
        pg.playing = false;
        pg.lesson_id = st.lesson.clone();
        pg.view = super::View::from_value(&st.view).unwrap_or_default();
        pg.rebuild_at(0);
        pg.runner.sim.set_budget(budget);
        Replay {
            pg,
            target: st.now,
            slice_ms: FIRST_SLICE_MS,
            budget,
        }
    }

    /// How far the replay is, from 0 to 1: in time, or in the bound it is closest to
    /// passing (a replay that will stop at a bound does not crawl at a few percent).
    pub fn fraction(&self) -> f64 {
        let time = self.pg.now() as f64 / self.target.max(1) as f64;
        let work = self.budget.map_or(0.0, |b| {
            Bound::ALL
                .into_iter()
                .map(|k| usage(self.pg.sim(), k) as f64 / b.get(k).max(1) as f64)
                .fold(0.0, f64::max)
        });
        time.max(work).min(1.0)
    }

    fn finished(&self) -> bool {
        self.pg.now() >= self.target || self.pg.sim().budget_exceeded().is_some()
    }

    /// Replays one slice (about [`SLICE_EVENTS`] events); true when the replay is over.
    pub fn step(&mut self) -> bool {
        if self.finished() {
            return true;
        }
        let before = usage(self.pg.sim(), Bound::Events);
        let now = self.pg.now();
        // Nothing scheduled before the next slice: go straight to the next happening.
        let next = [
            self.pg.sim().next_time(),
            self.pg.runner.next_wake(&self.pg.scenario.steps),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(self.target)
        .max(now);
        let to = next
            .saturating_add(self.slice_ms)
            .min(now.saturating_add(MAX_SLICE_MS))
            .min(self.target);
        self.pg.advance_to(to);
        let done = usage(self.pg.sim(), Bound::Events) - before;
        if done > 2 * SLICE_EVENTS {
            self.slice_ms = (self.slice_ms / 2).max(1);
        } else if done < SLICE_EVENTS / 2 {
            self.slice_ms = self.slice_ms.saturating_mul(2).min(MAX_SLICE_MS);
        }
        self.finished()
    }

    /// The playground replayed (unbounded from now on: the learner's own run), and why the
    /// replay stopped short, if it did. Call once [`Replay::step`] returned true.
    pub fn finish(mut self) -> (Playground, Option<Stopped>) {
        let exceeded = self.pg.sim().budget_exceeded();
        let steps_total = self.pg.scenario.steps.len();
        // A replay that stopped at the saved moment itself kept everything there was.
        let stopped = exceeded.filter(|e| e.at_ms < self.target).map(|exceeded| {
            let kept = self.pg.runner.steps_started();
            self.pg.scenario.steps.truncate(kept);
            Stopped {
                exceeded,
                target_ms: self.target,
                steps_kept: kept,
                steps_total,
            }
        });
        self.pg.runner.sim.count_work();
        if stopped.is_some() {
            self.pg.end_known_run_here();
        }
        self.pg.settings_in_force();
        carry_on_publishing(&mut self.pg);
        (self.pg, stopped)
    }

    /// Replays to the end at once (trusted input, tests).
    pub fn run(mut self) -> (Playground, Option<Stopped>) {
        while !self.step() {}
        self.finish()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::playground::share;

    const DAY: Millis = 86_400_000;

    fn settings(now: Millis) -> String {
        format!(
            r#""playground":{{"format":"nats-streaming-playground","version":1,"latency_ms":100,"seed":1,"now":{now},"speed":1}}"#
        )
    }

    /// Ten clients with 10 ms heartbeats, saved at a day (a link of about 300 characters).
    pub(crate) fn heartbeats_for_a_day() -> Saved {
        let steps: Vec<String> = (0..10)
            .map(|i| format!(r#"{{"at":0,"op":"connect","client":"c{i}"}}"#))
            .collect();
        Saved::from_json(&format!(
            r#"{{"name":"hb","server":{{"cluster_id":"ticketing","hb_interval_ms":10,"hb_timeout_ms":1000,"hb_fail_count":2}},"steps":[{}],"end_ms":{DAY},{}}}"#,
            steps.join(","),
            settings(DAY)
        ))
        .unwrap()
    }

    /// 2,000 messages a listener never acks, AckWait 1 s, saved at a day.
    pub(crate) fn redeliveries_for_a_day() -> Saved {
        let mut steps = vec![
            r#"{"at":0,"op":"connect","client":"p"}"#.to_string(),
            r#"{"at":0,"op":"connect","client":"l"}"#.to_string(),
            r#"{"at":0,"op":"subscribe","client":"l","sub":"s","subject":"t","manual_ack":true,"ack_wait_ms":1000,"ack":"never"}"#.to_string(),
        ];
        steps.extend((0..2000).map(|_| {
            r#"{"at":0,"op":"publish","client":"p","subject":"t","data":"1"}"#.to_string()
        }));
        Saved::from_json(&format!(
            r#"{{"name":"rd","server":{{"cluster_id":"ticketing"}},"steps":[{}],"end_ms":{DAY},{}}}"#,
            steps.join(","),
            settings(DAY)
        ))
        .unwrap()
    }

    #[test]
    fn hostile_links_stop_at_a_bound_and_what_is_kept_reopens_cleanly() {
        for (saved, bound) in [
            (heartbeats_for_a_day(), Bound::Events),
            (redeliveries_for_a_day(), Bound::Deliveries),
        ] {
            let link = share::encode(&saved);
            assert!(link.len() < 2_000, "{} characters", link.len());
            let (pg, stopped) = Replay::start(&saved, Some(Budget::default())).run();
            let stopped = stopped.unwrap_or_else(|| {
                panic!(
                    "a day of this passes a bound: now {} {:?}",
                    pg.now(),
                    Bound::ALL.map(|b| usage(pg.sim(), b))
                )
            });
            assert_eq!(stopped.exceeded.bound, bound, "{}", stopped.explain());
            assert!(pg.now() < DAY);
            assert_eq!(pg.now(), stopped.exceeded.at_ms);
            let text = stopped.explain();
            assert!(
                text.contains(bound.name()) && text.contains("Kept"),
                "{text}"
            );
            // What was kept saves and reopens under the same budget without stopping again.
            let kept = Saved::from_json(&pg.to_saved().to_json()).unwrap();
            let (again, stopped) = Replay::start(&kept, Some(Budget::default())).run();
            assert_eq!(stopped, None);
            assert_eq!(again.sim().trace().total(), pg.sim().trace().total());
            assert_eq!(again.sim().trace().last(), pg.sim().trace().last());
        }
    }

    #[test]
    fn a_sliced_replay_reproduces_the_run() {
        let pg = crate::playground::fixtures::small_run();
        let saved = pg.to_saved();
        let mut r = Replay::start(&saved, Some(Budget::default()));
        let mut slices = 0;
        while !r.step() {
            slices += 1;
        }
        let (back, stopped) = r.finish();
        assert_eq!(stopped, None);
        assert!(slices >= 1);
        assert_eq!(back.sim().trace(), pg.sim().trace());
        assert_eq!(back.now(), pg.now());
    }
}
