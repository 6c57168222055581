//! The eligibility wizard: one form per step, posted to a server function (plain form posts
//! without JavaScript, smoother navigation with it), then a review page.
mod question;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::wizard::{load_review, load_wizard_step, FinishWizard, SaveStep};
use crate::components::loading::Found;
use crate::i18n::{t, t_string, use_i18n};
use crate::wire::wizard::{QuestionView, ReviewPage, WizardPage};
use question::Question;

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
            p.get("step").unwrap_or_else(|| "start".into()),
            q.get("measure"),
            q.get("attempt"),
        )
    };
    let is_review = move || params.get().get("step").as_deref() == Some("review");
    view! {
        <Title text=crate::components::page_title(move || t_string!(i18n, wizard_title).to_string()) />
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

/// The title of a screen or step in the page's language: the adaptive screens and the review
/// are translated, the vocabulary's sections keep the catalog's words.
fn screen_title(
    i18n: leptos_i18n::I18nContext<crate::i18n::Locale>,
    slug: &str,
    title: &str,
) -> String {
    match slug {
        "start" => t_string!(i18n, wizard_screen_start).to_string(),
        "next" => t_string!(i18n, wizard_screen_next).to_string(),
        "review" => t_string!(i18n, wizard_review_step).to_string(),
        _ => title.to_string(),
    }
}

/// The first screen's topics question in the page's language.
fn translate_topics(
    i18n: leptos_i18n::I18nContext<crate::i18n::Locale>,
    mut q: QuestionView,
) -> QuestionView {
    if q.fact != "topic" {
        return q;
    }
    q.question = t_string!(i18n, wizard_topics_question).to_string();
    q.help = t_string!(i18n, wizard_topics_help).to_string();
    for o in &mut q.options {
        let label = match o.value.as_str() {
            "rd" => t_string!(i18n, topic_rd).to_string(),
            "standards" => t_string!(i18n, topic_standards).to_string(),
            "ip" => t_string!(i18n, topic_ip).to_string(),
            "talent" => t_string!(i18n, topic_talent).to_string(),
            "financing" => t_string!(i18n, topic_financing).to_string(),
            "platforms" => t_string!(i18n, topic_platforms).to_string(),
            "growth" => t_string!(i18n, topic_growth).to_string(),
            "projects" => t_string!(i18n, topic_projects).to_string(),
            "international" => t_string!(i18n, topic_international).to_string(),
            "space" => t_string!(i18n, topic_space).to_string(),
            "tech_transfer" => t_string!(i18n, topic_tech_transfer).to_string(),
            _ => continue,
        };
        o.label = label;
    }
    q
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
    let slug = page.step.slug.clone();
    let adaptive = slug == "start" || slug == "next";
    let n = page.position;
    let m = page.steps.len() as u32;
    let title = screen_title(i18n, &slug, &page.step.title);
    let mut steps: Vec<(String, String)> = page
        .steps
        .iter()
        .map(|s| (s.slug.clone(), screen_title(i18n, &s.slug, &s.title)))
        .collect();
    steps.push((
        "review".into(),
        t_string!(i18n, wizard_review_step).to_string(),
    ));
    let first = n == 1;
    let resume =
        (!page.session.is_empty()).then(|| format!("/wizard/{}/{}", page.session, page.step.slug));
    let (answered, open, eligible) = (page.answered, page.open_measures, page.eligible);
    let status = (slug == "next").then(|| view! {
        <p class="mt-2 text-slate-800" data-testid="wizard-status">
            {t!(i18n, wizard_status, answered = move || answered, open = move || open, eligible = move || eligible)}
        </p>
    });
    let none_left = slug == "next" && page.questions.is_empty();
    let questions: Vec<QuestionView> = page
        .questions
        .into_iter()
        .map(|q| translate_topics(i18n, q))
        .collect();
    let labels = questions.clone();
    view! {
        <p class="mt-2 max-w-prose text-slate-700">{t!(i18n, wizard_intro)}</p>
        {page.focus_title.clone().map(|f| view! { <p class="mt-2 font-medium">{t!(i18n, wizard_focus)}{f}</p> })}
        <Progress steps current=page.step.slug.clone() session=page.session.clone() />
        <h2 class="mt-6 text-2xl font-semibold" id="step-heading">
            {if adaptive {
                title.clone().into_any()
            } else {
                t!(i18n, wizard_progress, n = move || n, m = move || m, title = { let title = title.clone(); move || title.clone() }).into_any()
            }}
        </h2>
        {status}
        {(!page.errors.is_empty()).then(|| view! {
            <div role="alert" tabindex="-1" class="mt-4 rounded border-2 border-red-700 bg-red-50 p-4" data-testid="error-summary">
                <h3 class="font-semibold text-red-900">{t!(i18n, wizard_error_summary)}</h3>
                <ul class="mt-2 list-disc pl-6">
                    {page.errors.iter().map(|e| {
                        let href = format!("#field-{}", e.field);
                        let label = question_label(&labels, &e.field);
                        view! { <li><a class="text-red-900 underline" href=href>{format!("{label} {}", e.message)}</a></li> }
                    }).collect_view()}
                </ul>
            </div>
        })}
        {none_left.then(|| view! { <p class="mt-4 max-w-prose" data-testid="no-more-questions">{t!(i18n, wizard_no_more)}</p> })}
        <ActionForm action=save attr:class="mt-4 space-y-6" attr:aria-labelledby="step-heading">
            // Enter in a field presses the form's first submit button: make it "next", not
            // "back" or a list's "remove".
            <button type="submit" name="go" value="next" class="sr-only" tabindex="-1" aria-hidden="true">
                {t!(i18n, wizard_next)}
            </button>
            <input type="hidden" name="session" value=page.session.clone() />
            <input type="hidden" name="step" value=page.step.slug.clone() />
            {page.focus.clone().map(|f| view! { <input type="hidden" name="focus" value=f /> })}
            {questions.into_iter().map(|q| view! { <Question q /> }).collect_view()}
            <div class="flex flex-wrap gap-3">
                {(!first).then(|| view! {
                    <button type="submit" name="go" value="back" class="rounded-md border border-blue-800 px-4 py-2 font-medium text-blue-800 hover:bg-blue-50">
                        {t!(i18n, wizard_back)}
                    </button>
                })}
                {(!none_left).then(|| view! {
                    <button type="submit" name="go" value="next" class="rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900">
                        {t!(i18n, wizard_next)}
                    </button>
                })}
                {(slug == "next").then(|| view! {
                    <button type="submit" name="go" value="results" class="rounded-md border border-blue-800 px-4 py-2 font-medium text-blue-800 hover:bg-blue-50">
                        {t!(i18n, wizard_skip_to_results)}
                    </button>
                })}
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
        .map(|s| (s.slug.clone(), screen_title(i18n, &s.slug, &s.title)))
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
            let sec_title = screen_title(i18n, &sec.step.slug, &sec.step.title);
            view! {
                <section class="mt-4 rounded border border-slate-200 bg-white p-4" aria-labelledby=labelled_by>
                    <div class="flex items-center justify-between gap-4">
                        <h3 id=heading_id class="font-semibold">{sec_title.clone()}</h3>
                        <a class="text-blue-800 underline" href=href aria-label=format!("{} {}", t_string!(i18n, review_change), sec_title)>{t!(i18n, review_change)}</a>
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
