//! What an application for a measure must include. A measure may list its own materials (when
//! the text or the department's practice names them); otherwise the general list applies: the
//! applicant's registration document and the evidence for each fact the measure's condition and
//! formula read, so every material can be traced to the measure's own terms.
use std::collections::BTreeSet;

use super::measure::{Beneficiary, Measure};
use super::vocabulary::Vocabulary;

/// Most materials a measure may list.
pub const MAX_MATERIALS: usize = 20;

/// Longest name of a material.
pub const MAX_MATERIAL_CHARS: usize = 200;

impl Measure {
    /// The materials an application must include: the measure's own list, or the general one
    /// (the registration document for the kind of applicant, then "Evidence of <fact>" for
    /// each fact the condition and formula read, in the vocabulary's wording).
    pub fn required_materials(&self, vocab: &Vocabulary) -> Vec<String> {
        if !self.materials.is_empty() {
            return self.materials.clone();
        }
        let registration = match self.beneficiary {
            Beneficiary::Individual => "Identity document of the applicant (copy)",
            _ => "Business licence or registration certificate (copy)",
        };
        let mut facts = BTreeSet::new();
        self.condition.facts(&mut facts);
        self.formula.facts(&mut facts);
        std::iter::once(registration.to_string())
            .chain(
                facts
                    .iter()
                    // Who is applying is shown by the registration document already.
                    .filter(|f| f.as_str() != "applicant_type")
                    .map(|f| {
                        let label = vocab.get(f).map_or(f.as_str(), |d| d.label.as_str());
                        format!("Evidence of {label}")
                    }),
            )
            .collect()
    }
}

/// The problem with a measure's own list of materials, if any.
pub fn materials_problem(materials: &[String]) -> Option<String> {
    if materials.len() > MAX_MATERIALS {
        return Some(format!("list at most {MAX_MATERIALS} materials"));
    }
    let mut seen = BTreeSet::new();
    for m in materials {
        let name = m.trim();
        if name.is_empty() {
            return Some("a material needs a name".into());
        }
        if name.chars().count() > MAX_MATERIAL_CHARS {
            return Some(format!(
                "\"{name}\" is longer than {MAX_MATERIAL_CHARS} characters"
            ));
        }
        if !seen.insert(name) {
            return Some(format!("\"{name}\" is listed twice"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::seed;

    #[test]
    fn the_general_list_follows_the_measures_terms() {
        let catalog = seed::load().expect("seed loads");
        let m = catalog
            .measure("nwf-2020-1.ip-litigation-subsidy")
            .expect("exists");
        assert!(m.materials.is_empty());
        let list = m.required_materials(&catalog.vocabulary);
        assert_eq!(
            list[0],
            "Business licence or registration certificate (copy)"
        );
        assert!(list.len() > 1, "{list:?}");
        assert!(
            list[1..].iter().all(|l| l.starts_with("Evidence of ")),
            "{list:?}"
        );
        // Every seeded measure has a list, and no list repeats itself.
        for m in &catalog.measures {
            let list = m.required_materials(&catalog.vocabulary);
            assert!(!list.is_empty(), "{}", m.id);
            assert_eq!(materials_problem(&list), None, "{}", m.id);
        }
    }

    #[test]
    fn a_measures_own_list_is_used_and_checked() {
        let catalog = seed::load().expect("seed loads");
        let mut m = catalog
            .measure("nwf-2020-1.ip-litigation-subsidy")
            .expect("exists")
            .clone();
        m.materials = vec!["Court judgment".into(), "Lawyer's invoices".into()];
        assert_eq!(m.required_materials(&catalog.vocabulary), m.materials);
        assert_eq!(materials_problem(&m.materials), None);
        let twice = vec!["Invoice".to_string(), " Invoice ".to_string()];
        assert_eq!(
            materials_problem(&twice).as_deref(),
            Some("\"Invoice\" is listed twice")
        );
        assert!(materials_problem(&[" ".to_string()]).is_some());
        assert!(materials_problem(&[]).is_none());
        let long = "长".repeat(MAX_MATERIAL_CHARS + 1);
        assert!(materials_problem(&[long]).is_some());
        let many: Vec<String> = (0..=MAX_MATERIALS).map(|i| format!("m{i}")).collect();
        assert!(materials_problem(&many).is_some());
        // A catalog with the list loads and exports it again.
        let changed = catalog.with_measure(&m).expect("valid");
        let again = changed.to_toml_files().expect("exports");
        let back =
            crate::policy::Catalog::load(again.iter().map(|(n, t)| (n.as_str(), t.as_str())))
                .expect("loads");
        assert_eq!(
            back.measure(&m.id).map(|m| m.materials.clone()),
            Some(m.materials.clone())
        );
    }
}
