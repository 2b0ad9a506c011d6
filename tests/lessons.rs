//! Every lesson's "show me" path, played by the headless engine, reaches every objective.

use nats_playground::lessons::{catalog, Lesson, LessonRun};

/// Every lesson's id and file text, in order.
fn sources() -> Vec<(&'static str, &'static str)> {
    catalog::entries()
        .enumerate()
        .map(|(n, e)| (e.id, catalog::text(n).expect("a text per catalogue entry")))
        .collect()
}

#[test]
fn every_lesson_parses_and_its_show_me_path_ticks_every_objective() {
    assert!(!sources().is_empty());
    for (name, text) in sources() {
        let lesson = Lesson::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!lesson.tasks.is_empty(), "{name}: no objective");
        let mut pg = lesson
            .playground()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut run = LessonRun::new(lesson.clone());
        run.update(&pg);
        for (i, task) in lesson.tasks.iter().enumerate() {
            if !run.done[i] {
                assert_eq!(
                    run.next_task(),
                    Some(i),
                    "{name}: tasks are ticked in order"
                );
            }
            run.show_me(&mut pg);
            assert!(
                run.done[i],
                "{name}: task {} not reached by its show me: {}",
                i + 1,
                task.text
            );
        }
        assert!(run.complete(), "{name}");
        println!("ok  {name}: {} objectives", lesson.tasks.len());
    }
}

#[test]
fn objectives_are_not_met_before_anything_happens() {
    for (name, text) in sources() {
        let lesson = Lesson::parse(text).unwrap();
        let pg = lesson.playground().unwrap();
        let mut run = LessonRun::new(lesson);
        run.update(&pg);
        assert!(
            !run.complete(),
            "{name}: complete before the learner did anything"
        );
    }
}

/// Lessons are for learners: nothing is ticked before they act, not even after the canvas has
/// idled for two minutes of virtual time (the setup is quiet).
#[test]
fn no_objective_is_met_by_the_setup_or_by_waiting() {
    use nats_playground::playground::Action;
    for (name, text) in sources() {
        let lesson = Lesson::parse(text).unwrap();
        let mut pg = lesson.playground().unwrap();
        let mut run = LessonRun::new(lesson.clone());
        run.update(&pg);
        assert_eq!(run.next_task(), Some(0), "{name}: a task is met at once");
        assert!(
            run.done.iter().all(|d| !d),
            "{name}: tasks met before the learner acts: {:?}",
            run.done
        );
        let t = pg.now() + 120_000;
        pg.apply(Action::Seek(t));
        run.update(&pg);
        assert!(
            run.done.iter().all(|d| !d),
            "{name}: tasks met by waiting: {:?}",
            run.done
        );
    }
}

/// The shape the course asks of every lesson, and the index in the chapter's order.
#[test]
fn every_lesson_has_narration_tasks_and_a_jetstream_note() {
    let mut ids = std::collections::HashSet::new();
    for (name, text) in sources() {
        let lesson = Lesson::parse(text).unwrap();
        assert_eq!(&lesson.id, name, "index name and lesson id differ");
        assert!(ids.insert(lesson.id.clone()), "{name}: id used twice");
        assert!(
            (3..=6).contains(&lesson.narration.len()),
            "{name}: {} narration paragraphs",
            lesson.narration.len()
        );
        assert!(
            (2..=5).contains(&lesson.tasks.len()),
            "{name}: {} tasks",
            lesson.tasks.len()
        );
        for t in &lesson.tasks {
            assert!(!t.text.trim().is_empty(), "{name}: a task without text");
            assert!(!t.show_me.is_empty(), "{name}: no show me for {}", t.text);
        }
        assert!(
            lesson.jetstream.contains("JetStream") && lesson.jetstream.contains("2023"),
            "{name}: the JetStream note names JetStream and the end of life"
        );
        assert!(
            !lesson.title.is_empty() && !lesson.part.is_empty(),
            "{name}"
        );
        assert!(lesson.scenario["name"].is_string(), "{name}");
    }
    assert_eq!(sources().len(), 14, "the chapter in 14 lessons");
}

