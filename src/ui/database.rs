//! The concurrency lab's databases: what each service wrote, what it should hold (every event
//! applied once, in publish order) and the difference, highlighted with a word, not colour only
//! (derived in `lab`).

use super::lab::DbVm;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DatabasesProps {
    pub dbs: Vec<DbVm>,
}

#[component(Databases)]
pub fn databases_view(props: &DatabasesProps) -> Html {
    if props.dbs.is_empty() {
        return html! {};
    }
    html! {
        <section class="lc-db" aria-label="Databases" data-testid="databases">
            { for props.dbs.iter().map(|d| html! {
                <div class="lc-db-one" data-testid={format!("db-{}", d.name)}>
                    <h4>{ format!("Database \u{201c}{}\u{201d}", d.name) }</h4>
                    <table>
                        <thead><tr><th>{ "record" }</th><th>{ "service" }</th><th>{ "expected" }</th><th></th></tr></thead>
                        <tbody>
                            { for d.rows.iter().map(|r| html! {
                                <tr class={classes!(r.differs.then_some("differs"))} data-differs={r.differs.to_string()}>
                                    <td>{ r.key.clone() }</td>
                                    <td>{ r.actual.clone() }</td>
                                    <td>{ r.expected.clone() }</td>
                                    <td>{ if r.differs { "✗ wrong" } else { "✓ right" } }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                    if !d.notes.is_empty() {
                        <ul class="lc-db-notes">
                            { for d.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                        </ul>
                    }
                </div>
            }) }
        </section>
    }
}
