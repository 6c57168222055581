//! The tables of the staff area: a caption, a row of column headings, then the rows.
use leptos::prelude::*;

/// How a table looks.
#[derive(Clone, Copy)]
pub enum TableLook {
    /// A list that fits the page, with a thin rule under the headings.
    Compact,
    /// Wider records in a box that scrolls sideways, with a strong rule under the headings.
    Wide,
}

/// A table with its caption and column headings; the rows (`<tr>`s) come as children.
#[component]
pub fn RecordTable(
    /// How it looks.
    look: TableLook,
    /// What the table holds; read to screen readers only unless `caption_class` shows it.
    #[prop(into)]
    caption: String,
    /// Classes of the caption (`sr-only` when not given).
    #[prop(optional)]
    caption_class: Option<&'static str>,
    /// Column headings.
    columns: &'static [&'static str],
    /// Classes of the last heading, where they differ from the others'.
    #[prop(optional)]
    last: Option<&'static str>,
    /// `data-testid` of the table.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// The rows.
    children: Children,
) -> impl IntoView {
    let (table_class, row_class, cell) = match look {
        TableLook::Compact => (
            "mt-4 w-full border-collapse text-left text-sm",
            "border-b border-slate-400",
            "py-2 pr-3",
        ),
        TableLook::Wide => (
            "w-full border-collapse text-left text-sm",
            "border-b-2 border-slate-500",
            "py-2 pr-4",
        ),
    };
    let headings = columns
        .iter()
        .enumerate()
        .map(|(i, heading)| {
            let class = if i + 1 == columns.len() {
                last.unwrap_or(cell)
            } else {
                cell
            };
            view! { <th scope="col" class=class>{*heading}</th> }
        })
        .collect_view();
    let table = view! {
        <table class=table_class data-testid=testid>
            <caption class=caption_class.unwrap_or("sr-only")>{caption}</caption>
            <thead><tr class=row_class>{headings}</tr></thead>
            <tbody>{children()}</tbody>
        </table>
    };
    match look {
        TableLook::Compact => table.into_any(),
        TableLook::Wide => view! { <div class="mt-6 overflow-x-auto">{table}</div> }.into_any(),
    }
}
