//! The one rule for measure ids.
/// Longest measure id accepted.
pub const MAX_ID_LEN: usize = 120;

/// The one rule for measure ids, used by the catalog loader, the editor's validation and its
/// drafts: `<document slug>.<name>` in lower-case letters, digits, `-`, `_` and `.`. With
/// `doc`, the id must start with that document's slug. `None` when the id is acceptable.
pub fn id_problem(id: &str, doc: Option<&str>) -> Option<String> {
    if id.trim().is_empty() {
        return Some("give the measure an id such as nwf-2020-1.new-award".into());
    }
    if id.len() > MAX_ID_LEN
        || !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-._".contains(&b))
    {
        return Some(format!(
            "use lower-case letters, digits, '-', '_' and '.' (at most {MAX_ID_LEN})"
        ));
    }
    if id.ends_with('.') {
        return Some("add a name after the document prefix".into());
    }
    match doc {
        Some(doc) if !id.starts_with(&format!("{doc}.")) => {
            Some(format!("measure ids of {doc} start with \"{doc}.\""))
        }
        _ => None,
    }
}

#[cfg(test)]
mod id_tests {
    use super::id_problem;

    #[test]
    fn one_rule_for_measure_ids() {
        assert_eq!(id_problem("nwf-2020-1.new-award", Some("nwf-2020-1")), None);
        assert_eq!(id_problem("nwf-2020-1.new_award", None), None);
        assert!(id_problem("", None)
            .unwrap()
            .contains("give the measure an id"));
        assert!(id_problem("NWF.x", None).unwrap().contains("lower-case"));
        assert!(id_problem(&"a".repeat(121), None)
            .unwrap()
            .contains("at most 120"));
        assert!(id_problem("nwf-2020-1.", None)
            .unwrap()
            .contains("add a name"));
        assert_eq!(
            id_problem("jingan-2018.x", Some("nwf-2020-1")).as_deref(),
            Some("measure ids of nwf-2020-1 start with \"nwf-2020-1.\"")
        );
    }
}
