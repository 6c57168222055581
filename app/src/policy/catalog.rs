//! Loading and validating a catalog: documents, facts, measures and cross-measure rules.
//!
//! A catalog is a set of TOML files (see `app/catalog/README.md`). Loading rejects anything a
//! person could get wrong when writing one, with a message naming the file, measure and field.
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::condition::{describe_value, Comparison, Op};
use super::fact::{FactDef, FactType, FactValue};
use super::formula::Formula;
use super::measure::Measure;
use super::money::FULL_RATE_BP;
use super::percent_text;
use super::rules::{Coverage, CoverageCache, CrossRule, RuleKind};
use super::vocabulary::Vocabulary;

/// Document slugs that may be cited (from the seeds README).
pub const KNOWN_DOCUMENTS: [&str; 6] = [
    "nwf-2020-1",
    "nwf-2019-1",
    "nj-2014-eight-programs",
    "nj-leading-city-opinions",
    "jingan-2018",
    "nj-2020-landmarks",
];

/// A source document's header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Slug, e.g. `nwf-2019-1`.
    pub slug: String,
    /// Full title.
    pub title: String,
    /// Issuer and region.
    pub issuer: String,
    /// Date as the text gives it ("2019", "2014-03-27", "not stated").
    pub date: String,
    /// What the text says about its validity, or that it says nothing.
    pub validity: String,
}

/// One catalog file as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    /// Document header (absent in the shared facts file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Document>,
    /// Facts declared in this file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<FactDef>,
    /// Cross-measure rules stated by this document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<CrossRule>,
    /// Measures of this document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<Measure>,
}

/// A validated catalog.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    /// Source documents.
    pub documents: Vec<Document>,
    /// Declared facts.
    pub vocabulary: Vocabulary,
    /// Measures in file order.
    pub measures: Vec<Measure>,
    /// Cross-measure rules.
    pub rules: Vec<CrossRule>,
    /// Which measures each rule covers, computed on first use (a catalog is not changed once
    /// loaded); build with `Default::default()`.
    pub coverage: CoverageCache,
}

/// One problem found while loading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadError {
    /// File name.
    pub file: String,
    /// Measure, rule or fact concerned.
    pub subject: String,
    /// Field concerned.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} [{}]: {}",
            self.file, self.subject, self.field, self.message
        )
    }
}

/// All problems found while loading, one per line when displayed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadErrors(pub Vec<LoadError>);

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.0 {
            writeln!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadErrors {}

struct Collector<'a> {
    file: &'a str,
    errors: Vec<LoadError>,
}

impl Collector<'_> {
    fn push(&mut self, subject: &str, field: &str, message: impl Into<String>) {
        self.errors.push(LoadError {
            file: self.file.to_string(),
            subject: subject.to_string(),
            field: field.to_string(),
            message: message.into(),
        });
    }
}

/// Parses one TOML catalog file. Each measure is parsed on its own, so an error names it.
pub fn parse_file(name: &str, text: &str) -> Result<CatalogFile, LoadErrors> {
    let mut c = Collector {
        file: name,
        errors: Vec::new(),
    };
    let table: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            c.push("file", "syntax", e.to_string());
            return Err(LoadErrors(c.errors));
        }
    };
    let mut out = CatalogFile::default();
    for (key, value) in table {
        match key.as_str() {
            "document" => match value.try_into::<Document>() {
                Ok(d) => out.document = Some(d),
                Err(e) => c.push("document", "document", e.to_string()),
            },
            "facts" => {
                let mut value = value;
                for (fact, field, message) in percent_text::read_bounds(&mut value) {
                    c.push(&fact, &field, message);
                }
                parse_list(&mut c, "fact", value, &mut out.facts)
            }
            "rules" => parse_list(&mut c, "rule", value, &mut out.rules),
            "measures" => parse_list(&mut c, "measure", value, &mut out.measures),
            other => c.push("file", other, "unknown section"),
        }
    }
    if c.errors.is_empty() {
        Ok(out)
    } else {
        Err(LoadErrors(c.errors))
    }
}

