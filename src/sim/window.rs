//! What a long run keeps for display: the playground shows the recent past of the trace,
//! the server's log and each subscription's receipts, not all of it. The simulation's state
//! (the server's messages, pending acks, timers) is untouched, so the run stays exact;
//! only the records of what was observed are cut, whole chunks at a time from the front.
//! The headless runner and the conformance tests never cut (they compare whole traces).

use super::world::Sim;

impl Sim {
    /// Keeps about the last `n` trace entries, log entries and receipts of each
    /// subscription (between `n` and `n` + 256 of each), dropping older ones.
    pub fn keep_recent(&mut self, n: usize) {
        self.recorder.keep_last(n);
        self.clients.keep_receipts(n);
    }

    /// A rough size in bytes of what a copy of this simulation holds once the original has
    /// moved on (the checkpoints' memory policy weighs them with it): the records kept,
    /// pending acks, packets on the wire. The server's message store is shared between
    /// copies (frozen chunks) and not counted.
    pub fn weight(&self) -> usize {
        let pending: usize = self.broker().subscriptions().map(|s| s.pending.len()).sum();
        let subs = self.clients.subs();
        let receipts: usize = subs.iter().map(|s| s.received.len()).sum();
        self.recorder.trace().len() * 320
            + self.recorder.log().len() * 96
            + receipts * 96
            + pending * 48
            + self.wire_len() * 160
            + subs.len() * 512
            + 4096
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::runner::{RunConfig, Runner};
    use crate::sim::{Op, Scenario};

    /// Two never-acking listeners and a publisher: the kept records stop growing while the
    /// server's state (messages, pending, redeliveries) is the same as a run that keeps all.
    #[test]
    fn a_window_keeps_the_records_bounded_and_the_run_exact() {
        let scenario = Scenario::parse(
            r#"{"name":"w","server":{"cluster_id":"c"},"steps":[
                {"at":0,"op":"connect","client":"p"},
                {"at":0,"op":"connect","client":"l"},
                {"at":0,"op":"subscribe","client":"l","sub":"s","subject":"x","manual_ack":true,"ack_wait_ms":1000,"ack":"never"}
            ],"end_ms":0}"#,
        );
        let Ok(scenario) = scenario else {
            panic!("the scenario reads: {scenario:?}");
        };
        let cfg = RunConfig::default();
        let mut all = Runner::new(&scenario, &cfg);
        let mut cut = Runner::new(&scenario, &cfg);
        let mut steps = scenario.steps.clone();
        for i in 0..400_u64 {
            steps.push(crate::sim::Step {
                at: 10 + i * 5,
                op: Op::Publish {
                    client: "p".into(),
                    subject: "x".into(),
                    data: format!("{i}"),
                },
                panel: None,
            });
        }
        let mut t = 0;
        while t < 60_000 {
            t += 500;
            all.advance(&steps, t);
            cut.advance(&steps, t);
            cut.sim.keep_recent(1000);
            assert!(cut.sim.trace().len() < 1000 + 256);
            assert!(cut.sim.subs().iter().all(|s| s.received.len() < 1000 + 256));
        }
        assert!(all.sim.trace().len() > 10_000, "{}", all.sim.trace().len());
        assert_eq!(cut.sim.trace().total(), all.sim.trace().len());
        assert_eq!(
            format!("{:?}", cut.sim.broker().stats()),
            format!("{:?}", all.sim.broker().stats())
        );
        let last = all.sim.trace().len() - cut.sim.trace().len();
        assert!(cut.sim.trace().iter().eq(all.sim.trace().iter_from(last)));
    }
}
