//! Unit tests of the editor's model.
use std::collections::BTreeSet;

use super::*;
use crate::policy::{
    Comparison, Condition, FactType, FactValue, Facts, Formula, Measure, Op, Rate,
};
use crate::wire::editor::FactChoice;

fn choice(name: &str, t: FactType) -> FactChoice {
    FactChoice {
        name: name.into(),
        label: name.to_uppercase(),
        fact_type: t,
        options: vec![],
        item_label: None,
        fields: vec![],
    }
}

fn facts() -> Vec<FactChoice> {
    vec![
        FactChoice {
            label: "Cost".into(),
            ..choice("cost", FactType::Money)
        },
        FactChoice {
            label: "Won".into(),
            ..choice("won", FactType::Bool)
        },
    ]
}

/// `facts()` and two list facts, as the catalog of the engine's tests declares them.
fn with_lists() -> Vec<FactChoice> {
    let level = FactChoice {
        options: vec![
            ("international".into(), "International standard".into()),
            ("national".into(), "National standard".into()),
        ],
        ..choice("level", FactType::OneOf)
    };
    let mut all = facts();
    all.push(FactChoice {
        label: "Projects with a loss".into(),
        item_label: Some("project".into()),
        fields: vec![
            choice("loss", FactType::Money),
            choice("startup_stage", FactType::Bool),
        ],
        ..choice("projects", FactType::List)
    });
    all.push(FactChoice {
        item_label: Some("standard".into()),
        fields: vec![level],
        ..choice("standards_led", FactType::List)
    });
    all
}

fn project(loss: i64, startup: bool) -> Facts {
    [
        ("loss".to_string(), FactValue::Number(loss)),
        ("startup_stage".to_string(), FactValue::Bool(startup)),
    ]
    .into()
}

/// Program 6 item 6 of the 2014 Eight Programs (see `policy::per_item_tests`).
fn risk_compensation() -> Formula {
    Formula::PerItem {
        items: "projects".into(),
        each: Box::new(Formula::RateRange {
            min_rate: Rate::from_bp(0),
            max_rate: Rate::from_bp(3000),
            base: "loss".into(),
            cap: Some(1_000_000),
        }),
        cap: Some(3_000_000),
        when: Some(Condition::Compare(Comparison {
            fact: "startup_stage".into(),
            op: Op::Eq,
            value: FactValue::Bool(true),
        })),
    }
}

#[test]
fn paths_address_nested_nodes() {
    let mut c = Condition::All {
        all: vec![
            new_comparison(&facts()),
            Condition::Not {
                not: Box::new(new_comparison(&facts())),
            },
        ],
    };
    assert_eq!(shape(cond_at(&c, &[]).unwrap()), NodeShape::All(2));
    assert_eq!(shape(cond_at(&c, &[1]).unwrap()), NodeShape::Not);
    assert_eq!(shape(cond_at(&c, &[1, 0]).unwrap()), NodeShape::Compare);
    assert!(cond_at(&c, &[5]).is_none());
    remove_at(&mut c, &[0]);
    assert_eq!(shape(&c), NodeShape::All(1));
    remove_at(&mut c, &[0, 0]);
    assert_eq!(shape(cond_at(&c, &[0]).unwrap()), NodeShape::All(0));
}

#[test]
fn typed_text_becomes_values() {
    let f = facts();
    assert_eq!(
        parse_value(Some(&f[0]), Op::Ge, "1,400,000"),
        Ok(FactValue::Number(1_400_000))
    );
    assert!(parse_value(Some(&f[0]), Op::Ge, "lots").is_err());
    assert_eq!(
        parse_value(Some(&f[1]), Op::Eq, "Yes"),
        Ok(FactValue::Bool(true))
    );
    assert_eq!(
        parse_value(None, Op::In, "won, settled"),
        Ok(FactValue::Set(
            ["settled".to_string(), "won".to_string()].into()
        ))
    );
    let share = FactChoice {
        label: "Share".into(),
        ..choice("share", FactType::Percent)
    };
    assert_eq!(
        parse_value(Some(&f[0]), Op::Ge, "140万"),
        Ok(FactValue::Number(1_400_000))
    );
    assert_eq!(
        parse_value(Some(&share), Op::Gt, "62.5%"),
        Ok(FactValue::Number(6_250))
    );
    assert_eq!(
        parse_value(Some(&share), Op::Gt, "62.555"),
        Err("Give a percentage with at most two decimals, for example 62.25%.".into())
    );
    let with_share: Vec<FactChoice> = f.iter().cloned().chain([share]).collect();
    let parsed = parse_facts("cost = 140万\nwon = yes\nshare = 62.5", &with_share).unwrap();
    assert_eq!(
        facts_text(&parsed, &with_share),
        "cost = 1400000\nshare = 62.5%\nwon = yes"
    );
    assert!(parse_facts("unknown = 1", &f).is_err());
    assert_eq!(parse_rate("50").unwrap().to_string(), "50%");
    assert_eq!(parse_optional(" ", FactType::Money), Ok(None));
    assert_eq!(parse_optional("1.5万", FactType::Money), Ok(Some(15_000)));
    assert_eq!(
        parse_optional("6元", FactType::Count),
        Err("Enter a whole number, for example 5.".into())
    );
}

