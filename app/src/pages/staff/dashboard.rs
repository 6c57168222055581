//! `/staff`, the staff home: a dashboard of what needs doing (drafts waiting for a publisher,
//! scheduled versions, measures closing soon, award reports not yet reviewed) and how the
//! catalog is used (charts drawn as SVG, each with the same figures as a table), then the
//! links of the member's role.
use leptos::prelude::*;

use crate::api::dashboard::staff_dashboard;
use crate::components::loading::Loaded;
use crate::components::staff::StaffPage;
use crate::i18n::{t, t_string, use_i18n};
use crate::wire::dashboard::{Count, Dashboard};
use crate::wire::staff::{Access, Role, StaffUser};

const LINK: &str = "text-blue-800 underline";
const TABLE: &str = "mt-2 w-full border-collapse text-left text-sm";
const TH: &str = "border-b border-slate-400 py-2 pr-3";
const TD: &str = "py-1 pr-3 align-top";

/// The staff home.
#[component]
pub fn StaffHomePage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| staff_dashboard());
    view! {
        <StaffPage title={move || t_string!(i18n, dash_title).to_string()} needed=Access::Member view={move |user: StaffUser| {
            let links = user.clone();
            view! {
                <h1 class="text-2xl font-bold">{t!(i18n, dash_title)}</h1>
                <Loaded resource=data error_class="mt-4 text-red-900" view={move |d: Dashboard| view! { <Overview d user=user.clone() /> }} />
                <QuickLinks user=links />
            }
        }} />
    }
}

