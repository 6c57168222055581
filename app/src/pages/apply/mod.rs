//! `/apply/{measure}?result={id}`: the application form, pre-filled with the answers and the
//! estimate of a stored result. It posts to `POST /apply/{measure}` (a plain form, so it works
//! without JavaScript); refused fields come back as `error=` with the values typed.
pub mod status;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::applications::load_apply_form;
use crate::components::loading::{path_param, Found};
use crate::i18n::{t, t_string, use_i18n};
use crate::wire::applications::ApplyForm;

/// The apply route.
#[component]
pub fn ApplyPage() -> impl IntoView {
    let i18n = use_i18n();
    let measure = path_param("measure");
    let query = use_query_map();
    let form = Resource::new(
        move || {
            (
                measure.get(),
                query.read().get("result").unwrap_or_default(),
            )
        },
        |(m, r)| load_apply_form(m, r),
    );
    view! {
        <Title text=crate::components::page_title(move || t_string!(i18n, apply_page_title).to_string()) />
        <Found resource=form found={|f| view! { <ApplyBody f /> }}
            missing={move || view! { <h1 class="text-2xl font-bold">{t!(i18n, apply_page_title)}</h1><p class="mt-4">{t!(i18n, measure_not_found)}</p> }} />
    }
}

/// What the previous post sent back: the values typed and the fields refused.
#[derive(Clone, Default)]
struct Returned {
    kind: String,
    name: String,
    code: String,
    email: String,
    phone: String,
    key: String,
    errors: Vec<String>,
}

fn returned() -> Returned {
    let q = use_query_map().get_untracked();
    let get = |k: &str| q.get(k).unwrap_or_default();
    Returned {
        kind: get("kind"),
        name: get("name"),
        code: get("code"),
        email: get("email"),
        phone: get("phone"),
        key: get("key"),
        errors: get("error")
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    }
}

#[component]
fn ApplyBody(
    /// The form's data from the server.
    f: ApplyForm,
) -> impl IntoView {
    let i18n = use_i18n();
    let title = f.title.clone();
    view! {
        <h1 class="text-3xl font-bold">{t!(i18n, apply_title, title = move || title.clone())}</h1>
        <p class="mt-1 text-slate-700"><cite>{f.citation.clone()}</cite></p>
        {if f.result.is_empty() {
            view! {
                <p class="mt-6 max-w-prose">{t!(i18n, apply_need_result)}</p>
                <p class="mt-4"><a class="rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900" href=format!("/wizard?measure={}", f.measure_id)>{t!(i18n, apply_check_first)}</a></p>
                <Materials list=f.materials.clone() />
            }.into_any()
        } else if !f.eligible {
            let reason = f.reason.clone().unwrap_or_default();
            view! {
                <p class="mt-6 rounded border-2 border-amber-700 bg-amber-50 p-3" role="alert" data-testid="apply-not-eligible">{t!(i18n, apply_not_eligible, reason = move || reason.clone())}</p>
                <p class="mt-4"><a class="text-blue-800 underline" href=format!("/results/{}", f.result)>{t!(i18n, results_title)}</a></p>
            }.into_any()
        } else {
            view! { <EligibleForm f /> }.into_any()
        }}
    }
}

/// The materials a measure asks for.
#[component]
fn Materials(
    /// Their names.
    list: Vec<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="mt-8" aria-labelledby="materials-heading">
            <h2 id="materials-heading" class="text-xl font-semibold">{t!(i18n, apply_materials)}</h2>
            <ul class="mt-2 list-disc pl-6" data-testid="apply-materials">{list.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
        </section>
    }
}