#[test]
fn list_facts_take_their_entries_in_brackets() {
    let f = with_lists();
    let parsed = parse_facts(
        "cost = 10\nprojects = [{loss = 5,000,000, startup_stage = yes}, {loss = 2000000; startup_stage = no}]",
        &f,
    )
    .unwrap();
    assert_eq!(
        parsed["projects"],
        FactValue::Items(vec![project(5_000_000, true), project(2_000_000, false)])
    );
    // Shown back the same way, and read again to the same facts.
    let text = facts_text(&parsed, &f);
    assert_eq!(
        text,
        "cost = 10\nprojects = [{loss = 5000000, startup_stage = yes}, {loss = 2000000, startup_stage = no}]"
    );
    assert_eq!(parse_facts(&text, &f), Ok(parsed));
    // A catalog line pastes as it is: TOML booleans, quoted text, spaces, a trailing comma.
    let toml = parse_facts(
        "projects = [ { loss = 4000000, startup_stage = true }, ]\nstandards_led = [{ level = \"national\" }, {level = international}]",
        &f,
    )
    .unwrap();
    assert_eq!(
        toml["projects"],
        FactValue::Items(vec![project(4_000_000, true)])
    );
    assert_eq!(
        value_text(None, &toml["standards_led"]),
        "[{level = national}, {level = international}]"
    );
    // No entries.
    let none = parse_facts("projects = []", &f).unwrap();
    assert_eq!(none["projects"], FactValue::Items(vec![]));
    // An empty JSON array comes back from the server as an empty set: still a list.
    let stored: Facts = [("projects".to_string(), FactValue::Set(BTreeSet::new()))].into();
    assert_eq!(facts_text(&stored, &f), "projects = []");
}

#[test]
fn a_list_may_go_on_over_several_lines() {
    let f = with_lists();
    let text = "won = no\nprojects = [\n  {loss = 1, startup_stage = yes},\n\n  {loss = 2, startup_stage = no},\n]\ncost = 3";
    assert_eq!(
        fact_lines(text),
        vec![
            (1, "won = no".to_string()),
            (
                2,
                "projects = [ {loss = 1, startup_stage = yes},  {loss = 2, startup_stage = no}, ]"
                    .to_string()
            ),
            (7, "cost = 3".to_string()),
        ]
    );
    let parsed = parse_facts(text, &f).unwrap();
    assert_eq!(parsed.len(), 3);
    assert_eq!(
        parsed["projects"],
        FactValue::Items(vec![project(1, true), project(2, false)])
    );
}

#[test]
fn list_mistakes_name_the_line_the_entry_and_the_field() {
    let f = with_lists();
    let err = |text: &str| parse_facts(text, &f).unwrap_err();
    assert_eq!(
        err("cost = 1\nprojects = [{loss = 5, startup_stage = maybe}]"),
        "line 2: project 1: startup_stage: answer yes or no"
    );
    assert_eq!(
        err("projects = [{loss = 5, startup_stage = yes}, {loss = 5}]"),
        "line 1: project 2: STARTUP_STAGE (startup_stage) is missing"
    );
    assert_eq!(
        err("projects = [{loss = 5, colour = red, startup_stage = yes}]"),
        "line 1: project 1: colour is not a field of a project (fields: loss, startup_stage)"
    );
    assert_eq!(
        err("projects = [{loss = 5, loss = 6, startup_stage = yes}]"),
        "line 1: project 1: loss is given twice"
    );
    assert_eq!(
        err("projects = [{loss = 5, startup_stage = yes]"),
        "line 1: project 1: close the entry with }"
    );
    assert_eq!(
        err("projects = 2"),
        "line 1: write the projects in brackets, each in braces: [{loss = 1000000, startup_stage = yes}, {...}], or [] for none"
    );
    assert_eq!(
        list_example(&f[3]),
        "standards_led = [{level = international}, {...}]"
    );
}

