//! The eligibility wizard: one form per step, posted to a server function (plain form posts
//! without JavaScript, smoother navigation with it), then a review page.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::wizard::{load_review, load_wizard_step, FinishWizard, SaveStep};
use crate::components::loading::Found;
use crate::i18n::{t, t_string, use_i18n};
use crate::wire::wizard::{QuestionView, ReviewPage, WizardPage};

/// `/wizard` (a new wizard, optionally `?measure=<id>`) and `/wizard/{session}/{step}`.
#[component]
pub fn WizardPageRoute() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let p = params.get();
        let q = query.get();
        (
            p.get("session").unwrap_or_default(),
            p.get("step").unwrap_or_else(|| "applicant".into()),
            q.get("measure"),
            q.get("attempt"),
        )
    };
    let is_review = move || params.get().get("step").as_deref() == Some("review");
    view! {
        <Title text=move || t_string!(i18n, wizard_title).to_string() />
        <h1 class="text-3xl font-bold">{t!(i18n, wizard_title)}</h1>
        {move || if is_review() { view! { <Review /> }.into_any() } else { view! { <Step key=key() /> }.into_any() }}
    }
}

/// One step, loaded for `(session, step, measure, attempt)`.
#[component]
fn Step(
    /// Session, step slug, focused measure, and an attempt marker that forces a reload.
    key: (String, String, Option<String>, Option<String>),
) -> impl IntoView {
    let (session, step, measure, _) = key;
    let page = Resource::new(
        move || (session.clone(), step.clone(), measure.clone()),
        |(s, st, m)| load_wizard_step(s, st, m),
    );
    view! {
        <Found resource=page found={|p| view! { <StepForm page=p /> }} missing={|| view! { <UnknownSession /> }} />
    }
}

/// Shown for a session token that does not exist.
#[component]
fn UnknownSession() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="mt-4">{t!(i18n, wizard_not_found)}</p>
        <p class="mt-2"><a class="text-blue-800 underline" href="/wizard">{t!(i18n, wizard_start_again)}</a></p>
    }
}

