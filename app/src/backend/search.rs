//! Catalog search: filters, free text, sorting and pages over the published measures.
use std::collections::BTreeMap;

use crate::policy::labels::Labelled;
use crate::policy::lifecycle::{LifeDates, Lifecycle};
use crate::policy::Date;
use crate::policy::{Beneficiary, Catalog, Category, Region, SupportType};
use crate::wire::catalog::{FacetCount, Facets, MeasureList, MeasureQuery, MeasureSummary};
use crate::wire::errors::FieldError;

/// Measures per page.
pub const PAGE_SIZE: u32 = 20;

/// A measure prepared for searching: its summary and lower-cased text fields.
#[derive(Clone, Debug)]
pub struct IndexedMeasure {
    /// What a list shows.
    pub summary: MeasureSummary,
    title: String,
    text: String,
    conditions: String,
    quote: String,
    /// Beneficiary types it accepts (main and `also_for`).
    beneficiaries: Vec<String>,
    /// The dates its lifecycle state is derived from on the day of each search.
    dates: LifeDates,
}

/// The published catalog prepared for search.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    /// Measures in catalog order.
    pub measures: Vec<IndexedMeasure>,
    /// Document slugs and titles.
    pub documents: Vec<(String, String)>,
}

impl SearchIndex {
    /// Builds the index.
    pub fn build(catalog: &Catalog) -> SearchIndex {
        let measures = catalog
            .measures
            .iter()
            .map(|m| IndexedMeasure {
                summary: super::views::summary(catalog, m),
                title: m.title.to_lowercase(),
                text: format!("{} {}", m.summary, m.formula.describe(&catalog.vocabulary))
                    .to_lowercase(),
                conditions: m.condition.describe(&catalog.vocabulary).to_lowercase(),
                quote: format!(
                    "{} {}",
                    m.citation.quote,
                    m.interpretation.as_deref().unwrap_or("")
                )
                .to_lowercase(),
                beneficiaries: std::iter::once(m.beneficiary)
                    .chain(m.also_for.iter().copied())
                    .map(|b| b.slug().to_string())
                    .collect(),
                dates: LifeDates::of(m),
            })
            .collect();
        let documents = catalog
            .documents
            .iter()
            .map(|d| (d.slug.clone(), d.title.clone()))
            .collect();
        SearchIndex {
            measures,
            documents,
        }
    }
}