#[component]
fn Overview(d: Dashboard, user: StaffUser) -> impl IntoView {
    let i18n = use_i18n();
    let editor = user.role.allows(Role::Editor);
    let Dashboard {
        today,
        drafts,
        scheduled,
        closing_soon,
        unreviewed_reports,
        by_state,
        by_category,
        per_week,
        most_assessed,
    } = d;
    let states: Vec<Count> = by_state
        .into_iter()
        .map(|c| Count {
            label: state_name(&c.key, i18n),
            ..c
        })
        .collect();
    let weeks: Vec<Count> = per_week
        .into_iter()
        .map(|c| Count {
            label: c.key.get(5..).unwrap_or_default().to_string(),
            ..c
        })
        .collect();
    let titled: Vec<Count> = most_assessed
        .into_iter()
        .map(|c| Count {
            label: if c.label.is_empty() {
                c.key.clone()
            } else {
                c.label.clone()
            },
            ..c
        })
        .collect();
    view! {
        <p class="mt-1 text-slate-700" data-testid="dash-today">{t!(i18n, dash_today, day = move || today.clone())}</p>
        <div class="mt-4 grid gap-6 lg:grid-cols-2">
            {editor.then(|| view! {
                <section aria-labelledby="dash-drafts" data-testid="dash-drafts">
                    <h2 id="dash-drafts" class="text-xl font-semibold">{t!(i18n, dash_drafts)}</h2>
                    {if drafts.is_empty() {
                        view! { <p class="mt-2 text-slate-700">{t!(i18n, dash_none)}</p> }.into_any()
                    } else {
                        view! {
                            <table class=TABLE>
                                <thead><tr>
                                    <th scope="col" class=TH>{t!(i18n, dash_col_measure)}</th>
                                    <th scope="col" class=TH>{t!(i18n, dash_col_by)}</th>
                                    <th scope="col" class=TH>{t!(i18n, dash_col_saved)}</th>
                                </tr></thead>
                                <tbody>
                                    {drafts.into_iter().map(|r| view! {
                                        <tr data-testid="dash-draft" data-kind=r.kind.clone() data-measure=r.id.clone()>
                                            <td class=TD>
                                                <a class=LINK href=draft_link(&r.kind, &r.id)>{if r.title.is_empty() { r.id.clone() } else { r.title.clone() }}</a>
                                                <span class="block text-xs text-slate-700">{kind_name(&r.kind, i18n)}</span>
                                                {r.removes.then(|| view! { <span class="text-xs font-medium text-red-900">{t!(i18n, ref_state_removal)}</span> })}
                                                <span class="block font-mono text-xs text-slate-700">{r.id.clone()}</span>
                                                {r.is_new.then(|| view! { <span class="text-xs font-medium text-violet-900">{t!(i18n, dash_new_measure)}</span> })}
                                            </td>
                                            <td class=TD>{r.by.clone()}</td>
                                            <td class=TD>{r.updated_at.chars().take(10).collect::<String>()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                </section>
                <section aria-labelledby="dash-scheduled" data-testid="dash-scheduled">
                    <h2 id="dash-scheduled" class="text-xl font-semibold">{t!(i18n, dash_scheduled)}</h2>
                    {if scheduled.is_empty() {
                        view! { <p class="mt-2 text-slate-700">{t!(i18n, dash_none)}</p> }.into_any()
                    } else {
                        view! {
                            <table class=TABLE>
                                <thead><tr>
                                    <th scope="col" class=TH>{t!(i18n, dash_col_measure)}</th>
                                    <th scope="col" class=TH>{t!(i18n, dash_col_version)}</th>
                                    <th scope="col" class=TH>{t!(i18n, dash_col_from)}</th>
                                    <th scope="col" class=TH>{t!(i18n, dash_col_by)}</th>
                                </tr></thead>
                                <tbody>
                                    {scheduled.into_iter().map(|r| view! {
                                        <tr data-testid="dash-scheduled-row" data-measure=r.id.clone()>
                                            <td class=TD>
                                                <a class=LINK href=format!("/staff/measures/{}/edit", r.id)>{r.title.clone()}</a>
                                                <span class="block font-mono text-xs text-slate-700">{r.id.clone()}</span>
                                                {r.archives.then(|| view! { <span class="text-xs font-medium text-red-900">{t!(i18n, dash_archives)}</span> })}
                                            </td>
                                            <td class=TD>{r.version}</td>
                                            <td class=TD>{r.effective_from.clone()}</td>
                                            <td class=TD>{r.published_by.clone()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                </section>
            })}
            <section aria-labelledby="dash-closing" data-testid="dash-closing">
                <h2 id="dash-closing" class="text-xl font-semibold">{t!(i18n, dash_closing)}</h2>
                {if closing_soon.is_empty() {
                    view! { <p class="mt-2 text-slate-700">{t!(i18n, dash_none)}</p> }.into_any()
                } else {
                    view! {
                        <table class=TABLE>
                            <thead><tr>
                                <th scope="col" class=TH>{t!(i18n, dash_col_measure)}</th>
                                <th scope="col" class=TH>{t!(i18n, dash_col_last_day)}</th>
                                <th scope="col" class=TH>{t!(i18n, dash_col_days_left)}</th>
                            </tr></thead>
                            <tbody>
                                {closing_soon.into_iter().map(|r| view! {
                                    <tr data-testid="dash-closing-row" data-measure=r.id.clone()>
                                        <td class=TD><a class=LINK href=format!("/measures/{}", r.id)>{r.title.clone()}</a></td>
                                        <td class=TD>{r.expires_on.clone()}</td>
                                        <td class=TD>{r.days_left}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            </section>
            {unreviewed_reports.map(|rows| view! {
                <section aria-labelledby="dash-reports" data-testid="dash-reports">
                    <h2 id="dash-reports" class="text-xl font-semibold">{t!(i18n, dash_reports)}</h2>
                    {if rows.is_empty() {
                        view! { <p class="mt-2 text-slate-700">{t!(i18n, dash_none)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="mt-2 space-y-1">
                                {rows.into_iter().map(|c| view! {
                                    <li data-testid="dash-report" data-measure=c.key.clone()>
                                        <a class=LINK href=format!("/staff/award-reports?measure={}", c.key)>{if c.label.is_empty() { c.key.clone() } else { c.label.clone() }}</a>
                                        ": "{t!(i18n, dash_reports_count, count = move || c.count)}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            })}
        </div>
        <h2 class="mt-8 text-xl font-semibold">{t!(i18n, dash_charts)}</h2>
        <div class="mt-2 grid gap-6 lg:grid-cols-2">
            <BarChart id="chart-state" title=t_string!(i18n, dash_chart_state).to_string() column=t_string!(i18n, dash_col_state).to_string() rows=states />
            <BarChart id="chart-category" title=t_string!(i18n, dash_chart_category).to_string() column=t_string!(i18n, dash_col_category).to_string() rows=by_category />
            <BarChart id="chart-weeks" title=t_string!(i18n, dash_chart_weeks).to_string() column=t_string!(i18n, dash_col_week).to_string() rows=weeks />
            <BarChart id="chart-most" title=t_string!(i18n, dash_chart_most).to_string() column=t_string!(i18n, dash_col_measure).to_string() rows=titled />
        </div>
    }
}

/// Where a draft is edited.
fn draft_link(kind: &str, id: &str) -> String {
    match kind {
        "fact" => format!("/staff/reference/facts/{id}/edit"),
        "rule" => format!("/staff/reference/rules/{id}/edit"),
        "document" => format!("/staff/reference/documents/{id}/edit"),
        _ => format!("/staff/measures/{id}/edit"),
    }
}

/// What kind of entry a draft is, in the reader's language.
fn kind_name(kind: &str, i18n: leptos_i18n::I18nContext<crate::i18n::Locale>) -> String {
    match kind {
        "fact" => t_string!(i18n, ref_facts).to_string(),
        "rule" => t_string!(i18n, ref_rules).to_string(),
        "document" => t_string!(i18n, ref_documents).to_string(),
        _ => t_string!(i18n, dash_col_measure).to_string(),
    }
}

/// A state's name in the reader's language.
fn state_name(slug: &str, i18n: leptos_i18n::I18nContext<crate::i18n::Locale>) -> String {
    match slug {
        "announced" => t_string!(i18n, state_announced).to_string(),
        "open" => t_string!(i18n, state_open).to_string(),
        "closing_soon" => t_string!(i18n, state_closing_soon).to_string(),
        "expired" => t_string!(i18n, state_expired).to_string(),
        "superseded" => t_string!(i18n, state_superseded).to_string(),
        "budget_exhausted" => t_string!(i18n, state_budget_exhausted).to_string(),
        other => other.to_string(),
    }
}

/// Bar length in SVG units for the largest count.
const BAR_WIDTH: u64 = 260;
/// Height of a row.
const ROW: u64 = 24;

/// A horizontal bar chart as SVG (an image named by its title, described by its figures), with
/// the same figures as a table for screen readers and for reading exact values.
#[component]
fn BarChart(
    /// Element id (the title's and the table's ids derive from it).
    id: &'static str,
    /// The chart's title.
    title: String,
    /// The table's first column heading.
    column: String,
    /// One bar per row, in order.
    rows: Vec<Count>,
) -> impl IntoView {
    let i18n = use_i18n();
    let max = rows.iter().map(|r| r.count).max().unwrap_or(0).max(1);
    let height = ROW * rows.len() as u64 + 8;
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let described = format!("{title_id} {desc_id}");
    let desc = rows
        .iter()
        .map(|r| format!("{}: {}", r.label, r.count))
        .collect::<Vec<_>>()
        .join("; ");
    let short = |s: &str| {
        let mut t: String = s.chars().take(16).collect();
        if s.chars().count() > 16 {
            t.push('…');
        }
        t
    };
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let y = ROW * i as u64 + 4;
            let w = if r.count == 0 {
                0
            } else {
                (r.count * BAR_WIDTH / max).max(2)
            };
            view! {
                <g>
                    <text x="0" y=y + 16 font-size="12" fill="#0f172a">{short(&r.label)}</text>
                    <rect x="140" y=y + 3 width=w height="16" fill="#1e40af"></rect>
                    <text x=145 + w y=y + 16 font-size="12" fill="#0f172a">{r.count}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="rounded border border-slate-300 bg-white p-3" data-testid=id>
            <figcaption id=title_id.clone() class="font-semibold">{title.clone()}</figcaption>
            <svg role="img" aria-labelledby=described viewBox=format!("0 0 460 {height}") width="100%" height=height class="mt-2">
                <title>{title.clone()}</title>
                <desc id=desc_id>{desc}</desc>
                {bars}
            </svg>
            <details class="mt-2">
                <summary class="cursor-pointer text-blue-800">{t!(i18n, dash_as_table)}</summary>
                <table class=TABLE data-testid=format!("{id}-table")>
                    <caption class="sr-only">{title}</caption>
                    <thead><tr>
                        <th scope="col" class=TH>{column}</th>
                        <th scope="col" class=TH>{t!(i18n, dash_col_count)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr data-key=r.key.clone()><td class=TD>{r.label.clone()}</td><td class=TD>{r.count}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}

/// What each role can do, with links.
#[component]
fn QuickLinks(user: StaffUser) -> impl IntoView {
    let i18n = use_i18n();
    let publisher = user.role.allows(Role::Publisher);
    let catalog = user.role.allows(Role::Editor);
    view! {
        <nav aria-labelledby="dash-links" class="mt-8">
            <h2 id="dash-links" class="text-xl font-semibold">{t!(i18n, dash_links)}</h2>
            <ul class="mt-2 list-disc space-y-2 pl-6">
                {catalog.then(|| view! {
                    <li><a class=LINK href="/staff/measures">{t!(i18n, dash_link_measures)}</a>
                        {if publisher { t!(i18n, dash_link_measures_publisher).into_any() } else { t!(i18n, dash_link_measures_editor).into_any() }}</li>
                    <li><a class=LINK href="/staff/measures/new">{t!(i18n, dash_link_new)}</a></li>
                    <li><a class=LINK href="/staff/reference/facts">{t!(i18n, ref_facts)}</a>" · "<a class=LINK href="/staff/reference/rules">{t!(i18n, ref_rules)}</a>" · "<a class=LINK href="/staff/reference/documents">{t!(i18n, ref_documents)}</a></li>
                    <li><a class=LINK href="/staff/updates">{t!(i18n, dash_link_updates)}</a></li>
                    <li><a class=LINK href="/staff/catalog">{t!(i18n, dash_link_catalog)}</a>{t!(i18n, dash_link_catalog_what)}</li>
                })}
                {user.role.allows(Role::Reviewer).then(|| view! {
                    <li><a class=LINK href="/staff/applications">{t!(i18n, dash_link_applications)}</a>{t!(i18n, dash_link_applications_what)}</li>
                    <li><a class=LINK href="/staff/service-times">{t!(i18n, dash_link_service)}</a>{t!(i18n, dash_link_service_what)}</li>
                    <li><a class=LINK href="/staff/award-reports">{t!(i18n, dash_link_reports)}</a>{t!(i18n, dash_link_reports_what)}</li>
                })}
                {user.role.allows(Role::Admin).then(|| view! { <li><a class=LINK href="/staff/audit">{t!(i18n, dash_link_audit)}</a></li> })}
                <li><a class=LINK href="/staff/account">{t!(i18n, dash_link_account)}</a>{t!(i18n, dash_link_account_what)}</li>
            </ul>
        </nav>
    }
}