/// Progress through the steps, the current one marked.
#[component]
fn Progress(
    /// Step slugs and titles.
    steps: Vec<(String, String)>,
    /// The current slug ("review" on the review page).
    current: String,
    /// Session, for links to earlier steps.
    session: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav aria-label=move || t_string!(i18n, wizard_steps).to_string() class="mt-4">
            <ol class="flex flex-wrap gap-2 text-sm">
                {steps.into_iter().map(|(slug, title)| {
                    let here = slug == current;
                    let href = (!session.is_empty()).then(|| format!("/wizard/{session}/{slug}"));
                    view! {
                        <li class=if here { "rounded bg-blue-800 px-2 py-1 text-white" } else { "rounded bg-slate-100 px-2 py-1 text-slate-800" }
                            aria-current=here.then_some("step")>
                            {match href {
                                Some(h) if !here => view! { <a class="underline" href=h>{title}</a> }.into_any(),
                                _ => view! { <span>{title}</span> }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}

/// The words naming a field in the error summary: its question, and for a field of a list's
/// entry, the entry too ("Project 2: What was the loss?").
fn question_label(questions: &[QuestionView], field: &str) -> String {
    for q in questions {
        if q.fact == field {
            return q.question.clone();
        }
        for row in &q.rows {
            if let Some(f) = row.fields.iter().find(|f| f.fact == field) {
                return format!("{}: {}", row.legend, f.question);
            }
        }
    }
    field.to_string()
}

/// The form of a step.
#[component]
fn StepForm(
    /// What the server prepared.
    page: WizardPage,
) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveStep>::new();
    let n = page.position;
    let m = page.steps.len() as u32;
    let title = page.step.title.clone();
    let steps: Vec<(String, String)> = page
        .steps
        .iter()
        .map(|s| (s.slug.clone(), s.title.clone()))
        .collect();
    let mut steps_with_review = steps.clone();
    steps_with_review.push((
        "review".into(),
        t_string!(i18n, wizard_review_step).to_string(),
    ));
    let first = n == 1;
    let resume =
        (!page.session.is_empty()).then(|| format!("/wizard/{}/{}", page.session, page.step.slug));
    view! {
        <p class="mt-2 max-w-prose text-slate-700">{t!(i18n, wizard_intro)}</p>
        {page.focus_title.clone().map(|f| view! { <p class="mt-2 font-medium">{t!(i18n, wizard_focus)}{f}</p> })}
        <Progress steps=steps_with_review current=page.step.slug.clone() session=page.session.clone() />
        <h2 class="mt-6 text-2xl font-semibold" id="step-heading">
            {t!(i18n, wizard_progress, n = move || n, m = move || m, title = { let title = title.clone(); move || title.clone() })}
        </h2>
        {(!page.errors.is_empty()).then(|| view! {
            <div role="alert" tabindex="-1" class="mt-4 rounded border-2 border-red-700 bg-red-50 p-4" data-testid="error-summary">
                <h3 class="font-semibold text-red-900">{t!(i18n, wizard_error_summary)}</h3>
                <ul class="mt-2 list-disc pl-6">
                    {page.errors.iter().map(|e| {
                        let href = format!("#field-{}", e.field);
                        let label = question_label(&page.questions, &e.field);
                        view! { <li><a class="text-red-900 underline" href=href>{format!("{label} {}", e.message)}</a></li> }
                    }).collect_view()}
                </ul>
            </div>
        })}
        <ActionForm action=save attr:class="mt-4 space-y-6" attr:aria-labelledby="step-heading">
            // Enter in a field presses the form's first submit button: make it "next", not
            // "back" or a list's "remove".
            <button type="submit" name="go" value="next" class="sr-only" tabindex="-1" aria-hidden="true">
                {t!(i18n, wizard_next)}
            </button>
            <input type="hidden" name="session" value=page.session.clone() />
            <input type="hidden" name="step" value=page.step.slug.clone() />
            {page.focus.clone().map(|f| view! { <input type="hidden" name="focus" value=f /> })}
            {page.questions.into_iter().map(|q| view! { <Question q /> }).collect_view()}
            <div class="flex flex-wrap gap-3">
                {(!first).then(|| view! {
                    <button type="submit" name="go" value="back" class="rounded-md border border-blue-800 px-4 py-2 font-medium text-blue-800 hover:bg-blue-50">
                        {t!(i18n, wizard_back)}
                    </button>
                })}
                <button type="submit" name="go" value="next" class="rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900">
                    {t!(i18n, wizard_next)}
                </button>
                {(!page.session.is_empty()).then(|| view! {
                    <button type="submit" name="go" value="review" class="rounded-md px-4 py-2 font-medium text-blue-800 underline">
                        {t!(i18n, wizard_review)}
                    </button>
                })}
            </div>
        </ActionForm>
        {resume.map(|r| view! { <p class="mt-6 text-sm text-slate-700">{t!(i18n, wizard_resume)}<a class="text-blue-800 underline" href=r.clone() data-testid="resume-link">{r.clone()}</a></p> })}
    }
}

/// One question, shaped by its fact type. (An `AnyView`, not `impl IntoView`: a list question
/// shows questions inside it.)
#[component]
fn Question(
    /// The question.
    q: QuestionView,
) -> AnyView {
    if q.kind == "list" {
        return view! { <ListQuestion q /> }.into_any();
    }
    let i18n = use_i18n();
    let id = format!("field-{}", q.fact);
    let name = format!("answers[{}]", q.fact);
    let help_id = format!("help-{}", q.fact);
    let error_id = format!("error-{}", q.fact);
    let understood_id = format!("understood-{}", q.fact);
    let mut described = help_id.clone();
    if q.understood.is_some() {
        described = format!("{described} {understood_id}");
    }
    if q.error.is_some() {
        described = format!("{described} {error_id}");
    }
    let invalid = q.error.is_some().then_some("true");
    let error = q.error.clone().map(|e| view! { <p id=error_id.clone() class="mt-1 font-medium text-red-800" data-testid="field-error">{e}</p> });
    let help =
        view! { <p id=help_id.clone() class="mt-1 text-sm text-slate-700">{q.help.clone()}</p> };
    // What a typed number was read as ("300万" -> "3,000,000 yuan"), so the person can check it.
    let understood = q.understood.clone().map(|u| {
        view! {
            <p id=understood_id.clone() class="mt-1 text-sm text-slate-800" data-testid="field-understood">
                {t!(i18n, wizard_understood, value = move || u.clone())}
            </p>
        }
    });
    let required = q
        .required
        .then(|| view! { " " <span class="text-sm">{t!(i18n, wizard_required)}</span> });
    let border = if q.error.is_some() {
        "border-red-700 border-2"
    } else {
        "border-slate-400"
    };
    match q.kind.as_str() {
        "bool" | "set_of" => {
            let inputs = if q.kind == "bool" {
                let current = q.value.clone();
                [("yes", t_string!(i18n, wizard_yes).to_string()), ("no", t_string!(i18n, wizard_no).to_string()), ("", t_string!(i18n, wizard_not_sure).to_string())]
                    .into_iter()
                    .enumerate()
                    .map(|(i, (v, label))| {
                        let input_id = if i == 0 { id.clone() } else { format!("{id}-{i}") };
                        let for_id = input_id.clone();
                        view! {
                            <label class="mr-4 inline-flex items-center gap-2" for=for_id>
                                <input type="radio" id=input_id name=name.clone() value=v checked=current == v />
                                {label}
                            </label>
                        }
                    })
                    .collect_view()
                    .into_any()
            } else {
                q.options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| {
                        let input_id = if i == 0 { id.clone() } else { format!("{id}-{i}") };
                        let for_id = input_id.clone();
                        let checked = q.values.contains(&o.value);
                        view! {
                            <label class="flex items-center gap-2" for=for_id>
                                <input type="checkbox" id=input_id name=format!("answers[{}.{}]", q.fact, o.value) value="on" checked=checked />
                                {o.label.clone()}
                            </label>
                        }
                    })
                    .collect_view()
                    .into_any()
            };
            view! {
                <fieldset aria-describedby=described aria-invalid=invalid class="rounded border border-slate-200 bg-white p-4">
                    <legend class="px-1 font-medium">{q.question.clone()}{required}</legend>
                    {help}
                    <div class="mt-2">{inputs}</div>
                    {error}
                </fieldset>
            }
            .into_any()
        }
        kind => {
            let control = if kind == "one_of" {
                let current = q.value.clone();
                view! {
                    <select id=id.clone() name=name.clone() aria-describedby=described.clone() aria-invalid=invalid aria-required=q.required.then_some("true")
                        class=format!("mt-1 w-full max-w-md rounded-md border bg-white px-2 py-2 {border}")>
                        <option value="" selected=current.is_empty()>{t!(i18n, wizard_choose)}</option>
                        {q.options.iter().map(|o| view! { <option value=o.value.clone() selected=current == o.value>{o.label.clone()}</option> }).collect_view()}
                    </select>
                }
                .into_any()
            } else {
                let input_type = if kind == "date" { "date" } else { "text" };
                // A full keyboard for amounts and counts: people write "300万" as well as digits.
                let mode = (kind == "percent").then_some("decimal");
                view! {
                    <input id=id.clone() name=name.clone() type=input_type inputmode=mode value=q.value.clone()
                        aria-describedby=described.clone() aria-invalid=invalid autocomplete="off"
                        class=format!("mt-1 w-full max-w-md rounded-md border px-3 py-2 {border}") />
                }
                .into_any()
            };
            view! {
                <div class="rounded border border-slate-200 bg-white p-4">
                    <label for=id.clone() class="block font-medium">{q.question.clone()}{required}</label>
                    {help}
                    {control}
                    {understood}
                    {error}
                </div>
            }
            .into_any()
        }
    }
}

/// A list question: its entries, each a group of fields with a button that removes it, and a
/// button that adds another. The buttons submit the form, so the list works the same with and
/// without JavaScript, and what was typed is kept.
#[component]
fn ListQuestion(
    /// The question, with its entries in `rows`.
    q: QuestionView,
) -> impl IntoView {
    let i18n = use_i18n();
    let fact = q.fact.clone();
    let count = q.rows.len();
    let help_id = format!("help-{fact}");
    let error_id = format!("error-{fact}");
    let described = if q.error.is_some() {
        format!("{help_id} {error_id}")
    } else {
        help_id.clone()
    };
    let noun = q.item_label.clone();
    let rows = q.rows.into_iter().map(|row| {
        let remove = format!("remove:{fact}:{}", row.number);
        let entry = row.legend.to_lowercase();
        let legend = row.legend.clone();
        view! {
            <fieldset class="mt-3 rounded border border-slate-300 p-3" data-testid="list-entry">
                <legend class="px-1 font-semibold">{legend}</legend>
                <div class="space-y-3">
                    {row.fields.into_iter().map(|f| view! { <Question q=f /> }).collect_view()}
                </div>
                <button type="submit" name="go" value=remove formnovalidate=true
                    class="mt-2 rounded-md border border-red-800 px-3 py-1 text-sm font-medium text-red-800 hover:bg-red-50">
                    {t!(i18n, wizard_list_remove, entry = { let entry = entry.clone(); move || entry.clone() })}
                </button>
            </fieldset>
        }
    }).collect_view();
    view! {
        <fieldset id=format!("field-{fact}") aria-describedby=described aria-invalid=q.error.is_some().then_some("true")
            class="rounded border border-slate-200 bg-white p-4" data-testid=format!("list-{fact}")>
            <legend class="px-1 font-medium">{q.question.clone()}</legend>
            <p id=help_id class="mt-1 text-sm text-slate-700">{q.help.clone()}</p>
            <p class="mt-1 text-sm font-medium text-slate-800" data-testid="entry-count">
                {t!(i18n, wizard_list_count, n = move || count)}
            </p>
            <input type="hidden" name=format!("answers[{fact}.rows]") value=count.to_string() />
            {rows}
            {q.error.clone().map(|e| view! { <p id=error_id.clone() class="mt-1 font-medium text-red-800" data-testid="field-error">{e}</p> })}
            {q.can_add.then(|| view! {
                <button type="submit" name="go" value=format!("add:{fact}") formnovalidate=true
                    class="mt-3 rounded-md border border-blue-800 px-3 py-1 font-medium text-blue-800 hover:bg-blue-50">
                    {t!(i18n, wizard_list_add, noun = { let noun = noun.clone(); move || noun.clone() })}
                </button>
            })}
        </fieldset>
    }
}

/// The review page with every answer and links to change them.
#[component]
fn Review() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new(
        move || params.get().get("session").unwrap_or_default(),
        load_review,
    );
    view! {
        <Found resource=page found={|p| view! { <ReviewView page=p /> }} missing={|| view! { <UnknownSession /> }} />
    }
}

/// Review content.
#[component]
fn ReviewView(
    /// Answers by step.
    page: ReviewPage,
) -> impl IntoView {
    let i18n = use_i18n();
    let finish = ServerAction::<FinishWizard>::new();
    let mut steps: Vec<(String, String)> = page
        .steps
        .iter()
        .map(|s| (s.slug.clone(), s.title.clone()))
        .collect();
    steps.push((
        "review".into(),
        t_string!(i18n, wizard_review_step).to_string(),
    ));
    let session = page.session.clone();
    view! {
        <Progress steps current="review".into() session=session.clone() />
        <h2 class="mt-6 text-2xl font-semibold">{t!(i18n, review_title)}</h2>
        {page.sections.into_iter().map(|sec| {
            let href = format!("/wizard/{}/{}", session, sec.step.slug);
            let heading_id = format!("review-{}", sec.step.slug);
            let labelled_by = heading_id.clone();
            view! {
                <section class="mt-4 rounded border border-slate-200 bg-white p-4" aria-labelledby=labelled_by>
                    <div class="flex items-center justify-between gap-4">
                        <h3 id=heading_id class="font-semibold">{sec.step.title.clone()}</h3>
                        <a class="text-blue-800 underline" href=href aria-label=format!("{} {}", t_string!(i18n, review_change), sec.step.title)>{t!(i18n, review_change)}</a>
                    </div>
                    {if sec.answers.is_empty() {
                        view! { <p class="mt-2 text-slate-700">{t!(i18n, review_no_answers)}</p> }.into_any()
                    } else {
                        view! {
                            <dl class="mt-2 space-y-1">
                                {sec.answers.into_iter().map(|a| view! { <div><dt class="text-sm text-slate-700">{a.label}</dt><dd class="font-medium">{a.value}</dd></div> }).collect_view()}
                            </dl>
                        }.into_any()
                    }}
                </section>
            }
        }).collect_view()}
        <ActionForm action=finish attr:class="mt-6 space-y-4">
            <input type="hidden" name="session" value=page.session.clone() />
            <div class="max-w-xs">
                <label for="as_of" class="block font-medium">{t!(i18n, review_as_of)}</label>
                <p id="as-of-help" class="text-sm text-slate-700">{t!(i18n, review_as_of_help)}</p>
                <input id="as_of" name="as_of" type="date" aria-describedby="as-of-help" class="mt-1 w-full rounded border border-slate-500 px-3 py-2" />
            </div>
            <button type="submit" class="rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900">{t!(i18n, review_submit)}</button>
        </ActionForm>
    }
}
