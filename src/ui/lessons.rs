//! The lesson column (placeholder: the lessons UI is being built here).

use super::store::Store;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LessonColumnProps {
    pub store: UseReducerHandle<Store>,
}

/// The left column: lesson picker, narration, tasks with ticks, "show me", reset.
#[component(LessonColumn)]
pub fn lesson_column(_props: &LessonColumnProps) -> Html {
    html! { <aside id="lesson-column" class="lesson-column" aria-label="Lessons"></aside> }
}
