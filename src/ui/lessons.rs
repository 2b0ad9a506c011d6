//! The lesson column: a picker of the 14 lessons, the open lesson's narration step by step,
//! its objectives ticked live from the simulation, "Show me", "Reset", the JetStream note,
//! and a way back to free play. It folds away, and on a phone it starts folded.
//!
//! Lesson texts are shown as text (Yew escapes them); nothing here is ever parsed as HTML.

use super::lesson_fetch::fetch_then;
use super::store::{Msg, Store};
use crate::lessons::{catalog, LessonRun};
use crate::playground::View;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LessonColumnProps {
    pub store: UseReducerHandle<Store>,
}

fn send(store: &UseReducerHandle<Store>, msg: impl Fn() -> Msg + 'static) -> Callback<MouseEvent> {
    let dispatch = store.dispatcher();
    Callback::from(move |_: MouseEvent| dispatch.dispatch(msg()))
}

/// The left column: lesson picker, narration, tasks with ticks, "show me", reset.
#[component(LessonColumn)]
pub fn lesson_column(props: &LessonColumnProps) -> Html {
    let store = &props.store;
    let view = store.pg.borrow().view.clone();
    let folded = view.lessons_folded;
    let fold_to = |to: bool| {
        let d = store.dispatcher();
        let view = view.clone();
        move || {
            d.dispatch(Msg::View(View {
                lessons_folded: to,
                ..view.clone()
            }))
        }
    };

    // A restored or loaded canvas made in a lesson follows that lesson again once its file
    // is here.
    let wanted = store.pg.borrow().lesson_id.clone();
    let following = store.lesson.borrow().as_ref().map(|r| r.lesson.id.clone());
    {
        let store = store.clone();
        use_effect_with((wanted, following), move |(wanted, following)| {
            if let Some(n) = wanted
                .as_deref()
                .filter(|w| following.as_deref() != Some(*w))
                .and_then(catalog::position)
            {
                fetch_then(&store, n, Msg::AttachLesson);
            }
        });
    }

    let on_fold = {
        let f = fold_to(!folded);
        Callback::from(move |_: MouseEvent| f())
    };
    let open = |n: usize| {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| fetch_then(&store, n, Msg::OpenLesson))
    };

    let run_ref = store.lesson.borrow();
    let run: Option<&LessonRun> = run_ref.as_ref();
    let index = run.and_then(|r| catalog::position(&r.lesson.id));
    let heading = match (run, index) {
        (Some(_), Some(i)) => format!("Lesson {} of {}", i + 1, catalog::len()),
        (Some(_), None) => "Lesson".to_string(),
        (None, _) => "Lessons".to_string(),
    };

    let body = if folded {
        html! {}
    } else {
        let loading = store.loading.get().and_then(catalog::nth).map(|e| {
            html! {
                <p class="lc-loading" role="status" data-testid="lesson-loading">
                    { format!("Loading “{}”…", e.title) }
                </p>
            }
        });
        html! {
            <>
                { for loading }
                { match run {
                    None => picker(&open),
                    Some(run) => lesson_view(store, run, index, &open),
                } }
            </>
        }
    };

    html! {
        <aside
            id="lesson-column"
            class={classes!("lesson-column", folded.then_some("folded"))}
            data-folded={folded.to_string()}
            aria-label="Lessons"
            data-testid="lesson-column"
        >
            <div class="lc-bar">
                <h2 class="lc-heading" data-testid="lesson-heading">{ heading }</h2>
                <button
                    type="button"
                    class="lc-fold"
                    data-testid="lesson-fold"
                    aria-expanded={(!folded).to_string()}
                    aria-controls="lesson-body"
                    title={if folded { "Show the lesson column" } else { "Fold the lesson column away" }}
                    onclick={on_fold}
                >
                    { if folded { "Lessons ▸" } else { "◂ Hide" } }
                </button>
            </div>
            <div id="lesson-body" class="lc-body" hidden={folded}>{ body }</div>
        </aside>
    }
}

