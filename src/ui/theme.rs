//! The light / dark switch in the header. By default the page follows the system's
//! `prefers-color-scheme`; the button cycles system → light → dark → system (a projector in a
//! bright room wants light whatever the laptop says). The choice is kept in this browser.

use super::persist::browser;
use yew::prelude::*;

const THEME_KEY: &str = "nats-playground/theme";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    fn saved() -> Self {
        match browser::local_storage()
            .and_then(|s| browser::get(&s, THEME_KEY))
            .as_deref()
        {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        }
    }

    fn next(self) -> Self {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// Sets (or, for `System`, removes) `data-theme` on `<html>`, which the style sheets read,
    /// and keeps the choice.
    fn apply(self) {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = match self {
                Theme::System => root.remove_attribute("data-theme"),
                _ => root.set_attribute("data-theme", self.word()),
            };
        }
        if let Some(s) = browser::local_storage() {
            match self {
                Theme::System => browser::remove(&s, THEME_KEY),
                _ => {
                    browser::set(&s, THEME_KEY, self.word());
                }
            }
        }
    }
}

#[component(ThemeButton)]
pub fn theme_button() -> Html {
    let theme = use_state(Theme::saved);
    use_effect_with(*theme, |t| t.apply());
    let onclick = {
        let theme = theme.clone();
        Callback::from(move |_: MouseEvent| theme.set(theme.next()))
    };
    let label = format!(
        "Colours: {} (click for {})",
        theme.word(),
        theme.next().word()
    );
    html! {
        <button type="button" class="icon theme-btn" data-testid="theme" data-theme={theme.word()}
            aria-label={label.clone()} title={label} {onclick}>
            { match *theme { Theme::System => "◐", Theme::Light => "☀", Theme::Dark => "☾" } }
        </button>
    }
}