#[test]
fn a_comparison_on_a_list_counts_its_entries() {
    let f = with_lists();
    let projects = &f[2];
    assert_eq!(
        fact_option_label(projects),
        "Projects with a loss: number of projects (projects)"
    );
    assert_eq!(fact_option_label(&f[0]), "Cost (cost)");
    assert_eq!(value_label(Some(projects)), "Number of projects");
    assert_eq!(value_label(Some(&f[0])), "Value");
    assert_eq!(
        parse_value(Some(projects), Op::Ge, "2"),
        Ok(FactValue::Number(2))
    );
    assert_eq!(
        parse_value(Some(projects), Op::Ge, "two"),
        Err("enter a whole number of projects, such as 2".into())
    );
    assert!(parse_value(Some(projects), Op::Eq, "-1").is_err());
    let ops: Vec<Op> = ops_for(Some(FactType::List)).iter().map(|o| o.0).collect();
    assert_eq!(ops, [Op::Eq, Op::Ne, Op::Ge, Op::Gt, Op::Le, Op::Lt]);
    assert_eq!(ops_for(Some(FactType::SetOf)).len(), OPS.len());
    // Pointing an "is one of" comparison at a list: a number of entries, tested with "is".
    let mut cmp = Comparison {
        fact: "cost".into(),
        op: Op::In,
        value: FactValue::Set(BTreeSet::new()),
    };
    retype_comparison(&mut cmp, Some(projects));
    assert_eq!(
        (cmp.fact.as_str(), cmp.op, &cmp.value),
        ("projects", Op::Eq, &FactValue::Number(0))
    );
    cmp.op = Op::Ge;
    retype_comparison(&mut cmp, Some(&f[0]));
    assert_eq!(cmp.op, Op::Ge, "a test the new fact offers is kept");
}

#[test]
fn formulas_are_addressed_through_tiers() {
    let mut f = new_formula("tiers", &facts());
    assert_eq!(formula_shape(&f), ("tiers", 1));
    *formula_at_mut(&mut f, &[0]).unwrap() = new_formula("rate", &facts());
    assert_eq!(formula_kind(formula_at(&f, &[0]).unwrap()), "rate");
    for (kind, _) in FORMULA_KINDS {
        assert_eq!(formula_kind(&new_formula(kind, &with_lists())), kind);
    }
}

#[test]
fn a_per_item_formula_nests_its_entry_formula_over_the_lists_fields() {
    let f = with_lists();
    let mut per_item = risk_compensation();
    assert_eq!(
        formula_kind(formula_at(&per_item, &[0]).unwrap()),
        "rate_range"
    );
    assert!(formula_at(&per_item, &[1]).is_none());
    let names = |v: Vec<FactChoice>| v.into_iter().map(|c| c.name).collect::<Vec<_>>();
    assert_eq!(names(scope_at(&per_item, &[], &f)).len(), 4);
    assert_eq!(
        names(scope_at(&per_item, &[0], &f)),
        ["loss", "startup_stage"]
    );
    // The loader's fields: messages about the entry formula show above it, once.
    assert_eq!(formula_field(&per_item, &[]), "formula");
    assert_eq!(formula_field(&per_item, &[0]), "formula.each");
    assert_eq!(
        formula_messages_field(&per_item, &[0]).as_deref(),
        Some("formula.each")
    );
    // The kinds offered: per_item only at the top; in an entry, money only, tiers allowed;
    // in a tier of an entry, no more tiers.
    let kinds =
        |f: &Formula, path: &[usize]| kinds_at(f, path).iter().map(|k| k.0).collect::<Vec<_>>();
    assert_eq!(kinds(&per_item, &[]).len(), FORMULA_KINDS.len());
    assert_eq!(
        kinds(&per_item, &[0]),
        [
            "fixed",
            "up_to",
            "range",
            "rate",
            "rate_range",
            "per_unit",
            "tiers"
        ]
    );
    *formula_at_mut(&mut per_item, &[0]).unwrap() = new_formula("tiers", &f[2].fields);
    assert_eq!(
        kinds(&per_item, &[0, 0]),
        ["fixed", "up_to", "range", "rate", "rate_range", "per_unit"]
    );
    assert_eq!(formula_field(&per_item, &[0, 0]), "formula.each");
    assert_eq!(formula_messages_field(&per_item, &[0, 0]), None);
    let tiers = new_formula("tiers", &f);
    assert!(!kinds(&tiers, &[0]).contains(&"per_item"));
    assert!(!kinds(&tiers, &[0]).contains(&"tiers"));
    assert!(kinds(&tiers, &[0]).contains(&"monthly"));
}