fn picker(open: &dyn Fn(usize) -> Callback<MouseEvent>) -> Html {
    html! {
        <>
            <p class="lc-intro">
                { "Follow the course chapter one lesson at a time, or play freely on the canvas." }
            </p>
            <ol class="lc-picker" data-testid="lesson-picker">
                { for catalog::entries().enumerate().map(|(i, l)| html! {
                    <li key={l.id}>
                        <button
                            type="button"
                            class="lc-pick"
                            data-testid={format!("open-lesson-{}", i + 1)}
                            onclick={open(i)}
                        >
                            <span class="lc-num">{ format!("{}.", i + 1) }</span>
                            <span class="lc-pick-text">
                                <span class="lc-pick-title">{ l.title }</span>
                                <span class="lc-pick-part">{ l.part }</span>
                            </span>
                        </button>
                    </li>
                }) }
            </ol>
            <p class="lc-note">
                { "NATS Streaming reached end of life in 2023; each lesson ends with how JetStream, its successor, does the same." }
            </p>
        </>
    }
}

fn lesson_view(
    store: &UseReducerHandle<Store>,
    run: &LessonRun,
    index: Option<usize>,
    open: &dyn Fn(usize) -> Callback<MouseEvent>,
) -> Html {
    let l = &run.lesson;
    let steps = l.narration.len().max(1);
    let step = run.step.min(steps - 1);
    let narration = l.narration.get(step).cloned().unwrap_or_default();
    let done = run.done.iter().filter(|d| **d).count();
    let total = run.done.len();
    let next = run.next_task();
    let hint = store
        .pg
        .try_borrow()
        .ok()
        .and_then(|pg| run.hint(&pg).map(str::to_string));
    let complete = run.complete();
    let number = index.map(|i| format!("{}. ", i + 1)).unwrap_or_default();

    let on_select = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(n) = sel.value().parse::<usize>() {
                fetch_then(&store, n, Msg::OpenLesson);
            }
        })
    };

    let next_lesson = index.and_then(|i| Some((i + 1, catalog::nth(i + 1)?)));

    html! {
        <div class="lc-lesson" data-testid="lesson" data-lesson={l.id.clone()}>
            <div class="lc-switch">
                <label class="lc-select-label">
                    <span class="visually-hidden">{ "Choose a lesson" }</span>
                    <select data-testid="lesson-select" onchange={on_select}>
                        { for catalog::entries().enumerate().map(|(i, x)| html! {
                            <option value={i.to_string()} selected={Some(i) == index}>
                                { format!("{}. {}", i + 1, x.title) }
                            </option>
                        }) }
                    </select>
                </label>
                <button
                    type="button"
                    class="secondary"
                    data-testid="lesson-close"
                    title="Close the lesson and keep the canvas for free play"
                    onclick={send(store, || Msg::CloseLesson)}
                >
                    { "Free play" }
                </button>
            </div>

            <h3 class="lc-title" data-testid="lesson-title">{ format!("{number}{}", l.title) }</h3>
            <p class="lc-part">{ format!("Course part: {}", l.part) }</p>

            <section class="lc-narration" aria-label="Narration">
                <p data-testid="lesson-narration" aria-live="polite">{ narration }</p>
                <div class="lc-steps">
                    <button
                        type="button"
                        class="secondary"
                        data-testid="narration-prev"
                        disabled={step == 0}
                        onclick={send(store, move || Msg::Narrate(step.saturating_sub(1)))}
                    >
                        { "◂ Previous" }
                    </button>
                    <span class="lc-step" data-testid="lesson-step">
                        { format!("step {} of {steps}", step + 1) }
                    </span>
                    <button
                        type="button"
                        class="secondary"
                        data-testid="narration-next"
                        disabled={step + 1 >= steps}
                        onclick={send(store, move || Msg::Narrate(step + 1))}
                    >
                        { "Next ▸" }
                    </button>
                </div>
            </section>

            <section class="lc-tasks" aria-label="Objectives">
                <h4>
                    { "Objectives " }
                    <span class="lc-count" data-testid="lesson-progress" aria-live="polite">
                        { format!("{done} of {total} done") }
                    </span>
                </h4>
                <ol data-testid="lesson-tasks">
                    { for l.tasks.iter().enumerate().map(|(i, t)| {
                        let is_done = run.done.get(i).copied().unwrap_or(false);
                        let is_next = next == Some(i);
                        let (tick, word, class) = if is_done {
                            ("✓", "Done", "done")
                        } else if is_next {
                            ("→", "Next", "next")
                        } else {
                            ("○", "To do", "todo")
                        };
                        html! {
                            <li
                                class={classes!("lc-task", class)}
                                data-testid={format!("task-{}", i + 1)}
                                data-done={is_done.to_string()}
                            >
                                <span class="lc-tick" aria-hidden="true">{ tick }</span>
                                <span class="lc-status">{ word }</span>
                                <span class="lc-task-text">{ t.text.clone() }</span>
                                if is_next {
                                    if let Some(h) = hint.clone() {
                                        <p class="hint lc-hint" data-testid="task-hint" role="status">{ h }</p>
                                    }
                                }
                            </li>
                        }
                    }) }
                </ol>
            </section>

            <aside class="lc-jetstream" data-testid="lesson-jetstream" aria-label="JetStream">
                <h4>{ "In JetStream" }</h4>
                <p>{ l.jetstream.clone() }</p>
            </aside>
            // Always in view at the column's foot, however long the lesson: the lab's
            // tables, what to press next, and that the lesson is complete.
            <div class="lc-foot" data-testid="lesson-foot">
                <super::database::Databases dbs={super::lab::databases(&store.pg.borrow())} />
                if complete {
                    <div class="lc-complete" role="status" data-testid="lesson-complete">
                        <p>
                            <span aria-hidden="true">{ "✓ " }</span>
                            { "Lesson complete: every objective is ticked." }
                        </p>
                        { match next_lesson {
                            Some((n, next)) => html! {
                                <button type="button" class="primary" data-testid="next-lesson" onclick={open(n)}>
                                    { format!("Next: {}. {} ▸", n + 1, next.title) }
                                </button>
                            },
                            None => html! {
                                <p>{ "That was the last lesson. The canvas is yours: keep experimenting." }</p>
                            },
                        } }
                    </div>
                }
                <div class="lc-actions">
                    <button
                        type="button"
                        class="primary"
                        data-testid="show-me"
                        disabled={complete}
                        title="Do the next objective's moves for me"
                        onclick={send(store, || Msg::ShowMe)}
                    >
                        { "Show me" }
                    </button>
                    <button
                        type="button"
                        class="secondary"
                        data-testid="lesson-reset"
                        title="Start this lesson again from its setup"
                        onclick={send(store, || Msg::ResetLesson)}
                    >
                        { "Reset" }
                    </button>
                </div>
            </div>
        </div>
    }
}

