//! Browsing the catalog: the query a person makes, the lists and pages they get back, and the
//! server functions that answer them.
use serde::{Deserialize, Serialize};

/// Filters, search and sorting of the catalog, as they appear in the URL query.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct MeasureQuery {
    /// Free text searched in titles, summaries, conditions and quotes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Category slug (talent, finance, ip, platforms, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Region slug (nanjing, nanjing_special_zones, jiangbei_new_area, jingan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Beneficiary type slug (enterprise, individual, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beneficiary: Option<String>,
    /// Support type slug (cash_award, subsidy, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support: Option<String>,
    /// Source document slug.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// "yes" for measures with a money figure, "no" for the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monetary: Option<String>,
    /// Lifecycle state today: announced, open, closing_soon, expired, superseded,
    /// budget_exhausted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// relevance (default), amount (largest first) or newest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// Page number, from 1 (a page past the last shows the last).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ssr", param(minimum = 1, maximum = 2147483647))]
    #[cfg_attr(feature = "ssr", schema(minimum = 1, maximum = 2147483647))]
    pub page: Option<u32>,
}

impl MeasureQuery {
    /// The query as a URL query string (without `?`): values trimmed, empty ones and page 1
    /// left out, spaces as `+`.
    pub fn to_query_string(&self) -> String {
        let given = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let shown = MeasureQuery {
            q: given(&self.q),
            category: given(&self.category),
            region: given(&self.region),
            beneficiary: given(&self.beneficiary),
            support: given(&self.support),
            doc: given(&self.doc),
            monetary: given(&self.monetary),
            state: given(&self.state),
            sort: given(&self.sort),
            page: self.page.filter(|p| *p > 1),
        };
        // Flat strings and a number always serialise; an error would mean a nested field.
        serde_urlencoded::to_string(&shown).unwrap_or_default()
    }
}

/// Percent-encodes a query value (`application/x-www-form-urlencoded`, spaces as `+`), as
/// `serde_urlencoded` encodes the values of [`MeasureQuery::to_query_string`].
pub fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// One value of a filter with the number of measures it would show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FacetCount {
    /// Slug used in the query.
    pub value: String,
    /// English name.
    pub label: String,
    /// Measures in the current result with this value.
    pub count: u32,
}

/// The filter options with counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Facets {
    /// Categories.
    pub category: Vec<FacetCount>,
    /// Regions.
    pub region: Vec<FacetCount>,
    /// Beneficiary types.
    pub beneficiary: Vec<FacetCount>,
    /// Support types.
    pub support: Vec<FacetCount>,
    /// Source documents.
    pub doc: Vec<FacetCount>,
    /// Lifecycle states today.
    #[serde(default)]
    pub state: Vec<FacetCount>,
}

/// A measure in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MeasureSummary {
    /// Measure id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Plain-words summary.
    pub summary: String,
    /// Category slug.
    pub category: String,
    /// Category name.
    pub category_label: String,
    /// Region slug.
    pub region: String,
    /// Region name.
    pub region_label: String,
    /// Beneficiary type slug.
    pub beneficiary: String,
    /// Support type slug.
    pub support: String,
    /// Support type name.
    pub support_label: String,
    /// Source document slug.
    pub doc: String,
    /// Item as printed.
    pub item: String,
    /// The citation as shown: "nwf-2020-1, item 17".
    pub citation: String,
    /// The benefit in words ("50% of ..., up to 500,000 yuan").
    pub benefit: String,
    /// Largest amount the measure can yield, in yuan, when bounded.
    pub ceiling: Option<i64>,
    /// Whether the benefit is money.
    pub monetary: bool,
    /// Listed for information; no figure in the text.
    pub information_only: bool,
    /// First day in force.
    pub effective_from: String,
    /// Lifecycle state today (announced, open, closing_soon, expired, superseded,
    /// budget_exhausted), derived from the dates on every request.
    #[serde(default)]
    pub state: String,
    /// Last day in force, if the text states one.
    #[serde(default)]
    pub expires_on: Option<String>,
}

/// A page of search results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MeasureList {
    /// Measures matching the query.
    pub total: u32,
    /// This page, from 1.
    pub page: u32,
    /// Number of pages.
    pub pages: u32,
    /// Measures per page.
    pub page_size: u32,
    /// The measures of this page.
    pub measures: Vec<MeasureSummary>,
    /// Filter options with counts over the matching measures.
    pub facets: Facets,
    /// The query as understood (unknown or empty values removed).
    pub query: MeasureQuery,
}

/// A measure as its card in the catalog list shows it. The catalog page's server function
/// returns these rather than [`MeasureSummary`]: the page's data travels twice (as HTML and as
/// the hydration payload), so what the card does not show stays out of it. The JSON API keeps
/// every field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureCardView {
    /// Measure id (the card's link).
    pub id: String,
    /// Title.
    pub title: String,
    /// Plain-words summary.
    pub summary: String,
    /// Category slug (a data attribute the tests and filters read).
    pub category: String,
    /// Category name.
    pub category_label: String,
    /// Support type name.
    pub support_label: String,
    /// Region name.
    pub region_label: String,
    /// The benefit in words.
    pub benefit: String,
    /// The citation as shown.
    pub citation: String,
    /// Listed for information; no figure in the text.
    pub information_only: bool,
    /// Lifecycle state today (a slug).
    pub state: String,
}

