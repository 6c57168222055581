//! Temporary: dumps assessments and worked-example outcomes as JSON for before/after comparison.
use app::policy::{assess, evaluate_measure, seed, Date, FactType, FactValue, Facts};

fn profile(catalog: &app::policy::Catalog, variant: usize, kind: &str) -> Facts {
    let mut f = Facts::new();
    for (i, def) in catalog.vocabulary.iter().enumerate() {
        // variant 0: rich; 1: poor; 2: every third missing, mixed; 3: nothing but kind
        if variant == 3 { break; }
        if variant == 2 && i % 3 == 0 { continue; }
        let rich = variant == 0 || (variant == 2 && i % 2 == 0);
        let value = match def.fact_type {
            FactType::Bool => FactValue::Bool(rich),
            FactType::Money => FactValue::Number(if rich { 5_000_000 } else { 1_000 }.min(def.max.unwrap_or(i64::MAX))),
            FactType::Count | FactType::Percent => FactValue::Number(if rich { 6 } else { 1 }.min(def.max.unwrap_or(i64::MAX))),
            FactType::OneOf => FactValue::Text(def.options.iter().rev().nth(if rich {0} else {1}).or(def.options.first()).map(|o| o.value.clone()).unwrap_or_default()),
            FactType::SetOf => FactValue::Set(def.options.iter().enumerate().filter(|(j, _)| rich || j % 2 == 1).map(|(_, o)| o.value.clone()).collect()),
            FactType::Date => FactValue::Text(if rich {"2020-01-01"} else {"2010-05-05"}.into()),
        };
        f.insert(def.name.clone(), value);
    }
    f.insert("applicant_kind".into(), FactValue::Text(kind.into()));
    f
}

fn main() {
    let catalog = seed::load().expect("catalog");
    let kinds: Vec<String> = catalog.vocabulary.get("applicant_kind").unwrap().options.iter().map(|o| o.value.clone()).collect();
    for day in ["2015-01-01", "2019-06-01", "2021-01-01", "2030-01-01"] {
        let day = Date::parse(day).unwrap();
        for variant in 0..4 {
            for kind in &kinds {
                let facts = profile(&catalog, variant, kind);
                println!("{}", serde_json::to_string(&assess(&catalog, &facts, day)).unwrap());
            }
        }
        println!("{}", serde_json::to_string(&assess(&catalog, &Facts::new(), day)).unwrap());
    }
    for m in &catalog.measures {
        for ex in &m.examples {
            let as_of = ex.as_of.unwrap_or(m.effective_from);
            let o = evaluate_measure(m, &ex.facts, &catalog.vocabulary, &catalog.rules, as_of);
            println!("{}", serde_json::to_string(&o).unwrap());
        }
    }
}
