//! Tests of the wizard's form: questions shown for facts and lists, and posted fields read back.
use super::*;
use crate::policy::seed;

fn projects() -> FactDef {
    let toml = r#"
name = "projects"
type = "list"
label = "Projects"
item_label = "project"
question = "Projects?"
step = "rd_investment"
max = 3
fields = [
  { name = "loss", type = "money", label = "Loss", question = "Loss?", min = 0 },
  { name = "stage", type = "one_of", label = "Stage", question = "Stage?", options = [{ value = "a", label = "A" }, { value = "b", label = "B" }] },
]
"#;
    toml::from_str(toml).expect("fixture")
}

fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn read(raw: &[(&str, &str)], go: &str) -> (Read, BTreeMap<String, String>, Vec<FieldError>) {
    let (mut kept, mut errors) = (BTreeMap::new(), Vec::new());
    let action = RowAction::parse(go);
    let r = read_question(
        &projects(),
        &form(raw),
        action.as_ref(),
        &mut kept,
        &mut errors,
    );
    (r, kept, errors)
}

#[test]
fn reads_entries_and_drops_blank_ones() {
    let (r, kept, errors) = read(
        &[
            ("projects.rows", "3"),
            ("projects.1.loss", "3,000,000"),
            ("projects.1.stage", "a"),
            ("projects.2.loss", ""),
            ("projects.2.stage", ""),
            ("projects.3.loss", "2,000,000"),
            ("projects.3.stage", "b"),
        ],
        "next",
    );
    assert!(errors.is_empty(), "{errors:?}");
    let Read::Answer(Some(FactValue::Items(items))) = r else {
        panic!("{r:?}")
    };
    assert_eq!(items.len(), 2);
    assert_eq!(items[1]["loss"], FactValue::Number(2_000_000));
    assert_eq!(kept["projects.rows"], "2");
    assert_eq!(kept["projects.2.loss"], "2,000,000");
}

#[test]
fn errors_name_the_entry_and_the_field() {
    let (r, kept, errors) = read(
        &[
            ("projects.rows", "2"),
            ("projects.1.loss", "5000000"),
            ("projects.1.stage", "a"),
            ("projects.2.loss", "lots"),
            ("projects.2.stage", ""),
        ],
        "next",
    );
    assert_eq!(r, Read::Invalid);
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["projects.2.loss", "projects.2.stage"]);
    assert_eq!(errors[1].message, "Answer this question for this entry.");
    assert_eq!(kept["projects.2.loss"], "lots");
}

#[test]
fn add_and_remove_renumber_the_entries() {
    let raw = [
        ("projects.rows", "2"),
        ("projects.1.loss", "1"),
        ("projects.1.stage", "a"),
        ("projects.2.loss", "2"),
        ("projects.2.stage", "b"),
    ];
    let (r, kept, _) = read(&raw, "add:projects");
    assert!(matches!(r, Read::Answer(Some(FactValue::Items(ref i))) if i.len() == 2));
    assert_eq!(kept["projects.rows"], "3");
    let (r, kept, _) = read(&raw, "remove:projects:1");
    let Read::Answer(Some(FactValue::Items(items))) = r else {
        panic!()
    };
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["loss"], FactValue::Number(2));
    assert_eq!(kept["projects.rows"], "1");
    assert_eq!(kept["projects.1.loss"], "2");
    // No more than the list's max: the add button does nothing at 3 entries.
    let mut full = raw.to_vec();
    full.extend([
        ("projects.3.loss", "3"),
        ("projects.3.stage", "a"),
        ("projects.rows", "3"),
    ]);
    full.remove(0);
    let (_, kept, _) = read(&full, "add:projects");
    assert_eq!(kept["projects.rows"], "3");
}

#[test]
fn the_view_shows_typed_rows_or_stored_entries() {
    let def = projects();
    let q = question_view(&def, None, None, None, false);
    assert_eq!(q.kind, "list");
    assert_eq!(q.rows.len(), 1);
    assert_eq!(q.rows[0].legend, "Project 1");
    assert_eq!(q.rows[0].fields[0].fact, "projects.1.loss");
    assert!(q.can_add);
    let stored = FactValue::Items(vec![
        Facts::from([("loss".to_string(), FactValue::Number(7))]),
        Facts::from([("loss".to_string(), FactValue::Number(8))]),
    ]);
    let q = question_view(&def, Some(&stored), None, None, false);
    assert_eq!(q.rows.len(), 2);
    assert_eq!(q.rows[1].fields[0].value, "8");
    let raw = form(&[("projects.rows", "3"), ("projects.3.loss", "x")]);
    let errors = [FieldError {
        field: "projects.3.loss".into(),
        message: "bad".into(),
    }];
    let typed = Typed {
        raw: &raw,
        errors: &errors,
    };
    let q = question_view(&def, Some(&stored), Some(&typed), None, false);
    assert_eq!(q.rows.len(), 3);
    assert_eq!(q.rows[2].fields[0].error.as_deref(), Some("bad"));
    assert!(!q.can_add);
    // The seeded catalog's lists all have fields the form can show.
    let catalog = seed::load().expect("catalog");
    for def in catalog
        .vocabulary
        .iter()
        .filter(|d| d.fact_type == FactType::List)
    {
        let q = question_view(def, None, None, None, false);
        assert_eq!(q.rows[0].fields.len(), def.fields.len());
    }
}
