//! The cross-measure phase: after every measure is evaluated alone, the rules that combine
//! measures change what each eligible award counts for, in this order:
//! 1. exclusive rules (highest only, no double funding) keep the largest award of a group;
//! 2. bonuses add their rate to covered awards when their condition holds;
//! 3. annual caps trim a group's total to the cap.
//!
//! Each step records what it did in the outcomes' rule steps and notes, and returns the rules
//! that changed an amount. Minimum-years rules are not applied here: they are requirements of
//! the measures they cover (see [`engine`](super::engine)).
use super::condition::Truth;
use super::fact::Answers;
use super::money::MoneyRange;
use super::outcome::{AppliedRule, MeasureOutcome, Verdict};
use super::outcome::{Effect, Note, RuleStep};
use super::rules::{CrossRule, RuleKind};

/// Applies `rules` to `outcomes` and returns the rules that changed an amount, in order.
/// `covers(r, o)` says whether rule number `r` covers the measure of outcome number `o`;
/// `answers` decide the bonuses' conditions.
pub fn apply<'a>(
    rules: &'a [CrossRule],
    covers: impl Fn(usize, usize) -> bool,
    answers: impl Answers<'a>,
    outcomes: &mut [MeasureOutcome<'a>],
) -> Vec<AppliedRule<'a>> {
    let mut applied = Vec::new();
    exclusive_groups(rules, &covers, outcomes, &mut applied);
    bonuses(rules, &covers, answers, outcomes, &mut applied);
    annual_caps(rules, &covers, outcomes, &mut applied);
    applied
}

/// The eligible outcomes covered by rule number `ri` that count some money.
fn covered(
    ri: usize,
    covers: &impl Fn(usize, usize) -> bool,
    outcomes: &[MeasureOutcome],
) -> Vec<usize> {
    outcomes
        .iter()
        .enumerate()
        .filter(|(oi, o)| o.verdict == Verdict::Eligible && o.counted.is_some() && covers(ri, *oi))
        .map(|(i, _)| i)
        .collect()
}

/// Exclusive groups keep the highest award. Where several covered measures apply but pay no
/// stated money, the rule cannot pick the highest; it is shown as a note instead.
fn exclusive_groups<'a>(
    rules: &'a [CrossRule],
    covers: &impl Fn(usize, usize) -> bool,
    outcomes: &mut [MeasureOutcome<'a>],
    applied: &mut Vec<AppliedRule<'a>>,
) {
    for (ri, rule) in rules.iter().enumerate() {
        if !matches!(rule.kind, RuleKind::HighestOnly | RuleKind::NoDoubleFunding) {
            continue;
        }
        let eligible: Vec<usize> = outcomes
            .iter()
            .enumerate()
            .filter(|(oi, o)| o.verdict == Verdict::Eligible && covers(ri, *oi))
            .map(|(i, _)| i)
            .collect();
        if eligible.len() >= 2 {
            for &i in &eligible {
                outcomes[i].notes.push(Note::OneOfGroup {
                    rule,
                    eligible: eligible.len(),
                });
            }
        }
        let group = covered(ri, covers, outcomes);
        if group.len() < 2 {
            continue;
        }
        let keep = *group
            .iter()
            .max_by_key(|i| {
                let r = outcomes[**i].counted.unwrap_or(MoneyRange::exact(0));
                (r.high, r.low, std::cmp::Reverse(**i))
            })
            .unwrap_or(&group[0]);
        let kept: &str = &outcomes[keep].measure.title;
        let mut dropped = Vec::new();
        for &i in &group {
            if i == keep {
                continue;
            }
            let o = &mut outcomes[i];
            o.notes.push(Note::NotCounted { rule, kept });
            o.rule_steps.push(RuleStep::NotCounted(rule));
            o.counted = Some(MoneyRange::exact(0));
            dropped.push(o.measure.title.as_str());
        }
        applied.push(AppliedRule {
            rule,
            effect: Effect::KeptHighest { kept, dropped },
        });
    }
}

/// Bonuses add their rate to each covered award when their condition holds; when it cannot be
/// decided yet, each covered outcome gets a note naming the answers that would decide it.
fn bonuses<'a>(
    rules: &'a [CrossRule],
    covers: &impl Fn(usize, usize) -> bool,
    answers: impl Answers<'a>,
    outcomes: &mut [MeasureOutcome<'a>],
    applied: &mut Vec<AppliedRule<'a>>,
) {
    for (ri, rule) in rules.iter().enumerate() {
        let RuleKind::Bonus { rate, condition } = &rule.kind else {
            continue;
        };
        let group = covered(ri, covers, outcomes);
        if group.is_empty() {
            continue;
        }
        match condition.evaluate(answers) {
            Truth::True => {
                let mut added = Vec::new();
                for i in group {
                    let o = &mut outcomes[i];
                    let Some(base) = o.counted else { continue };
                    if base.high == 0 {
                        continue;
                    }
                    let extra = MoneyRange {
                        low: rate.apply(base.low),
                        high: rate.apply(base.high),
                    };
                    o.rule_steps.push(RuleStep::Bonus {
                        rule,
                        rate: *rate,
                        base,
                        extra,
                    });
                    o.counted = Some(base.plus(extra));
                    added.push((o.measure.title.as_str(), extra));
                }
                if !added.is_empty() {
                    applied.push(AppliedRule {
                        rule,
                        effect: Effect::Bonus(added),
                    });
                }
            }
            Truth::Unknown { missing } => {
                let missing: Vec<&str> = missing.into_iter().collect();
                for i in group {
                    outcomes[i].notes.push(Note::BonusIfAnswered {
                        rule,
                        rate: *rate,
                        missing: missing.clone(),
                    });
                }
            }
            Truth::False { .. } => {}
        }
    }
}

/// Annual caps per beneficiary trim a group's total to the cap, paying the group's measures in
/// order until the cap is used up.
fn annual_caps<'a>(
    rules: &'a [CrossRule],
    covers: &impl Fn(usize, usize) -> bool,
    outcomes: &mut [MeasureOutcome<'a>],
    applied: &mut Vec<AppliedRule<'a>>,
) {
    for (ri, rule) in rules.iter().enumerate() {
        let RuleKind::AnnualCap { cap } = rule.kind else {
            continue;
        };
        let group = covered(ri, covers, outcomes);
        let sum = group
            .iter()
            .filter_map(|i| outcomes[*i].counted)
            .fold(MoneyRange::exact(0), MoneyRange::plus);
        if sum.high <= cap {
            continue;
        }
        // Trim from the last measure in the group backwards, so the earlier items are paid first.
        let mut room_low = cap;
        let mut room_high = cap;
        for &i in &group {
            let o = &mut outcomes[i];
            let Some(r) = o.counted else { continue };
            let new = MoneyRange {
                low: r.low.min(room_low),
                high: r.high.min(room_high),
            };
            room_low -= new.low;
            room_high -= new.high;
            if new != r {
                o.rule_steps.push(RuleStep::GroupCapped {
                    rule,
                    cap,
                    before: r,
                    after: new,
                });
                o.counted = Some(new);
            }
        }
        applied.push(AppliedRule {
            rule,
            effect: Effect::Capped { sum, cap },
        });
    }
}
