//! Lessons: one per part of the course chapter. Each is a data file (`lessons/*.json`):
//! narration, a scenario that sets up the canvas (the shared format with layout), tasks whose
//! objectives are checked live from the simulation, a "show me" for each task, and a note on
//! the JetStream equivalent.

pub mod catalog;
pub mod check;
mod parse;
pub mod script;

use crate::playground::{LoadError, Playground, Saved};
pub use check::Check;
pub use script::Do;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Task {
    pub text: String,
    pub check: Check,
    pub show_me: Vec<Do>,
    /// Shown while this task is the next one and `when` holds: usually a setting the task
    /// needs that the learner has not made (it cannot be reached without it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<Hint>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hint {
    pub when: Check,
    pub text: String,
}

/// Read by hand from its file (`parse::lesson`), which keeps the wasm small.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    /// The part of the chapter it follows.
    pub part: String,
    pub narration: Vec<String>,
    /// A saved playground (scenario with layout) that sets up the canvas.
    pub scenario: serde_json::Value,
    pub tasks: Vec<Task>,
    /// NATS Streaming reached end of life in 2023: the same idea in JetStream.
    pub jetstream: String,
}

impl Lesson {
    pub fn parse(text: &str) -> Result<Lesson, String> {
        let v = crate::json::parse(text).map_err(|e| format!("lesson: {e}"))?;
        parse::lesson(&v).map_err(|e| format!("lesson: {e}"))
    }

    /// Lesson number `n` (0-based, in order) from the compiled-in texts, parsing only that
    /// one (native runner and tests; the web app fetches the file).
    pub fn nth(n: usize) -> Option<Lesson> {
        catalog::text(n).and_then(|text| Lesson::parse(text).ok())
    }

    /// The lesson with this id, parsing only that one (native runner and tests).
    pub fn by_id(id: &str) -> Option<Lesson> {
        catalog::position(id).and_then(Lesson::nth)
    }

    /// Every lesson, in order (native runner and tests).
    pub fn all() -> Vec<Lesson> {
        (0..catalog::len()).filter_map(Lesson::nth).collect()
    }

    pub fn playground(&self) -> Result<Playground, LoadError> {
        let saved = Saved::from_json(&crate::json::to_string(&self.scenario))?;
        let mut pg = Playground::from_saved(&saved);
        pg.settle();
        pg.playing = true;
        Ok(pg)
    }
}

/// A lesson being followed: which tasks are ticked (a ticked task stays ticked).
#[derive(Clone, Debug, PartialEq)]
pub struct LessonRun {
    pub lesson: Lesson,
    pub done: Vec<bool>,
    /// The narration step shown.
    pub step: usize,
}

impl LessonRun {
    pub fn new(lesson: Lesson) -> Self {
        let n = lesson.tasks.len();
        Self {
            lesson,
            done: vec![false; n],
            step: 0,
        }
    }

    /// Ticks the next objectives, in order, while the simulation meets them: a task counts
    /// once the ones before it are done, so an objective may check a state that only its
    /// place in the lesson makes meaningful (no channel left *after* the restart).
    pub fn update(&mut self, pg: &Playground) {
        for (i, t) in self.lesson.tasks.iter().enumerate() {
            if self.done[i] {
                continue;
            }
            if !t.check.met(pg) {
                break;
            }
            self.done[i] = true;
        }
    }

    /// The next task's hint, if its condition holds now.
    pub fn hint(&self, pg: &Playground) -> Option<&str> {
        let h = self.lesson.tasks.get(self.next_task()?)?.hint.as_ref()?;
        h.when.met(pg).then_some(h.text.as_str())
    }

    pub fn next_task(&self) -> Option<usize> {
        self.done.iter().position(|d| !d)
    }

    pub fn complete(&self) -> bool {
        self.done.iter().all(|d| *d)
    }

    /// Performs the next unticked task's moves, then checks again.
    pub fn show_me(&mut self, pg: &mut Playground) {
        if let Some(i) = self.next_task() {
            for d in self.lesson.tasks[i].show_me.clone() {
                d.perform(pg);
            }
        }
        self.update(pg);
    }
}
