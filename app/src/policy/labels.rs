//! Machine slugs and English names of the measure enums, for URLs, filters and pages.
use super::measure::{Beneficiary, Frequency, Region, SupportType};

/// An enum with a URL slug and an English name.
pub trait Labelled: Sized + Copy + 'static {
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// The slug used in URLs and catalog files.
    fn slug(self) -> &'static str;
    /// The English name.
    fn name(self) -> &'static str;
    /// The value for a slug.
    fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.slug() == slug)
    }
}

macro_rules! labelled {
    ($t:ty, [$($v:ident => $slug:literal, $name:literal),+ $(,)?]) => {
        impl Labelled for $t {
            const ALL: &'static [Self] = &[$(<$t>::$v),+];
            fn slug(self) -> &'static str {
                match self { $(<$t>::$v => $slug),+ }
            }
            fn name(self) -> &'static str {
                match self { $(<$t>::$v => $name),+ }
            }
        }
    };
}

labelled!(Region, [
    Nanjing => "nanjing", "Nanjing (city-wide)",
    NanjingSpecialZones => "nanjing_special_zones", "Nanjing Special Zones",
    JiangbeiNewArea => "jiangbei_new_area", "Jiangbei New Area",
    Jingan => "jingan", "Jing'an District, Shanghai",
]);

labelled!(Beneficiary, [
    Enterprise => "enterprise", "Enterprises",
    Individual => "individual", "Individual talents and founders",
    Team => "team", "Teams",
    Carrier => "carrier", "Incubators, parks and carriers",
    Investor => "investor", "Investors and financial institutions",
    Institution => "institution", "Universities and research institutions",
    ServiceProvider => "service_provider", "Service providers",
]);

labelled!(SupportType, [
    CashAward => "cash_award", "Cash award",
    Subsidy => "subsidy", "Subsidy",
    RentWaiver => "rent_waiver", "Rent waiver or reduction",
    TaxRefund => "tax_refund", "Tax refund",
    TaxRelief => "tax_relief", "Tax relief",
    LoanOrGuarantee => "loan_or_guarantee", "Loan, guarantee or insurance",
    EquityInvestment => "equity_investment", "Equity investment",
    Service => "service", "Service or priority",
]);

labelled!(Frequency, [
    OneOff => "one_off", "One-off",
    Annual => "annual", "Each year",
    Monthly => "monthly", "Each month",
    PerCase => "per_case", "Per case",
    Unstated => "unstated", "Not stated",
]);

impl Labelled for super::measure::Category {
    const ALL: &'static [Self] = &super::measure::Category::ALL;
    fn slug(self) -> &'static str {
        super::measure::Category::slug(self)
    }
    fn name(self) -> &'static str {
        super::measure::Category::name(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::measure::Category;

    /// Slugs must equal the serde names used in catalog files.
    #[test]
    fn slugs_match_serde_names() {
        fn check<T: Labelled + serde::Serialize>() {
            for v in T::ALL {
                let json = serde_json::to_string(v).expect("serialises");
                assert_eq!(json.trim_matches('"'), v.slug());
                assert_eq!(T::from_slug(v.slug()).map(|x| x.slug()), Some(v.slug()));
            }
        }
        check::<Region>();
        check::<Beneficiary>();
        check::<SupportType>();
        check::<Frequency>();
        check::<Category>();
    }
}