fn clean(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Checks a query: unknown filter values are errors naming the field.
pub fn normalise(
    query: &MeasureQuery,
    index: &SearchIndex,
) -> Result<MeasureQuery, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut check =
        |field: &str, value: &Option<String>, ok: &dyn Fn(&str) -> bool, hint: String| {
            // A filter is one of its listed values exactly, or empty for "any" (as the OpenAPI
            // document says): "\r" or " ip" is refused, not read as "any" or "ip".
            let v = value.clone().filter(|v| !v.is_empty());
            if let Some(v) = &v {
                if !ok(v) {
                    errors.push(FieldError {
                        field: field.into(),
                        message: format!("\"{v}\" is not a known {field}; use one of: {hint}"),
                    });
                }
            }
            v
        };
    let slugs = |all: Vec<&str>| all.join(", ");
    let category = check(
        "category",
        &query.category,
        &|v| Category::from_slug(v).is_some(),
        slugs(Category::ALL.iter().map(|c| c.slug()).collect()),
    );
    let region = check(
        "region",
        &query.region,
        &|v| Region::from_slug(v).is_some(),
        slugs(Region::ALL.iter().map(|c| c.slug()).collect()),
    );
    let beneficiary = check(
        "beneficiary",
        &query.beneficiary,
        &|v| Beneficiary::from_slug(v).is_some(),
        slugs(Beneficiary::ALL.iter().map(|c| c.slug()).collect()),
    );
    let support = check(
        "support",
        &query.support,
        &|v| SupportType::from_slug(v).is_some(),
        slugs(SupportType::ALL.iter().map(|c| c.slug()).collect()),
    );
    let doc = check(
        "doc",
        &query.doc,
        &|v| index.documents.iter().any(|(s, _)| s == v),
        slugs(index.documents.iter().map(|(s, _)| s.as_str()).collect()),
    );
    let monetary = check(
        "monetary",
        &query.monetary,
        &|v| v == "yes" || v == "no",
        "yes, no".into(),
    );
    let state = check(
        "state",
        &query.state,
        &|v| Lifecycle::from_slug(v).is_some(),
        slugs(Lifecycle::ALL.iter().map(|l| l.slug()).collect()),
    );
    let sort = check(
        "sort",
        &query.sort,
        &|v| matches!(v, "relevance" | "amount" | "newest"),
        "relevance, amount, newest".into(),
    );
    let q = clean(&query.q);
    if q.as_ref().is_some_and(|q| q.chars().count() > 200) {
        errors.push(FieldError {
            field: "q".into(),
            message: "the search text is longer than 200 characters".into(),
        });
    }
    if query.page == Some(0) {
        errors.push(FieldError {
            field: "page".into(),
            message: "pages are numbered from 1".into(),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(MeasureQuery {
        q,
        category,
        region,
        beneficiary,
        support,
        doc,
        monetary,
        state,
        sort,
        page: query.page.filter(|p| *p > 1),
    })
}

fn score(m: &IndexedMeasure, tokens: &[String]) -> Option<u32> {
    let mut total = 0;
    for t in tokens {
        let s = 5 * u32::from(m.title.contains(t.as_str()))
            + 3 * u32::from(m.text.contains(t.as_str()))
            + 2 * u32::from(m.conditions.contains(t.as_str()))
            + u32::from(m.quote.contains(t.as_str()));
        if s == 0 {
            return None;
        }
        total += s;
    }
    Some(total)
}

/// Searches the catalog as it stands on `today` (the lifecycle states are derived for that
/// day); a query with unknown values is refused with one error per field.
pub fn search(
    index: &SearchIndex,
    query: &MeasureQuery,
    today: Date,
) -> Result<MeasureList, Vec<FieldError>> {
    let query = normalise(query, index)?;
    let tokens: Vec<String> = query
        .q
        .as_deref()
        .unwrap_or("")
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    let eq = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
    let mut hits: Vec<(u32, usize, &IndexedMeasure)> = index
        .measures
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            let s = &m.summary;
            eq(&query.category, &s.category)
                && eq(&query.region, &s.region)
                && query
                    .beneficiary
                    .as_deref()
                    .is_none_or(|b| m.beneficiaries.iter().any(|x| x == b))
                && eq(&query.support, &s.support)
                && eq(&query.doc, &s.doc)
                && query
                    .monetary
                    .as_deref()
                    .is_none_or(|w| (w == "yes") == s.monetary)
                && query
                    .state
                    .as_deref()
                    .is_none_or(|w| w == m.dates.state(today).slug())
        })
        .filter_map(|(i, m)| score(m, &tokens).map(|s| (s, i, m)))
        .collect();
    match query.sort.as_deref() {
        Some("amount") => {
            hits.sort_by_key(|(_, i, m)| (std::cmp::Reverse(m.summary.ceiling.unwrap_or(-1)), *i))
        }
        Some("newest") => hits.sort_by(|a, b| {
            b.2.summary
                .effective_from
                .cmp(&a.2.summary.effective_from)
                .then(a.1.cmp(&b.1))
        }),
        _ => hits.sort_by_key(|(s, i, _)| (std::cmp::Reverse(*s), *i)),
    }
    let facets = facets(hits.iter().map(|(_, _, m)| *m), index, today);
    let total = hits.len() as u32;
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = query.page.unwrap_or(1).min(pages);
    let measures = hits
        .iter()
        .skip(((page - 1) * PAGE_SIZE) as usize)
        .take(PAGE_SIZE as usize)
        .map(|(_, _, m)| {
            let mut summary = m.summary.clone();
            summary.state = m.dates.state(today).slug().into();
            summary
        })
        .collect();
    Ok(MeasureList {
        total,
        page,
        pages,
        page_size: PAGE_SIZE,
        measures,
        facets,
        query,
    })
}

fn facets<'a>(
    hits: impl Iterator<Item = &'a IndexedMeasure>,
    index: &SearchIndex,
    today: Date,
) -> Facets {
    let mut counts: [BTreeMap<String, u32>; 6] = Default::default();
    for m in hits {
        let s = &m.summary;
        *counts[0].entry(s.category.clone()).or_default() += 1;
        *counts[1].entry(s.region.clone()).or_default() += 1;
        for b in &m.beneficiaries {
            *counts[2].entry(b.clone()).or_default() += 1;
        }
        *counts[3].entry(s.support.clone()).or_default() += 1;
        *counts[4].entry(s.doc.clone()).or_default() += 1;
        *counts[5]
            .entry(m.dates.state(today).slug().to_string())
            .or_default() += 1;
    }
    fn list<T: Labelled>(counts: &BTreeMap<String, u32>) -> Vec<FacetCount> {
        T::ALL
            .iter()
            .map(|v| FacetCount {
                value: v.slug().into(),
                label: v.name().into(),
                count: counts.get(v.slug()).copied().unwrap_or(0),
            })
            .collect()
    }
    Facets {
        category: list::<Category>(&counts[0]),
        region: list::<Region>(&counts[1]),
        beneficiary: list::<Beneficiary>(&counts[2]),
        support: list::<SupportType>(&counts[3]),
        doc: index
            .documents
            .iter()
            .map(|(slug, title)| FacetCount {
                value: slug.clone(),
                label: title.clone(),
                count: counts[4].get(slug).copied().unwrap_or(0),
            })
            .collect(),
        state: Lifecycle::ALL
            .iter()
            .map(|l| FacetCount {
                value: l.slug().into(),
                label: l.label().into(),
                count: counts[5].get(l.slug()).copied().unwrap_or(0),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::seed;

    fn search_today(
        index: &SearchIndex,
        query: &MeasureQuery,
    ) -> Result<MeasureList, Vec<FieldError>> {
        search(index, query, Date::parse("2026-12-07").expect("date"))
    }

    fn index() -> SearchIndex {
        SearchIndex::build(&seed::load().expect("catalog"))
    }

    fn q(f: impl FnOnce(&mut MeasureQuery)) -> MeasureQuery {
        let mut q = MeasureQuery::default();
        f(&mut q);
        q
    }

    #[test]
    fn filters_by_category_only() {
        let idx = index();
        for cat in ["talent", "finance", "ip", "platforms"] {
            let r = search_today(&idx, &q(|q| q.category = Some(cat.into()))).expect("ok");
            assert!(r.total > 0, "{cat} has measures");
            assert!(r.measures.iter().all(|m| m.category == cat));
        }
    }

    #[test]
    fn finds_the_litigation_subsidy_first() {
        let r = search_today(&index(), &q(|q| q.q = Some("litigation".into()))).expect("ok");
        assert_eq!(r.measures[0].id, "nwf-2020-1.ip-litigation-subsidy");
    }

    #[test]
    fn sorts_pages_and_rejects_unknown_values() {
        let idx = index();
        let r = search_today(&idx, &q(|q| q.sort = Some("amount".into()))).expect("ok");
        let ceilings: Vec<i64> = r.measures.iter().map(|m| m.ceiling.unwrap_or(-1)).collect();
        assert!(ceilings.windows(2).all(|w| w[0] >= w[1]));
        assert_eq!(r.measures.len() as u32, PAGE_SIZE.min(r.total));
        let last = search_today(&idx, &q(|q| q.page = Some(10_000))).expect("ok");
        assert_eq!(last.page, last.pages);
        let err = search_today(&idx, &q(|q| q.category = Some("cheese".into()))).unwrap_err();
        assert_eq!(err[0].field, "category");
        let err = search_today(&idx, &q(|q| q.page = Some(0))).unwrap_err();
        assert_eq!(err[0].field, "page");
    }

    #[test]
    fn the_state_filter_follows_the_day_asked() {
        let idx = index();
        let with_expiry: Vec<&IndexedMeasure> = idx
            .measures
            .iter()
            .filter(|m| m.dates.expires_on.is_some())
            .collect();
        assert!(!with_expiry.is_empty(), "the seeds state some expiry dates");
        let end = with_expiry[0].dates.expires_on.expect("expiry");
        let state = |day: Date, slug: &str| {
            search(&idx, &q(|q| q.state = Some(slug.into())), day).expect("ok")
        };
        // On the measure's last day it is closing soon, the day after it is expired: no one
        // changed anything in between.
        let closing = state(end, "closing_soon");
        assert!(closing
            .measures
            .iter()
            .any(|m| m.id == with_expiry[0].summary.id));
        assert!(closing.measures.iter().all(|m| m.state == "closing_soon"));
        let expired = state(end.add_days(1), "expired");
        assert!(expired
            .measures
            .iter()
            .any(|m| m.id == with_expiry[0].summary.id));
        let facet = expired.facets.state.iter().find(|f| f.value == "expired");
        assert_eq!(facet.map(|f| f.count), Some(expired.total));
        let err = search_today(&idx, &q(|q| q.state = Some("closed".into()))).unwrap_err();
        assert_eq!(err[0].field, "state");
    }
}