fn parse_list<T: for<'de> Deserialize<'de>>(
    c: &mut Collector<'_>,
    what: &str,
    value: toml::Value,
    out: &mut Vec<T>,
) {
    let toml::Value::Array(items) = value else {
        c.push(what, what, "must be an array of tables ([[...]])");
        return;
    };
    for (i, item) in items.into_iter().enumerate() {
        let subject = item
            .get("id")
            .or_else(|| item.get("name"))
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .unwrap_or_else(|| format!("{what} #{}", i + 1));
        match item.try_into::<T>() {
            Ok(v) => out.push(v),
            Err(e) => c.push(&subject, what, e.to_string().trim().to_string()),
        }
    }
}

impl Catalog {
    /// Which measures each rule covers (computed once, on first use).
    pub fn coverage(&self) -> &Coverage {
        self.coverage.get(&self.measures, &self.rules)
    }

    /// Loads and validates a catalog from `(file name, TOML text)` pairs.
    pub fn load<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Catalog, LoadErrors> {
        let mut errors = Vec::new();
        let mut parsed = Vec::new();
        for (name, text) in files {
            match parse_file(name, text) {
                Ok(f) => parsed.push((name.to_string(), f)),
                Err(LoadErrors(e)) => errors.extend(e),
            }
        }
        if !errors.is_empty() {
            return Err(LoadErrors(errors));
        }
        let errors = percent_text::read_literals(&mut parsed);
        if !errors.is_empty() {
            return Err(LoadErrors(errors));
        }
        Catalog::from_files(parsed)
    }

    /// Validates already-parsed files.
    pub fn from_files(files: Vec<(String, CatalogFile)>) -> Result<Catalog, LoadErrors> {
        let mut errors = Vec::new();
        let mut catalog = Catalog::default();
        let mut fact_files: BTreeMap<String, String> = BTreeMap::new();
        // Facts first: measures in any file may use facts declared in any other.
        for (name, file) in &files {
            let mut c = Collector {
                file: name,
                errors: Vec::new(),
            };
            for def in &file.facts {
                if let Some(first) = fact_files.get(&def.name) {
                    c.push(
                        &def.name,
                        "name",
                        format!("duplicate fact, first declared in {first}"),
                    );
                    continue;
                }
                validate_fact(&mut c, def);
                fact_files.insert(def.name.clone(), name.clone());
                catalog.vocabulary.insert(def.clone());
            }
            errors.extend(c.errors);
        }
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        for (name, file) in &files {
            let mut c = Collector {
                file: name,
                errors: Vec::new(),
            };
            let doc_slug = file.document.as_ref().map(|d| d.slug.clone());
            if let Some(d) = &file.document {
                if !KNOWN_DOCUMENTS.contains(&d.slug.as_str()) {
                    c.push(
                        &d.slug,
                        "document.slug",
                        "not a document slug from the seeds README",
                    );
                }
                catalog.documents.push(d.clone());
            } else if !file.measures.is_empty() || !file.rules.is_empty() {
                c.push(
                    "file",
                    "document",
                    "a file with measures or rules needs a [document] header",
                );
            }
            for m in &file.measures {
                if let Some(first) = ids.get(&m.id) {
                    c.push(
                        &m.id,
                        "id",
                        format!("duplicate measure id, first used in {first}"),
                    );
                }
                ids.insert(m.id.clone(), name.clone());
                validate_measure(&mut c, m, doc_slug.as_deref(), &catalog.vocabulary);
                catalog.measures.push(m.clone());
            }
            catalog.rules.extend(file.rules.iter().cloned());
            errors.extend(c.errors);
        }
        for (name, file) in &files {
            let mut c = Collector {
                file: name,
                errors: Vec::new(),
            };
            for r in &file.rules {
                validate_rule(&mut c, r, &ids, &catalog.vocabulary);
            }
            errors.extend(c.errors);
        }
        if errors.is_empty() {
            Ok(catalog)
        } else {
            Err(LoadErrors(errors))
        }
    }