impl From<MeasureSummary> for MeasureCardView {
    fn from(m: MeasureSummary) -> Self {
        MeasureCardView {
            id: m.id,
            title: m.title,
            summary: m.summary,
            category: m.category,
            category_label: m.category_label,
            support_label: m.support_label,
            region_label: m.region_label,
            benefit: m.benefit,
            citation: m.citation,
            information_only: m.information_only,
            state: m.state,
        }
    }
}

/// A page of the catalog as the catalog page shows it: [`MeasureList`] with cards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogPage {
    /// Measures matching the query.
    pub total: u32,
    /// This page, from 1.
    pub page: u32,
    /// Number of pages.
    pub pages: u32,
    /// The cards of this page.
    pub measures: Vec<MeasureCardView>,
    /// Filter options with counts over the matching measures.
    pub facets: Facets,
    /// The query as understood.
    pub query: MeasureQuery,
}

impl From<MeasureList> for CatalogPage {
    fn from(list: MeasureList) -> Self {
        CatalogPage {
            total: list.total,
            page: list.page,
            pages: list.pages,
            measures: list
                .measures
                .into_iter()
                .map(MeasureCardView::from)
                .collect(),
            facets: list.facets,
            query: list.query,
        }
    }
}

/// A labelled figure of a formula ("Rate" = "50%").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Figure {
    /// What it is.
    pub label: String,
    /// The figure.
    pub value: String,
}

/// A worked example shown on a measure page, computed by the engine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WorkedExample {
    /// What the example shows.
    pub name: String,
    /// The answers assumed.
    pub facts: Vec<Figure>,
    /// Outcome in words.
    pub outcome: String,
    /// The steps with citations.
    pub trace: Vec<String>,
}

/// A measure related to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RelatedMeasure {
    /// Measure id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Why it is related.
    pub relation: String,
}

/// Everything shown on a measure page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MeasureDetail {
    /// The list fields.
    pub summary: MeasureSummary,
    /// Who can apply, in words.
    pub who: Vec<String>,
    /// Each condition in plain words.
    pub conditions: Vec<String>,
    /// The formula's figures (rate, base, cap, range, tiers).
    pub figures: Vec<Figure>,
    /// How often it is paid.
    pub frequency: String,
    /// Title of the source document.
    pub doc_title: String,
    /// Verbatim quote.
    pub quote: String,
    /// First day in force.
    pub effective_from: String,
    /// Last day in force, if stated.
    pub expires_on: Option<String>,
    /// The measure or document replacing it, and from when, if staff recorded one.
    #[serde(default)]
    pub superseded_by: Option<String>,
    /// The first day of the replacement.
    #[serde(default)]
    pub superseded_on: Option<String>,
    /// The day its budget was announced exhausted, if it was.
    #[serde(default)]
    pub budget_exhausted_on: Option<String>,
    /// Whether the text states the validity period.
    pub validity_stated: bool,
    /// What the document says about validity.
    pub validity_note: String,
    /// How an ambiguous passage was read.
    pub interpretation: Option<String>,
    /// What an application must include: the measure's own list or the general one.
    pub materials: Vec<String>,
    /// Cross-measure rules that cover this measure, in words with citations.
    pub rules: Vec<String>,
    /// Worked examples computed by the engine.
    pub examples: Vec<WorkedExample>,
    /// Same document, category or exclusive group.
    pub related: Vec<RelatedMeasure>,
    /// Published version number.
    pub version: u32,
}

/// What the home page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeSummary {
    /// Categories with measure counts, talent/finance/IP/platforms first.
    pub categories: Vec<FacetCount>,
    /// Measures in the catalog.
    pub total: u32,
    /// Latest policy updates, newest first.
    pub updates: Vec<UpdateSummary>,
}

/// A policy update (announcement or newly published measure version).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateSummary {
    /// Title.
    pub title: String,
    /// Date published.
    pub date: String,
    /// Link to read more.
    pub href: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(query: &str) -> Vec<(String, String)> {
        serde_urlencoded::from_str(query).expect("decodes")
    }

    #[test]
    fn query_strings_skip_empty_values_and_the_first_page() {
        assert_eq!(MeasureQuery::default().to_query_string(), "");
        let q = MeasureQuery {
            q: Some("  R&D subsidy 50%  ".into()),
            category: Some("talent".into()),
            region: Some("   ".into()),
            doc: Some(String::new()),
            sort: Some("amount".into()),
            page: Some(1),
            ..MeasureQuery::default()
        };
        assert_eq!(
            q.to_query_string(),
            "q=R%26D+subsidy+50%25&category=talent&sort=amount"
        );
        let q = MeasureQuery {
            q: Some("知识产权 a=b?c#d/e".into()),
            page: Some(3),
            ..MeasureQuery::default()
        };
        let s = q.to_query_string();
        assert!(s.ends_with("&page=3"), "{s}");
        assert_eq!(
            decoded(&s),
            [
                ("q".to_string(), "知识产权 a=b?c#d/e".to_string()),
                ("page".to_string(), "3".to_string())
            ]
        );
        // What the catalog page reads back is what was written.
        let back: MeasureQuery = serde_urlencoded::from_str(&s).expect("parses");
        assert_eq!(back, q);
    }

    #[test]
    fn values_are_form_encoded() {
        assert_eq!(encode("a b&c=d/é"), "a+b%26c%3Dd%2F%C3%A9");
        assert_eq!(encode("/staff/catalog?x=1"), "%2Fstaff%2Fcatalog%3Fx%3D1");
        assert_eq!(encode("A-z_0.9*"), "A-z_0.9*");
    }
}
