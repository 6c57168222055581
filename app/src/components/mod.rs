//! Reusable view pieces.
pub mod change_line;
pub mod form;
pub mod layout;
pub mod lifecycle;
pub mod loading;
pub mod measure_card;
pub mod search_box;
pub mod staff;
pub mod stage;
pub mod table;

use leptos::prelude::{untrack, TextProp};

/// A page title in the current language. In the browser it follows the language as it
/// changes; on the server it is worked out once, while the page renders: leptos_meta reads
/// the title after the page's reactive owner is gone, and a closure reading the language
/// signal then panicked under load and closed the connection without an answer.
pub fn page_title(text: impl Fn() -> String + Send + Sync + 'static) -> TextProp {
    if cfg!(feature = "ssr") {
        TextProp::from(untrack(text))
    } else {
        TextProp::from(text)
    }
}
