//! What a tab opens with, decided from what it found (pure: the browser is read and written
//! by `startup`). A share link in the address bar that this tab did not open before always
//! wins; a reload of the link this tab opened carries on with this tab's work; otherwise this
//! tab's saved work, else a fresh playground. Everything goes through `Saved::from_json`.

use crate::playground::{LoadError, Saved};

#[derive(Debug)]
pub enum Open {
    /// The share link's playground.
    Link(Box<Saved>),
    /// This tab's saved work.
    Saved(Box<Saved>),
    Fresh,
}

#[derive(Debug)]
pub struct Plan {
    pub open: Open,
    /// The saved work could not be read (why): it is set aside, and the learner told.
    pub damaged: Option<String>,
    /// The share link could not be opened (why): the learner is told, the fragment cleared.
    pub bad_link: Option<String>,
}

/// Decides from the address bar's fragment (a share link is `s=…`), whether this session
/// remembers opening (or sharing) exactly that link, and this tab's saved work, read only if
/// it is needed (reading it is not free of effects in the browser). `link` is what reading
/// the link gave (the browser unpacks it before the plan is made).
pub fn plan(
    fragment: &str,
    link_seen: bool,
    saved: impl FnOnce() -> Option<String>,
    link: impl FnOnce() -> Result<Saved, LoadError>,
) -> Plan {
    let mut saved = Some(saved);
    let mut damaged = None;
    // Reads the saved work at most once (a damaged one is reported, then set aside).
    let mut restore = || match saved.take().and_then(|read| read()) {
        Some(text) => match Saved::from_json(&text) {
            Ok(s) => Some(s),
            Err(e) => {
                damaged = Some(e.message);
                None
            }
        },
        None => None,
    };
    let saved_or_fresh = |s: Option<Saved>| s.map_or(Open::Fresh, |s| Open::Saved(Box::new(s)));
    let (open, bad_link) = if !fragment.starts_with("s=") {
        (saved_or_fresh(restore()), None)
    } else {
        // A reload of the link this tab opened or shared carries on where the learner was
        // (if that cannot be restored, the link itself opens).
        match link_seen.then(&mut restore).flatten() {
            Some(s) => (Open::Saved(Box::new(s)), None),
            None => match link() {
                Ok(link) => (Open::Link(Box::new(link)), None),
                Err(e) => (saved_or_fresh(restore()), Some(e.message)),
            },
        }
    };
    Plan {
        open,
        damaged,
        bad_link,
    }
}

pub use crate::playground::saved::sentence;

/// "2 panels, 8 steps".
pub fn summary(saved: &Saved) -> String {
    let panels = saved.panels.iter().filter(|p| !p.removed).count();
    let steps = saved.scenario.steps.len();
    format!(
        "{panels} panel{}, {steps} step{}",
        if panels == 1 { "" } else { "s" },
        if steps == 1 { "" } else { "s" }
    )
}

/// The message for a link that was opened: what it holds.
pub fn link_opened(saved: &Saved) -> String {
    format!(
        "Opened the shared playground “{}” ({}). It is yours to change: nothing goes back to whoever sent the link.",
        saved.scenario.name,
        summary(saved)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::{share, Action, Playground};

    fn plan(fragment: &str, link_seen: bool, saved: impl FnOnce() -> Option<String>) -> Plan {
        super::plan(fragment, link_seen, saved, || share::decode(fragment))
    }

    fn work(name: &str) -> String {
        let mut pg = Playground::default();
        pg.apply(Action::AddPublisher);
        let mut saved = pg.to_saved();
        saved.scenario.name = name.into();
        saved.to_json()
    }

    fn link(name: &str) -> String {
        let json = work(name);
        share::fragment(&share::stored(json.as_bytes()))
    }

    fn name(open: &Open) -> Option<(&'static str, String)> {
        match open {
            Open::Link(s) => Some(("link", s.scenario.name.clone())),
            Open::Saved(s) => Some(("saved", s.scenario.name.clone())),
            Open::Fresh => None,
        }
    }

    #[test]
    fn a_new_link_wins_without_reading_saved_work() {
        let l = link("shared");
        let p = plan(&l, false, || panic!("saved work read"));
        assert_eq!(name(&p.open), Some(("link", "shared".into())));
    }

    #[test]
    fn a_new_link_wins_over_saved_work() {
        let (l, w) = (link("shared"), work("mine"));
        let p = plan(&l, false, || Some(w.clone()));
        assert_eq!(name(&p.open), Some(("link", "shared".into())));
        assert!(p.damaged.is_none() && p.bad_link.is_none());
    }

    #[test]
    fn a_reload_of_the_link_this_tab_opened_carries_on_with_its_work() {
        let (l, w) = (link("shared"), work("mine"));
        let p = plan(&l, true, || Some(w.clone()));
        assert_eq!(name(&p.open), Some(("saved", "mine".into())));
        // ... unless that work is gone: then the link opens again.
        let p = plan(&l, true, || None);
        assert_eq!(name(&p.open), Some(("link", "shared".into())));
    }

    #[test]
    fn without_a_link_saved_work_opens_else_a_fresh_playground() {
        let w = work("mine");
        for fragment in ["", "lesson-3"] {
            let p = plan(fragment, false, || Some(w.clone()));
            assert_eq!(name(&p.open), Some(("saved", "mine".into())));
        }
        let p = plan("", false, || None);
        assert_eq!(name(&p.open), None);
        assert!(p.damaged.is_none() && p.bad_link.is_none());
    }

    #[test]
    fn damaged_saved_work_is_reported_once_and_a_fresh_playground_opens() {
        let p = plan("", false, || Some("{\"version\": 99".into()));
        assert_eq!(name(&p.open), None);
        assert!(p.damaged.is_some());
        // A reloaded link over damaged work: said once, and the link opens.
        let l = link("shared");
        let p = plan(&l, true, || Some("[]".into()));
        assert_eq!(name(&p.open), Some(("link", "shared".into())));
        assert!(p.damaged.is_some() && p.bad_link.is_none());
    }

    #[test]
    fn a_broken_link_is_refused_with_its_reason_and_saved_work_opens() {
        let w = work("mine");
        let p = plan("s=not-a-link", false, || Some(w.clone()));
        assert_eq!(name(&p.open), Some(("saved", "mine".into())));
        assert!(p.bad_link.as_deref().is_some_and(|m| !m.is_empty()));
        // A broken link the tab had seen, with damaged work: both said, fresh playground.
        let p = plan("s=not-a-link", true, || Some("{".into()));
        assert_eq!(name(&p.open), None);
        assert!(p.damaged.is_some() && p.bad_link.is_some());
    }

    #[test]
    fn sentences_end_once() {
        assert_eq!(sentence(" no room "), "no room.");
        assert_eq!(sentence("Why?"), "Why?");
    }
}