    /// A measure by id.
    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| m.id == id)
    }
}

fn validate_fact(c: &mut Collector<'_>, def: &FactDef) {
    let n = &def.name;
    if n.is_empty()
        || !n
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        c.push(n, "name", "fact names use lower-case letters, digits and _");
    }
    if def.question.trim().is_empty() {
        c.push(n, "question", "a fact needs a question");
    }
    if def.label.trim().is_empty() {
        c.push(n, "label", "a fact needs a label");
    }
    match def.fact_type {
        FactType::OneOf | FactType::SetOf => {
            if def.options.len() < 2 {
                c.push(n, "options", "a choice fact needs at least two options");
            }
            let mut seen = BTreeSet::new();
            for o in &def.options {
                if !seen.insert(&o.value) {
                    c.push(n, "options", format!("duplicate option \"{}\"", o.value));
                }
            }
        }
        t => {
            if !def.options.is_empty() {
                c.push(
                    n,
                    "options",
                    format!("options make no sense for {}", t.describe()),
                );
            }
        }
    }
    if let (Some(min), Some(max)) = (def.min, def.max) {
        if min > max {
            c.push(n, "min", format!("min {min} is above max {max}"));
        }
    }
    if def.fact_type == FactType::List {
        if def.fields.is_empty() {
            c.push(n, "fields", "a list fact needs the fields of one entry");
        }
        if def.max_items() < 1 || def.min.is_some() {
            c.push(
                n,
                "max",
                "a list's max is the most entries it accepts (at least 1); min is not used",
            );
        }
        if def
            .item_label
            .as_deref()
            .is_none_or(|l| l.trim().is_empty())
        {
            c.push(
                n,
                "item_label",
                "a list fact needs item_label, the name of one entry (\"project\")",
            );
        }
        let mut seen = BTreeSet::new();
        for field in &def.fields {
            let subject = format!("{n}.{}", field.name);
            if !seen.insert(&field.name) {
                c.push(&subject, "name", "duplicate field");
            }
            if field.fact_type == FactType::List {
                c.push(&subject, "type", "a list entry cannot hold another list");
            }
            validate_fact(c, field);
        }
    } else if !def.fields.is_empty() || def.item_label.is_some() {
        c.push(
            n,
            "fields",
            "fields and item_label belong to list facts (type = \"list\")",
        );
    }
}

fn validate_measure(c: &mut Collector<'_>, m: &Measure, doc: Option<&str>, vocab: &Vocabulary) {
    let id = &m.id;
    if let Some(doc) = doc {
        if !id.starts_with(&format!("{doc}.")) {
            c.push(
                id,
                "id",
                format!("measure ids in this file start with \"{doc}.\""),
            );
        }
        if m.citation.doc != doc {
            c.push(
                id,
                "citation.doc",
                format!("cites \"{}\" but the file is {doc}", m.citation.doc),
            );
        }
    }
    if m.title.trim().is_empty() {
        c.push(id, "title", "missing title");
    }
    if m.summary.trim().is_empty() {
        c.push(id, "summary", "missing summary");
    }
    if m.citation.item.trim().is_empty() {
        c.push(id, "citation.item", "missing item number");
    }
    if m.citation.quote.trim().is_empty() {
        c.push(id, "citation.quote", "missing quote from the text");
    }
    if let Some(end) = m.expires_on {
        if end < m.effective_from {
            c.push(id, "expires_on", "expires before it takes effect");
        }
    }
    for cmp in m.condition.comparisons() {
        validate_comparison(c, id, "condition", cmp, vocab);
    }
    validate_formula(c, id, "formula", &m.formula, vocab, true);
    if m.information_only && m.formula.is_monetary() {
        c.push(
            id,
            "information_only",
            "information-only measures use a non_monetary formula",
        );
    }
    if m.examples.is_empty() {
        c.push(
            id,
            "examples",
            "every measure needs at least one worked example",
        );
    }
    for (i, ex) in m.examples.iter().enumerate() {
        let field = format!("examples[{i}]");
        for (name, problem) in vocab.check_facts(&ex.facts) {
            c.push(id, &format!("{field}.facts.{name}"), problem);
        }
    }
}