/// The canvas shows what the setup did: each listener panel is configured exactly as the
/// subscription its setup made, and panels sit where learners expect them.
#[test]
fn setup_subscriptions_match_their_panels_and_the_layout_is_tidy() {
    use nats_playground::playground::{PanelKind, Saved};
    use nats_playground::sim::Op;
    for (name, text) in sources() {
        let lesson = Lesson::parse(text).unwrap();
        let saved = Saved::from_json(&lesson.scenario.to_string()).unwrap();
        for step in &saved.scenario.steps {
            let panel = step
                .panel
                .and_then(|id| saved.panels.iter().find(|p| p.id == id))
                .unwrap_or_else(|| panic!("{name}: a setup step names no panel"));
            match &step.op {
                Op::Subscribe {
                    client,
                    spec,
                    handler,
                    ..
                } => {
                    let cfg = panel
                        .listener()
                        .unwrap_or_else(|| panic!("{name}: subscribe from a publisher"));
                    assert_eq!(&cfg.spec(), &**spec, "{name}: panel {}", panel.id);
                    assert_eq!(&cfg.handler(), &**handler, "{name}: panel {}", panel.id);
                    assert_eq!(client, &panel.client_id, "{name}: panel {}", panel.id);
                }
                Op::Connect { client, .. } => {
                    assert_eq!(client, &panel.client_id, "{name}: panel {}", panel.id)
                }
                Op::Publish { subject, .. } => {
                    let cfg = panel.publisher().expect("publishes from a publisher");
                    assert_eq!(subject, &cfg.subject, "{name}: panel {}", panel.id);
                }
                _ => {}
            }
        }
        for p in &saved.panels {
            match p.kind {
                PanelKind::Publisher(_) => assert!(p.pos.x < 300.0, "{name}: panel {}", p.id),
                PanelKind::Listener(_) => assert!(p.pos.x >= 600.0, "{name}: panel {}", p.id),
            }
            for q in &saved.panels {
                let apart =
                    (p.pos.x - q.pos.x).abs() >= 280.0 || (p.pos.y - q.pos.y).abs() >= 180.0;
                assert!(
                    p.id == q.id || apart,
                    "{name}: panels {} and {} overlap",
                    p.id,
                    q.id
                );
            }
        }
    }
}

/// The picker lists the catalogue before any file is loaded: it must say what the files say,
/// and every file under lessons/ must be in it (the web app fetches exactly these names).
#[test]
fn the_catalogue_matches_the_lesson_files() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    for (n, e) in catalog::entries().enumerate() {
        let on_disk = std::fs::read_to_string(root.join(e.file)).unwrap();
        assert_eq!(Some(on_disk.as_str()), catalog::text(n), "{}", e.file);
        let l = Lesson::parse(&on_disk).unwrap();
        assert_eq!(
            (l.id.as_str(), l.title.as_str(), l.part.as_str()),
            (e.id, e.title, e.part)
        );
        assert_eq!(catalog::position(e.id), Some(n));
        assert_eq!(catalog::url(&e), format!("lessons/{}", e.file));
    }
    let mut files: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|d| d.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".json"))
        .collect();
    files.sort();
    let listed: Vec<String> = catalog::entries().map(|e| e.file.to_string()).collect();
    assert_eq!(files, listed);
    assert_eq!(catalog::text(catalog::len()), None);
}

#[test]
fn a_single_lesson_is_found_by_number_and_by_id() {
    let all = Lesson::all();
    for (n, l) in all.iter().enumerate() {
        assert_eq!(Lesson::nth(n).as_ref(), Some(l));
        assert_eq!(Lesson::by_id(&l.id).as_ref(), Some(l));
    }
    assert!(Lesson::nth(all.len()).is_none());
    assert!(Lesson::by_id("no-such-lesson").is_none());
}

/// The moves a learner makes by hand for a show-me move: the data typed into the editor and
/// then Publish, time left to run frame by frame (250 ms frames at 1x), the Server tab's
/// "Apply and restart". Objectives are checked after every action, as the app does.
fn by_hand(d: &nats_playground::lessons::Do, pg: &Playground) -> Vec<Action> {
    use nats_playground::lessons::Do;
    match d.clone() {
        Do::PublishData(p, data) => match pg.panel(p).and_then(|x| x.publisher()).cloned() {
            Some(cfg) => vec![
                Action::EditPublisher(p, PublisherCfg { data, ..cfg }),
                Action::Publish(p),
            ],
            None => vec![],
        },
        Do::Wait(ms) => {
            // Play (a jump to a mark pauses), at 1x.
            let mut frames = vec![Action::Play, Action::SetSpeed(1.0)];
            frames.extend((0..ms.div_ceil(250)).map(|_| Action::Tick(250.0)));
            frames
        }
        Do::RestartServer => vec![Action::SetServer(pg.server().clone())],
        Do::Connect(p) => vec![Action::Connect(p)],
        Do::Close(p) => vec![Action::Close(p)],
        Do::Kill(p) => vec![Action::Kill(p)],
        Do::Publish(p) => vec![Action::Publish(p)],
        Do::Subscribe(p) => vec![Action::Subscribe(p)],
        Do::Unsubscribe(p) => vec![Action::Unsubscribe(p)],
        Do::CloseSubscription(p) => vec![Action::CloseSubscription(p)],
        Do::Ack(p, seq) => vec![Action::Ack(p, seq)],
        Do::SetClientId(p, id) => vec![Action::SetClientId(p, id)],
        Do::EditListener(p, cfg) => vec![Action::EditListener(p, cfg)],
        Do::EditPublisher(p, cfg) => vec![Action::EditPublisher(p, cfg)],
        Do::Jump(kind) => vec![Action::JumpTo(kind)],
    }
}

