//! Share, export, import and autosave (placeholder: being built here).

use super::store::Store;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeaderActionsProps {
    pub store: UseReducerHandle<Store>,
}

/// The header's Share / Export / Import buttons.
#[component(HeaderActions)]
pub fn header_actions(_props: &HeaderActionsProps) -> Html {
    html! { <span id="header-actions" class="header-actions"></span> }
}