fn validate_comparison(
    c: &mut Collector<'_>,
    id: &str,
    field: &str,
    cmp: &Comparison,
    vocab: &Vocabulary,
) {
    let Some(def) = vocab.get(&cmp.fact) else {
        c.push(id, field, format!("unknown fact \"{}\"", cmp.fact));
        return;
    };
    let ok = match (cmp.op, def.fact_type, &cmp.value) {
        // A list compares by its number of entries.
        (Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge, FactType::List, v) => {
            matches!(v, FactValue::Number(n) if *n >= 0)
        }
        (Op::Eq | Op::Ne, _, v) => def.check(v).is_ok(),
        (Op::Lt | Op::Le | Op::Gt | Op::Ge, t, FactValue::Number(_)) => t.is_numeric(),
        (Op::Lt | Op::Le | Op::Gt | Op::Ge, FactType::Date, v @ FactValue::Text(_)) => {
            def.check(v).is_ok()
        }
        (Op::In, FactType::OneOf, FactValue::Set(items)) => items
            .iter()
            .all(|i| def.options.iter().any(|o| &o.value == i)),
        (Op::Has, FactType::SetOf, FactValue::Text(v)) => def.options.iter().any(|o| &o.value == v),
        (Op::HasAny, FactType::SetOf, FactValue::Set(items)) => items
            .iter()
            .all(|i| def.options.iter().any(|o| &o.value == i)),
        _ => false,
    };
    if !ok {
        c.push(
            id,
            field,
            format!(
                "comparison {} {:?} {} does not fit the fact's type ({})",
                cmp.fact,
                cmp.op,
                describe_value(def, &cmp.value),
                def.fact_type.describe()
            ),
        );
    }
}

fn validate_formula(
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

fn validate_rule(
    c: &mut Collector<'_>,
    r: &CrossRule,
    ids: &BTreeMap<String, String>,
    vocab: &Vocabulary,
) {
    for m in r.measures.iter().chain(&r.except) {
        if !ids.contains_key(m) {
            c.push(&r.id, "measures", format!("unknown measure \"{m}\""));
        }
    }
    for d in &r.documents {
        if !KNOWN_DOCUMENTS.contains(&d.as_str()) {
            c.push(&r.id, "documents", format!("unknown document \"{d}\""));
        }
    }
    if r.measures.is_empty() && r.documents.is_empty() {
        c.push(&r.id, "measures", "a rule must cover some measures");
    }
    match &r.kind {
        RuleKind::Bonus { rate, condition } => {
            if rate.bp() == 0 || rate.bp() > FULL_RATE_BP {
                c.push(&r.id, "rate", "rate must be within 0-100%");
            }
            for cmp in condition.comparisons() {
                validate_comparison(c, &r.id, "condition", cmp, vocab);
            }
        }
        RuleKind::AnnualCap { cap } if *cap <= 0 => c.push(&r.id, "cap", "cap must be positive"),
        RuleKind::MinimumYears { fact, years } => {
            match vocab.get(fact) {
                Some(d) if d.fact_type == FactType::Count => {}
                _ => c.push(
                    &r.id,
                    "fact",
                    format!("\"{fact}\" must be a declared count fact"),
                ),
            }
            if *years <= 0 {
                c.push(&r.id, "years", "years must be positive");
            }
        }
        _ => {}
    }
    if r.citation.quote.trim().is_empty() {
        c.push(&r.id, "citation.quote", "missing quote");
    }
}