#[test]
fn switching_kind_keeps_what_it_can() {
    let f = with_lists();
    let rate = Formula::Rate {
        rate: Rate::from_bp(5000),
        base: "cost".into(),
        cap: Some(500_000),
        floor: None,
    };
    // Into per_item: the old formula is what one entry gets, over the list's fields.
    let per_item = switch_kind(&rate, "per_item", &f);
    assert_eq!(
        per_item,
        Formula::PerItem {
            items: "projects".into(),
            each: Box::new(Formula::Rate {
                rate: Rate::from_bp(5000),
                base: "loss".into(),
                cap: Some(500_000),
                floor: None,
            }),
            cap: None,
            when: None,
        }
    );
    // Out of per_item: the entry formula, over the applicant's facts again.
    let back = switch_kind(&risk_compensation(), "rate_range", &f);
    assert_eq!(
        back,
        Formula::RateRange {
            min_rate: Rate::from_bp(0),
            max_rate: Rate::from_bp(3000),
            base: "cost".into(),
            cap: Some(1_000_000),
        }
    );
    assert_eq!(
        switch_kind(&rate, "up_to", &f),
        Formula::UpTo { max: 500_000 }
    );
    assert_eq!(
        switch_kind(&back, "rate", &f),
        Formula::Rate {
            rate: Rate::from_bp(3000),
            base: "cost".into(),
            cap: Some(1_000_000),
            floor: None,
        }
    );
    // Something that is not money is no entry formula: a fixed amount to fill in.
    let monthly = Formula::Monthly {
        per_month: 2000,
        months: Some(12),
    };
    match switch_kind(&monthly, "per_item", &f) {
        Formula::PerItem { each, .. } => assert_eq!(*each, Formula::Fixed { amount: 0 }),
        other => panic!("{other:?}"),
    }
    // A fixed amount becomes the first tier.
    match switch_kind(&Formula::Fixed { amount: 7 }, "tiers", &f) {
        Formula::Tiers { by, tiers } => {
            assert_eq!(by, "cost");
            assert_eq!(*tiers[0].formula, Formula::Fixed { amount: 7 });
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn choosing_another_list_follows_its_fields() {
    let f = with_lists();
    let mut per_item = risk_compensation();
    set_items(&mut per_item, "standards_led", &f);
    match &per_item {
        Formula::PerItem {
            items, each, when, ..
        } => {
            assert_eq!(items, "standards_led");
            // No money field: the base is left empty for the loader to point out.
            assert!(matches!(each.as_ref(), Formula::RateRange { base, .. } if base.is_empty()));
            assert_eq!(*when, None, "startup_stage is no field of a standard");
        }
        other => panic!("{other:?}"),
    }
    // The same list again keeps the entry condition.
    let mut same = risk_compensation();
    set_items(&mut same, "projects", &f);
    assert_eq!(same, risk_compensation());
}

fn measure() -> Measure {
    Measure::blank(
        "nwf-2019-1",
        crate::policy::Date::parse("2019-01-01").expect("date"),
    )
}

#[test]
fn the_entry_condition_is_a_condition_tree_of_its_own() {
    let f = with_lists();
    let mut m = measure();
    m.formula = risk_compensation();
    let root = CondRoot::Entries(vec![]);
    assert_eq!(root.prefix(), "when");
    assert_eq!(root.field(&m), "formula.when");
    assert_eq!(CondRoot::Measure.field(&m), "condition");
    assert_eq!(node_at(&m, &root, &[]).map(shape), Some(NodeShape::Compare));
    let scope = cond_scope(&m, &root, &f);
    assert_eq!(scope.len(), 2);
    assert_eq!(cond_scope(&m, &CondRoot::Measure, &f).len(), 4);
    // Wrapped into a group, a second comparison goes next to the first.
    if let Some(node) = root_cond_mut(&mut m, &root) {
        add_beside(node, new_comparison(&scope));
    }
    assert_eq!(node_at(&m, &root, &[]).map(shape), Some(NodeShape::All(2)));
    assert_eq!(
        node_at(&m, &root, &[1]),
        Some(&Condition::Compare(Comparison {
            fact: "loss".into(),
            op: Op::Eq,
            value: FactValue::Number(0),
        }))
    );
    if let Some(Condition::Compare(c)) = node_at_mut(&mut m, &root, &[1]) {
        c.op = Op::Ge;
    }
    assert!(matches!(node_at(&m, &root, &[1]), Some(Condition::Compare(c)) if c.op == Op::Ge));
    assert_eq!(
        m.condition,
        Condition::default(),
        "the measure's own is untouched"
    );
    // Without an entry condition there is no tree.
    if let Formula::PerItem { when, .. } = &mut m.formula {
        *when = None;
    }
    assert!(node_at(&m, &root, &[]).is_none());
}
