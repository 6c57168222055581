//! A policy measure: who it is for, what it requires, what it gives, and where the text says so.
use serde::{Deserialize, Serialize};

use super::condition::Condition;
use super::date::Date;
use super::fact::Facts;
use super::formula::Formula;
use super::money::Yuan;

/// Catalog categories, in the order the portal lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Talent programmes, housing, awards to people.
    Talent,
    /// Funds, loans, guarantees, listing, venture capital.
    Finance,
    /// Patents, standards, IP protection.
    Ip,
    /// R&D platforms, institutes, labs, centres.
    Platforms,
    /// Growth of technology enterprises (high-tech, gazelles, unicorns).
    EnterpriseGrowth,
    /// Industrial projects, landmarks, innovation products.
    IndustrialProjects,
    /// Incubators, parks, space and rent.
    SpaceAndCarriers,
    /// International cooperation and openness.
    International,
    /// Technology transfer and professional services.
    TechTransfer,
}

impl Category {
    /// All categories in display order.
    pub const ALL: [Category; 9] = [
        Category::Talent,
        Category::Finance,
        Category::Ip,
        Category::Platforms,
        Category::EnterpriseGrowth,
        Category::IndustrialProjects,
        Category::SpaceAndCarriers,
        Category::International,
        Category::TechTransfer,
    ];

    /// URL slug.
    pub fn slug(self) -> &'static str {
        match self {
            Category::Talent => "talent",
            Category::Finance => "finance",
            Category::Ip => "ip",
            Category::Platforms => "platforms",
            Category::EnterpriseGrowth => "enterprise_growth",
            Category::IndustrialProjects => "industrial_projects",
            Category::SpaceAndCarriers => "space_and_carriers",
            Category::International => "international",
            Category::TechTransfer => "tech_transfer",
        }
    }

    /// English name.
    pub fn name(self) -> &'static str {
        match self {
            Category::Talent => "Talent",
            Category::Finance => "Finance",
            Category::Ip => "Intellectual property",
            Category::Platforms => "Platforms",
            Category::EnterpriseGrowth => "Enterprise growth",
            Category::IndustrialProjects => "Industrial projects",
            Category::SpaceAndCarriers => "Space and carriers",
            Category::International => "International cooperation",
            Category::TechTransfer => "Technology transfer and services",
        }
    }
}

/// Who receives the benefit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Beneficiary {
    /// A company.
    Enterprise,
    /// A person (talent, founder, researcher).
    Individual,
    /// A team (entrepreneurial or innovation team).
    Team,
    /// An incubator, accelerator, park or other carrier.
    Carrier,
    /// A venture capital or angel investor, fund or financial institution.
    Investor,
    /// A university, research institute or new R&D institution.
    Institution,
    /// A service provider (technology transfer, brokers, hospitals, agencies).
    ServiceProvider,
}

/// What form the support takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportType {
    /// A one-off or recurring cash award.
    CashAward,
    /// A subsidy towards costs.
    Subsidy,
    /// Rent-free or reduced-rent space.
    RentWaiver,
    /// A refund of taxes or fees.
    TaxRefund,
    /// Tax relief other than a refund: a lower assessed rate, a deferral, a deduction.
    TaxRelief,
    /// A loan, guarantee, interest discount or risk compensation.
    LoanOrGuarantee,
    /// Equity investment by a government fund.
    EquityInvestment,
    /// A service, priority or facilitation.
    Service,
}

/// Where the measure applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    /// Nanjing, city-wide.
    Nanjing,
    /// Nanjing's Special Zones for talent-led entrepreneurship (2014 programme).
    NanjingSpecialZones,
    /// Jiangbei New Area, Nanjing.
    JiangbeiNewArea,
    /// Jing'an District, Shanghai.
    Jingan,
}

/// How often the benefit is paid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Once.
    OneOff,
    /// Each year.
    Annual,
    /// Each month.
    Monthly,
    /// Each case (per dispute, per project).
    PerCase,
    /// The text does not say.
    #[default]
    Unstated,
}

/// Life-cycle state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Being written; not shown to the public.
    Draft,
    /// In the public catalog.
    #[default]
    Published,
    /// Withdrawn.
    Archived,
}

/// The source of a measure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// Document slug from the seeds README, e.g. `nwf-2019-1`.
    pub doc: String,
    /// Item or article as printed, e.g. `1` or `Program 2, item 3`.
    pub item: String,
    /// A short verbatim quote of the figure-bearing passage.
    pub quote: String,
}

impl Citation {
    /// "nwf-2019-1, item 1"; items printed with their own words ("Program 2 ..., item 3",
    /// "IV.1(3)") are not prefixed again.
    pub fn short(&self) -> String {
        self.display_short().to_string()
    }

    /// [`Citation::short`] without building a string, for writing into a longer text.
    pub fn display_short(&self) -> ShortCitation<'_> {
        ShortCitation(self)
    }
}