/// Presenter mode: the open lesson's current step as a large caption over the canvas, with
/// Previous / Next (PageUp / PageDown, which presentation clickers send) and Show me.
pub fn caption(store: &UseReducerHandle<Store>) -> Html {
    let run_ref = store.lesson.borrow();
    let Some(run) = run_ref.as_ref() else {
        return html! {};
    };
    let steps = run.lesson.narration.len().max(1);
    let step = run.step.min(steps - 1);
    let text = run.lesson.narration.get(step).cloned().unwrap_or_default();
    html! {
        <div class="caption" data-testid="caption" aria-live="polite">
            <p data-testid="caption-text">{ text }</p>
            <div class="caption-nav">
                <button type="button" class="secondary" data-testid="caption-prev" disabled={step == 0}
                    aria-label="Previous step (PageUp)" onclick={send(store, move || Msg::Narrate(step.saturating_sub(1)))}>{ "◂" }</button>
                <span data-testid="caption-step">{ format!("{} / {steps}", step + 1) }</span>
                <button type="button" class="secondary" data-testid="caption-next" disabled={step + 1 >= steps}
                    aria-label="Next step (PageDown)" onclick={send(store, move || Msg::Narrate(step + 1))}>{ "▸" }</button>
                <button type="button" class="primary" data-testid="caption-show-me" disabled={run.complete()}
                    onclick={send(store, || Msg::ShowMe)}>{ if run.complete() { "✓ Done" } else { "Show me" } }</button>
            </div>
        </div>
    }
}
