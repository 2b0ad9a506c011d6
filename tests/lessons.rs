//! Every lesson's "show me" path, played by the headless engine, reaches every objective.

use nats_playground::lessons::{Lesson, LessonRun, SOURCES};

#[test]
fn every_lesson_parses_and_its_show_me_path_ticks_every_objective() {
    assert!(!SOURCES.is_empty());
    for (name, text) in SOURCES {
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
    for (name, text) in SOURCES {
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