use nats_playground::playground::{Action, Playground, PublisherCfg};

#[test]
fn every_lesson_is_completed_by_hand_with_the_apps_own_actions() {
    for lesson in Lesson::all() {
        let mut pg = lesson.playground().unwrap();
        let mut run = LessonRun::new(lesson.clone());
        for (i, task) in lesson.tasks.iter().enumerate() {
            for d in &task.show_me {
                for a in by_hand(d, &pg) {
                    pg.apply(a);
                    run.update(&pg);
                }
            }
            assert!(
                run.done[i],
                "{}: task {} not reached by hand: {}",
                lesson.id,
                i + 1,
                task.text
            );
        }
        assert!(run.complete(), "{}", lesson.id);
    }
}

/// Moves that configure something (a listener's or publisher's options, the data, a client
/// id, a server restart) rather than run the clients.
fn configures(d: &nats_playground::lessons::Do) -> bool {
    use nats_playground::lessons::Do;
    matches!(
        d,
        Do::EditListener(..)
            | Do::EditPublisher(..)
            | Do::PublishData(..)
            | Do::SetClientId(..)
            | Do::RestartServer
    )
}

/// Tasks whose configuration is only an illustration (nothing depends on it), with why.
const CONFIG_OPTIONAL: &[(&str, usize, &str)] = &[(
    "durable-subscriptions",
    2,
    "a durable queue group resumes under any client id: the new id and the new ticket only make the restart look real",
)];

/// Each task whose show-me configures something is played again without those moves (a
/// publish of edited data becomes a plain publish): its objective must stay unmet, so a
/// learner who skips the setting cannot tick it.
#[test]
fn an_objective_is_not_reached_without_its_configuration() {
    use nats_playground::lessons::Do;
    let mut tried = 0;
    for lesson in Lesson::all() {
        for (i, task) in lesson.tasks.iter().enumerate() {
            if !task.show_me.iter().any(configures) {
                continue;
            }
            let optional = CONFIG_OPTIONAL
                .iter()
                .any(|(id, n, _)| *id == lesson.id && *n == i + 1);
            let mut pg = lesson.playground().unwrap();
            let mut run = LessonRun::new(lesson.clone());
            run.update(&pg);
            while run.next_task().is_some_and(|n| n < i) {
                run.show_me(&mut pg);
            }
            assert_eq!(run.next_task(), Some(i), "{}", lesson.id);
            for d in &task.show_me {
                match d {
                    Do::PublishData(p, _) => Do::Publish(*p).perform(&mut pg),
                    d if configures(d) => {}
                    d => d.perform(&mut pg),
                }
                run.update(&pg);
            }
            // And some more time, in case the objective only needed patience.
            let t = pg.now() + 60_000;
            pg.apply(Action::Seek(t));
            run.update(&pg);
            if optional {
                continue;
            }
            tried += 1;
            assert!(
                !run.done[i],
                "{}: task {} is reached without its configuration: {}",
                lesson.id,
                i + 1,
                task.text
            );
        }
    }
    assert!(tried >= 18, "{tried} configured tasks checked");
}

/// A hint names the missing setting: it shows when its condition holds, on the task it
/// belongs to, and the lessons that need one have one.
#[test]
fn a_missing_setting_shows_its_hint() {
    use nats_playground::lessons::Do;
    // Lesson 7: Orders A comes back in auto-ack mode.
    let lesson = Lesson::by_id("manual-ack").unwrap();
    let mut pg = lesson.playground().unwrap();
    let mut run = LessonRun::new(lesson.clone());
    run.show_me(&mut pg);
    run.show_me(&mut pg);
    assert_eq!(run.next_task(), Some(2));
    assert_eq!(run.hint(&pg), None, "no hint before the learner acts");
    for d in [
        Do::Connect(2),
        Do::Wait(300),
        Do::Subscribe(2),
        Do::Wait(300),
    ] {
        d.perform(&mut pg);
    }
    run.update(&pg);
    assert_eq!(run.next_task(), Some(2), "auto-ack does not tick the task");
    let hint = run.hint(&pg).expect("a hint");
    assert!(hint.contains("manual ack"), "{hint}");
    // Lesson 6: publishing on with an auto-ack Orders A.
    let lesson = Lesson::by_id("queue-groups").unwrap();
    let mut pg = lesson.playground().unwrap();
    let mut run = LessonRun::new(lesson.clone());
    for _ in 0..3 {
        run.show_me(&mut pg);
    }
    assert_eq!(run.hint(&pg), None);
    for _ in 0..4 {
        Do::Publish(1).perform(&mut pg);
        Do::Wait(400).perform(&mut pg);
    }
    run.update(&pg);
    assert_eq!(run.next_task(), Some(3));
    assert!(run.hint(&pg).is_some_and(|h| h.contains("manual ack")));
}
