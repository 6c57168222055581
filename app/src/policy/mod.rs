//! The policy domain, pure Rust: facts, conditions, formulas, measures, cross-measure rules, the
//! catalog loader and the engine. No Leptos, no I/O, no clock: the same code runs on the server,
//! in the browser and in tests.
//!
//! Where to look:
//! - how an amount is computed (caps, floors, ranges, tiers): [`formula`];
//! - how a condition decides (and says which fact is missing): [`condition`];
//! - the words of a trace, a note or a reason (worded only when read): [`explain`] and
//!   [`steps`];
//! - the order of an assessment's phases: [`engine`]; what it returns: [`outcome`];
//! - how measures combine (highest only, bonuses, annual caps, years of operation): [`rules`],
//!   applied by the engine's cross-measure phase (`cross_rules.rs`);
//! - what a catalog file may contain and how it is checked: [`catalog`] (loading), with the
//!   checks in `catalog_checks.rs` and `formula_checks.rs`.
mod applicability;
pub mod application;
pub mod catalog;
mod catalog_checks;
pub mod catalog_file;
pub mod condition;
mod condition_checks;
mod condition_words;
pub mod credit_code;
mod cross_rules;
pub mod date;
pub mod describe;
pub mod engine;
pub mod explain;
pub mod export;
pub mod fact;
pub mod formula;
mod formula_checks;
mod formula_compute;
pub mod input;
pub mod labels;
pub mod lifecycle;
pub mod materials;
pub mod measure;
mod measure_id;
pub mod money;
pub mod next_questions;
pub mod outcome;
mod percent_text;
pub mod questions;
pub mod reference;
pub mod rules;
pub mod seed;
pub mod steps;
mod totals;
pub mod vocabulary;

pub use catalog::{Catalog, LoadError, LoadErrors};
pub use condition::{Comparison, Condition, Failure, Op, Truth};
pub use date::Date;
pub use engine::{
    assess, check_example, evaluate_measure, AppliedRule, Assessment, MeasureOutcome, Verdict,
};
pub use fact::{FactDef, FactType, FactValue, Facts, ItemError, WizardStep};
pub use formula::{Benefit, Formula, FormulaStep, NoItems, Tier};
pub use measure::{Beneficiary, Category, Citation, Example, Measure, Region, Status, SupportType};
pub use money::{format_yuan, MoneyRange, Rate, Thousands, Yuan};
pub use outcome::{Effect, Note, Reason, RuleStep};
pub use rules::{CrossRule, RuleKind};
pub use vocabulary::Vocabulary;

#[cfg(test)]
mod engine_tests;
#[cfg(test)]
mod per_item_tests;
#[cfg(test)]
mod phase_tests;
#[cfg(test)]
mod test_support;