/// A citation displayed as "nwf-2019-1, item 1" (see [`Citation::short`]).
#[derive(Clone, Copy, Debug)]
pub struct ShortCitation<'a>(&'a Citation);

impl std::fmt::Display for ShortCitation<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = self.0;
        if c.item.starts_with(|c: char| c.is_ascii_digit()) {
            write!(f, "{}, item {}", c.doc, c.item)
        } else {
            write!(f, "{}, {}", c.doc, c.item)
        }
    }
}

/// What a worked example expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expectation {
    /// The measure applies.
    Eligible,
    /// The measure does not apply.
    NotEligible,
    /// More answers are needed.
    NeedsInfo,
}

/// A worked example taken from the text: facts in, outcome and amount out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// What the example shows.
    pub name: String,
    /// The applicant's answers.
    #[serde(default)]
    pub facts: Facts,
    /// Expected outcome.
    pub expect: Expectation,
    /// Expected exact amount (money benefits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Yuan>,
    /// Expected lower end of a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<Yuan>,
    /// Expected upper end of a range (or "up to").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<Yuan>,
    /// Expected amount per month (monthly benefits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_month: Option<Yuan>,
    /// Date of the assessment, if it matters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<super::date::Date>,
}

/// A policy measure as data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Stable id: `<doc slug>.<short-name>`.
    pub id: String,
    /// Title as a person would search for it.
    pub title: String,
    /// Summary in plain words.
    pub summary: String,
    /// Category.
    pub category: Category,
    /// Who receives it.
    pub beneficiary: Beneficiary,
    /// Further applicant types the text names for the same benefit ("enterprises and new R&D
    /// institutions").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_for: Vec<Beneficiary>,
    /// Form of support.
    pub support: SupportType,
    /// Where it applies.
    pub region: Region,
    /// Source.
    pub citation: Citation,
    /// Eligibility condition (empty = open to every applicant of the beneficiary type).
    #[serde(default)]
    pub condition: Condition,
    /// Benefit formula.
    pub formula: Formula,
    /// How often it is paid.
    #[serde(default)]
    pub frequency: Frequency,
    /// First day in force.
    pub effective_from: Date,
    /// Last day in force, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<Date>,
    /// Whether the text states the validity period; when false, users are told so.
    #[serde(default)]
    pub validity_stated: bool,
    /// Life-cycle state.
    #[serde(default)]
    pub status: Status,
    /// Published version number (1 for the seeded text).
    #[serde(default = "one")]
    pub version: u32,
    /// A measure without a figure, listed for information only.
    #[serde(default)]
    pub information_only: bool,
    /// How an ambiguous passage was read; shown to users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpretation: Option<String>,
    /// Worked examples from the text.
    #[serde(default)]
    pub examples: Vec<Example>,
    /// The materials an application must include, when the text or the department's practice
    /// names them; empty: the general list (see [`Measure::required_materials`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<String>,
    /// A later document or measure that replaces this one, and from which day (set by staff).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded: Option<Supersession>,
    /// The day staff announced the measure's budget exhausted, if they did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_exhausted_on: Option<Date>,
}

/// A later text that replaces a measure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Supersession {
    /// The replacing measure's id or document's slug.
    pub by: String,
    /// The first day the replacement applies (the measure is no longer in force from it).
    pub on: Date,
}

fn one() -> u32 {
    1
}

impl Measure {
    /// A blank draft from the document `doc`, in force from `effective_from`: no texts yet, open
    /// to every applicant, paying a fixed zero. What the editor's "new measure" form starts from.
    pub fn blank(doc: &str, effective_from: Date) -> Measure {
        Measure {
            id: format!("{doc}."),
            title: String::new(),
            summary: String::new(),
            category: Category::EnterpriseGrowth,
            beneficiary: Beneficiary::Enterprise,
            also_for: Vec::new(),
            support: SupportType::CashAward,
            region: Region::Nanjing,
            citation: Citation {
                doc: doc.to_string(),
                item: String::new(),
                quote: String::new(),
            },
            condition: Condition::default(),
            formula: Formula::Fixed { amount: 0 },
            frequency: Frequency::default(),
            effective_from,
            expires_on: None,
            validity_stated: false,
            status: Status::Draft,
            version: 1,
            information_only: false,
            interpretation: None,
            examples: Vec::new(),
            materials: Vec::new(),
            superseded: None,
            budget_exhausted_on: None,
        }
    }

    /// Whether the measure is in force on `day`: on or after its first day, not after its
    /// last, and not replaced by a later text by then.
    pub fn in_force_on(&self, day: Date) -> bool {
        day >= self.effective_from
            && self.expires_on.is_none_or(|end| day <= end)
            && self.superseded.as_ref().is_none_or(|s| day < s.on)
    }
}

pub use super::measure_id::{id_problem, MAX_ID_LEN};