/// A text input with its label, help and the message when the server refused it.
#[component]
fn Field(
    /// The input's id and name.
    name: &'static str,
    /// The label.
    label: String,
    /// The input type.
    kind: &'static str,
    /// The value to show.
    value: String,
    /// The message, when refused.
    error: Option<String>,
    /// Help under the label.
    #[prop(optional)]
    help: Option<String>,
    /// Whether the field must be filled.
    #[prop(optional)]
    required: bool,
    /// What the browser may fill in.
    autocomplete: &'static str,
) -> impl IntoView {
    let help_id = format!("{name}-help");
    let error_id = format!("{name}-error");
    let described = [
        help.as_ref().map(|_| help_id.clone()),
        error.as_ref().map(|_| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let invalid = error.is_some().then_some("true");
    view! {
        <div class="mt-4">
            <label for=name class="block font-medium">{label}</label>
            {help.map(|h| view! { <p id=help_id class="text-sm text-slate-700">{h}</p> })}
            <input id=name name=name type=kind value=value required=required autocomplete=autocomplete
                aria-describedby=(!described.is_empty()).then_some(described) aria-invalid=invalid
                class="mt-1 w-full max-w-xl rounded border border-slate-500 px-3 py-2" />
            {error.map(|e| view! { <p id=error_id class="mt-1 font-medium text-red-800" data-testid=format!("error-{name}")>{e}</p> })}
        </div>
    }
}

#[component]
fn EligibleForm(
    /// The form's data.
    f: ApplyForm,
) -> impl IntoView {
    let i18n = use_i18n();
    let r = returned();
    let has = |field: &str| r.errors.iter().any(|e| e == field);
    let err = |field: &str, text: String| has(field).then_some(text);
    let key = if r.key.is_empty() {
        f.key.clone()
    } else {
        r.key.clone()
    };
    let individual = if r.kind.is_empty() {
        f.for_individuals
    } else {
        r.kind == "individual"
    };
    let general = if has("answers") || has("measure_id") {
        Some(t_string!(i18n, apply_err_answers).to_string())
    } else if has("conflict") {
        Some(t_string!(i18n, apply_err_conflict).to_string())
    } else if has("idempotency_key") {
        Some(t_string!(i18n, apply_err_key).to_string())
    } else if !r.errors.is_empty() {
        Some(t_string!(i18n, apply_errors).to_string())
    } else {
        None
    };
    let amount = f.amount.clone();
    view! {
        <p class="mt-4 max-w-prose">{t!(i18n, apply_intro)}</p>
        {general.map(|g| view! { <p role="alert" class="mt-4 rounded border-2 border-red-700 bg-red-50 p-3 text-red-900" data-testid="apply-error">{g}</p> })}
        <section class="mt-6 rounded-lg border-2 border-blue-800 bg-white p-4" aria-labelledby="estimate-heading">
            <h2 id="estimate-heading" class="text-lg font-semibold">{t!(i18n, apply_estimate)}</h2>
            <p class="text-2xl font-bold text-blue-900" data-testid="apply-estimate">{move || amount.clone()}</p>
            <details class="mt-2">
                <summary class="cursor-pointer text-blue-800">{t!(i18n, results_calculation)}</summary>
                <ol class="mt-2 list-decimal pl-6 text-sm">{f.trace.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ol>
            </details>
        </section>
        <section class="mt-6" aria-labelledby="answers-heading">
            <h2 id="answers-heading" class="text-xl font-semibold">{t!(i18n, apply_your_answers)}</h2>
            <dl class="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                {f.answers.iter().map(|a| view! { <dt class="font-medium">{a.label.clone()}</dt><dd>{a.value.clone()}</dd> }).collect_view()}
            </dl>
        </section>
        <Materials list=f.materials.clone() />
        <form method="post" action=format!("/apply/{}", f.measure_id) class="mt-8 rounded border border-slate-300 bg-white p-4" data-testid="apply-form">
            <h2 class="text-xl font-semibold">{t!(i18n, apply_who)}</h2>
            <input type="hidden" name="result" value=f.result.clone() />
            <input type="hidden" name="idempotency_key" value=key />
            <fieldset class="mt-4">
                <legend class="font-medium">{t!(i18n, apply_kind)}</legend>
                <label class="mt-1 flex items-center gap-2"><input type="radio" name="applicant_kind" value="organisation" checked=!individual />{t!(i18n, apply_kind_org)}</label>
                <label class="mt-1 flex items-center gap-2"><input type="radio" name="applicant_kind" value="individual" checked=individual />{t!(i18n, apply_kind_person)}</label>
            </fieldset>
            <Field name="applicant_name" label=t_string!(i18n, apply_name).to_string() kind="text" value=r.name.clone() required=true autocomplete="organization"
                error=err("applicant_name", t_string!(i18n, apply_err_name).to_string()) />
            <Field name="credit_code" label=t_string!(i18n, apply_credit_code).to_string() kind="text" value=r.code.clone() autocomplete="off"
                help=t_string!(i18n, apply_credit_code_help).to_string()
                error=err("credit_code", t_string!(i18n, apply_err_credit_code).to_string()) />
            <Field name="contact_email" label=t_string!(i18n, apply_email).to_string() kind="email" value=r.email.clone() autocomplete="email"
                error=err("contact_email", t_string!(i18n, apply_err_email).to_string()) />
            <Field name="contact_phone" label=t_string!(i18n, apply_phone).to_string() kind="tel" value=r.phone.clone() autocomplete="tel"
                error=err("contact_phone", t_string!(i18n, apply_err_phone).to_string()) />
            <button type="submit" class="mt-6 rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900" data-testid="apply-start">{t!(i18n, apply_start)}</button>
        </form>
    }
}
