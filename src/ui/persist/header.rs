//! The header's Share / Export / Import group, with the replay's progress line; it also
//! runs the tab's session (start-up and autosave).

use super::export::use_export_menu;
use super::import::import_button;
use super::loading::{self, Progress};
use super::session::use_session;
use super::share::share_button;
use crate::ui::store::Store;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeaderActionsProps {
    pub store: UseReducerHandle<Store>,
}

#[component(HeaderActions)]
pub fn header_actions(props: &HeaderActionsProps) -> Html {
    let store = &props.store;
    let progress = use_state(|| None::<Progress>);
    use_session(store, progress.setter());
    let file_input = use_node_ref();
    let export = use_export_menu(store);
    let share = share_button(store);
    let import = import_button(store, &file_input, &progress.setter());

    let on_cancel = Callback::from(|_: MouseEvent| loading::cancel());
    let progress_line = match &*progress {
        Some(p) => html! {
            <div class="loading" data-testid="loading" role="status" aria-live="polite">
                <span data-testid="loading-text">{ format!("{}… {} %", p.what, p.percent) }</span>
                <progress max="100" value={p.percent.to_string()}></progress>
                <button type="button" data-testid="loading-cancel" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
        },
        None => html! {},
    };

    html! {
        <div id="header-actions" class="header-actions" role="group" aria-label="Share, export and import">
            { share }
            { export }
            { import }
            { progress_line }
        </div>
    }
}
