//! Benefit formulas in plain words, for measure pages and the API.
use super::formula::{Formula, Tier};
use super::money::format_yuan;
use super::vocabulary::Vocabulary;

/// The fact's label inside a sentence: first letter lower-cased unless it starts an acronym
/// ("Litigation costs of the IP dispute" -> "litigation costs of the IP dispute", "R&D ..." kept).
fn label(vocab: &Vocabulary, fact: &str) -> String {
    let Some(def) = vocab.get(fact) else {
        return fact.to_string();
    };
    let mut chars = def.label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => first
            .to_lowercase()
            .chain(def.label.chars().skip(1))
            .collect(),
        _ => def.label.clone(),
    }
}

fn yuan(n: i64) -> String {
    format!("{} yuan", format_yuan(n))
}

impl Formula {
    /// The formula in words: "50% of litigation costs of the IP dispute, up to 500,000 yuan".
    pub fn describe(&self, vocab: &Vocabulary) -> String {
        match self {
            Formula::Fixed { amount } => yuan(*amount),
            Formula::UpTo { max } => format!("up to {}", yuan(*max)),
            Formula::Range { min, max } => {
                format!("{} to {}", format_yuan(*min), yuan(*max))
            }
            Formula::Rate {
                rate,
                base,
                cap,
                floor,
            } => {
                let mut s = format!("{rate} of {}", label(vocab, base));
                if let Some(c) = cap {
                    s.push_str(&format!(", up to {}", yuan(*c)));
                }
                if let Some(f) = floor {
                    s.push_str(&format!(", at least {}", yuan(*f)));
                }
                s
            }
            Formula::RateRange {
                min_rate,
                max_rate,
                base,
                cap,
            } => {
                let mut s = if min_rate.bp() == 0 {
                    format!("up to {max_rate} of {}", label(vocab, base))
                } else {
                    format!("{min_rate} to {max_rate} of {}", label(vocab, base))
                };
                if let Some(c) = cap {
                    s.push_str(&format!(", up to {}", yuan(*c)));
                }
                s
            }
            Formula::PerUnit { amount, unit, cap } => {
                let mut s = format!("{} per unit of {}", yuan(*amount), label(vocab, unit));
                if let Some(c) = cap {
                    s.push_str(&format!(", up to {}", yuan(*c)));
                }
                s
            }
            Formula::Tiers { by, tiers } => {
                let parts: Vec<String> = tiers
                    .iter()
                    .map(|t| {
                        format!(
                            "{}: {}",
                            t.describe_when(by, vocab),
                            t.formula.describe(vocab)
                        )
                    })
                    .collect();
                format!("depending on {}: {}", label(vocab, by), parts.join("; "))
            }
            Formula::PerItem {
                items,
                each,
                cap,
                when,
            } => {
                let noun = vocab.get(items).map(|d| d.item_noun()).unwrap_or("entry");
                let fields = vocab.scope(items).unwrap_or(vocab);
                let mut s = format!("for each {noun}: {}", each.describe(fields));
                if let Some(w) = when {
                    s.push_str(&format!(" (only {noun}s where {})", w.describe(fields)));
                }
                if let Some(c) = cap {
                    s.push_str(&format!("; at most {} for all {noun}s together", yuan(*c)));
                }
                s
            }
            Formula::Monthly { per_month, months } => match months {
                Some(m) => format!("{} a month for {m} months", yuan(*per_month)),
                None => format!("{} a month", yuan(*per_month)),
            },
            Formula::NonMonetary { benefit, months } => match months {
                Some(m) => format!("{benefit} ({m} months)"),
                None => benefit.clone(),
            },
        }
    }
}

impl Tier {
    /// The answer that selects this tier, in words: an option's label ("International
    /// standard") or a threshold ("at least 10,000,000") of the fact `by`.
    pub fn describe_when(&self, by: &str, vocab: &Vocabulary) -> String {
        match (&self.when, self.at_least) {
            (Some(w), _) => vocab
                .get(by)
                .map(|d| d.label_of(w).to_string())
                .unwrap_or_else(|| w.clone()),
            (None, Some(n)) => format!("at least {}", format_yuan(n)),
            _ => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::money::Rate;
    use super::*;

    #[test]
    fn describes_rates_caps_and_ranges() {
        let v = Vocabulary::default();
        let f = Formula::Rate {
            rate: Rate::from_bp(5000),
            base: "cost".into(),
            cap: Some(500_000),
            floor: None,
        };
        assert_eq!(f.describe(&v), "50% of cost, up to 500,000 yuan");
        let r = Formula::RateRange {
            min_rate: Rate::from_bp(1000),
            max_rate: Rate::from_bp(3000),
            base: "cost".into(),
            cap: Some(20_000_000),
        };
        assert_eq!(r.describe(&v), "10% to 30% of cost, up to 20,000,000 yuan");
        assert_eq!(
            Formula::UpTo { max: 3_000_000 }.describe(&v),
            "up to 3,000,000 yuan"
        );
    }
}
