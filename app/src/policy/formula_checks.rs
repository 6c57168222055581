//! The checks of a measure's formula when a catalog loads: the facts it reads exist and have the
//! right type, its figures are positive and in order, tiers and per-entry formulas fit.
use super::catalog_file::Collector;
use super::condition_checks::validate_comparison;
use super::fact::FactType;
use super::formula::Formula;
use super::money::FULL_RATE_BP;
use super::vocabulary::Vocabulary;

/// Checks formula `f` of measure `id`, written at `field`. `top` is false for a tier's formula,
/// where tiers and per_item formulas may not nest.
pub(super) fn validate_formula(
    c: &mut Collector<'_>,
    id: &str,
    field: &str,
    f: &Formula,
    vocab: &Vocabulary,
    top: bool,
) {
    let mut money_fact = |name: &str, want: &[FactType]| match vocab.get(name) {
        None => c.push(id, field, format!("unknown fact \"{name}\"")),
        Some(def) if !want.contains(&def.fact_type) => c.push(
            id,
            field,
            format!(
                "fact \"{name}\" is {}, expected {}",
                def.fact_type.describe(),
                want[0].describe()
            ),
        ),
        Some(_) => {}
    };
    match f {
        Formula::Fixed { amount } if *amount <= 0 => c.push(id, field, "amount must be positive"),
        Formula::UpTo { max } if *max <= 0 => c.push(id, field, "max must be positive"),
        Formula::Range { min, max } if *min < 0 || min >= max => {
            c.push(id, field, "a range needs 0 <= min < max")
        }
        Formula::Rate {
            rate,
            base,
            cap,
            floor,
        } => {
            money_fact(base, &[FactType::Money]);
            if rate.bp() == 0 || rate.bp() > FULL_RATE_BP {
                c.push(id, field, format!("rate {rate} is outside 0-100%"));
            }
            if let (Some(cap), Some(floor)) = (cap, floor) {
                if cap < floor {
                    c.push(id, field, format!("cap {cap} is below floor {floor}"));
                }
            }
            if cap.is_some_and(|x| x <= 0) || floor.is_some_and(|x| x < 0) {
                c.push(id, field, "cap must be positive and floor not negative");
            }
        }
        Formula::RateRange {
            min_rate,
            max_rate,
            base,
            cap,
        } => {
            money_fact(base, &[FactType::Money]);
            // min_rate may be 0%: "up to 100% of the rent" is the range 0%..100%.
            if max_rate.bp() > FULL_RATE_BP {
                c.push(id, field, "rates must be within 0-100%");
            }
            if min_rate >= max_rate {
                c.push(
                    id,
                    field,
                    format!("min_rate {min_rate} must be below max_rate {max_rate}"),
                );
            }
            if cap.is_some_and(|x| x <= 0) {
                c.push(id, field, "cap must be positive");
            }
        }
        Formula::PerUnit { amount, unit, cap } => {
            money_fact(unit, &[FactType::Count]);
            if *amount <= 0 || cap.is_some_and(|x| x < *amount) {
                c.push(
                    id,
                    field,
                    "amount must be positive and the cap at least one unit",
                );
            }
        }
        Formula::Tiers { by, tiers } => {
            if !top {
                c.push(id, field, "tiers cannot be nested");
            }
            if tiers.is_empty() {
                c.push(id, field, "tiers need at least one tier");
            }
            match vocab.get(by) {
                None => c.push(id, field, format!("unknown fact \"{by}\"")),
                Some(def) => {
                    for t in tiers {
                        let fits = match (def.fact_type, &t.when, t.at_least) {
                            (FactType::OneOf | FactType::SetOf, Some(w), None) => {
                                def.options.iter().any(|o| &o.value == w)
                            }
                            (ft, None, Some(_)) => ft.is_numeric(),
                            _ => false,
                        };
                        if !fits {
                            c.push(
                                id,
                                field,
                                format!(
                                    "a tier does not fit fact \"{by}\" ({})",
                                    def.fact_type.describe()
                                ),
                            );
                        }
                        validate_formula(c, id, field, &t.formula, vocab, false);
                    }
                }
            }
        }
        Formula::PerItem {
            items,
            each,
            cap,
            when,
        } => {
            if !top {
                c.push(id, field, "a per_item formula cannot sit inside tiers");
            }
            let field = format!("{field}.items");
            let scope = match vocab.get(items) {
                None => {
                    c.push(id, &field, format!("unknown fact \"{items}\""));
                    return;
                }
                Some(def) if def.fact_type != FactType::List => {
                    c.push(
                        id,
                        &field,
                        format!(
                            "a per_item formula pays for each entry of a list fact, but \"{items}\" is {} (declare it with type = \"list\")",
                            def.fact_type.describe()
                        ),
                    );
                    return;
                }
                Some(_) => vocab.scope(items).cloned().unwrap_or_default(),
            };
            let each_field = field.replace(".items", ".each");
            match **each {
                Formula::PerItem { .. }
                | Formula::Monthly { .. }
                | Formula::NonMonetary { .. } => c.push(
                    id,
                    &each_field,
                    "each entry's formula must yield money (not per_item, monthly or non_monetary)",
                ),
                _ => validate_formula(c, id, &each_field, each, &scope, true),
            }
            if let Some(w) = when {
                let when_field = field.replace(".items", ".when");
                for cmp in w.comparisons() {
                    validate_comparison(c, id, &when_field, cmp, &scope);
                }
            }
            if cap.is_some_and(|x| x <= 0) {
                c.push(id, &field.replace(".items", ".cap"), "cap must be positive");
            }
        }
        Formula::Monthly { per_month, months } if (*per_month <= 0 || *months == Some(0)) => {
            c.push(id, field, "per_month and months must be positive");
        }
        Formula::NonMonetary { benefit, .. } if benefit.trim().is_empty() => {
            c.push(id, field, "describe the non-monetary benefit")
        }
        _ => {}
    }
}
