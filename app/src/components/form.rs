//! Form pieces shared by the staff forms.
use leptos::prelude::*;

/// A labelled, required input, with help under the label when there is some.
#[component]
pub fn InputField(
    /// Element id.
    id: &'static str,
    /// Name of the form field.
    name: &'static str,
    /// Input type: `email`, `password` ...
    kind: &'static str,
    /// Visible label.
    label: &'static str,
    /// What the browser may fill in (`username`, `new-password`, `off` ...).
    autocomplete: &'static str,
    /// Help under the label: its element id and text.
    #[prop(optional)]
    help: Option<(&'static str, &'static str)>,
) -> impl IntoView {
    let described = help.map(|(help_id, _)| help_id);
    view! {
        <div>
            <label for=id class="block font-medium">{label}</label>
            {help.map(|(help_id, text)| view! { <p id=help_id class="text-sm text-slate-700">{text}</p> })}
            <input id=id name=name type=kind autocomplete=autocomplete required aria-describedby=described
                class="mt-1 w-full rounded border border-slate-500 px-3 py-2" />
        </div>
    }
}
