//! Condition trees: which tree an editor part shows, the node at a path, the facts its
//! comparisons may read, and adding and removing nodes.
use super::{formula_at, formula_at_mut, formula_field, path_id, scope_at};
use crate::policy::{Comparison, Condition, FactType, FactValue, Formula, Measure, Op};
use crate::wire::editor::FactChoice;

/// Which condition tree an editor part shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CondRoot {
    /// The measure's condition: who qualifies.
    #[default]
    Measure,
    /// The entry condition (`when`) of the per_item formula at this formula path: which entries
    /// of the list count. Its comparisons read the list's fields.
    Entries(Vec<usize>),
}

impl CondRoot {
    /// What element ids of this tree start with: `cond` or `when`.
    pub fn prefix(&self) -> String {
        match self {
            CondRoot::Measure => "cond".into(),
            CondRoot::Entries(path) => path_id("when", path),
        }
    }

    /// The loader's field for messages about this tree: `condition` or `formula.when`.
    pub fn field(&self, m: &Measure) -> String {
        match self {
            CondRoot::Measure => "condition".into(),
            CondRoot::Entries(path) => format!("{}.when", formula_field(&m.formula, path)),
        }
    }
}

/// The root of a condition tree (`None`: a per_item formula without an entry condition).
pub fn root_cond<'a>(m: &'a Measure, root: &CondRoot) -> Option<&'a Condition> {
    match root {
        CondRoot::Measure => Some(&m.condition),
        CondRoot::Entries(path) => match formula_at(&m.formula, path)? {
            Formula::PerItem { when, .. } => when.as_ref(),
            _ => None,
        },
    }
}

/// The root of a condition tree, for changing it.
pub fn root_cond_mut<'a>(m: &'a mut Measure, root: &CondRoot) -> Option<&'a mut Condition> {
    match root {
        CondRoot::Measure => Some(&mut m.condition),
        CondRoot::Entries(path) => match formula_at_mut(&mut m.formula, path)? {
            Formula::PerItem { when, .. } => when.as_mut(),
            _ => None,
        },
    }
}

/// The node at `path` of a condition tree.
pub fn node_at<'a>(m: &'a Measure, root: &CondRoot, path: &[usize]) -> Option<&'a Condition> {
    cond_at(root_cond(m, root)?, path)
}

/// The node at `path` of a condition tree, for changing it.
pub fn node_at_mut<'a>(
    m: &'a mut Measure,
    root: &CondRoot,
    path: &[usize],
) -> Option<&'a mut Condition> {
    cond_at_mut(root_cond_mut(m, root)?, path)
}

/// The facts the comparisons of a condition tree may read: the declared facts, or the fields
/// of the list whose entries the tree selects.
pub fn cond_scope(m: &Measure, root: &CondRoot, facts: &[FactChoice]) -> Vec<FactChoice> {
    match root {
        CondRoot::Measure => facts.to_vec(),
        CondRoot::Entries(path) => {
            let scope = scope_at(&m.formula, path, facts);
            match formula_at(&m.formula, path) {
                Some(Formula::PerItem { items, .. }) => entry_fields(items, &scope),
                _ => Vec::new(),
            }
        }
    }
}

/// The fields of the list fact `list` among `facts` (none when it is not a declared list).
pub fn entry_fields(list: &str, facts: &[FactChoice]) -> Vec<FactChoice> {
    facts
        .iter()
        .find(|f| f.name == list && f.fact_type == FactType::List)
        .map(|f| f.fields.clone())
        .unwrap_or_default()
}

/// The node at `path` (child indexes; a `not` has one child, index 0).
pub fn cond_at<'a>(c: &'a Condition, path: &[usize]) -> Option<&'a Condition> {
    let Some((first, rest)) = path.split_first() else {
        return Some(c);
    };
    let child = match c {
        Condition::All { all: parts } | Condition::Any { any: parts } => parts.get(*first)?,
        Condition::Not { not } if *first == 0 => not,
        _ => return None,
    };
    cond_at(child, rest)
}

/// The node at `path`, for changing it.
pub fn cond_at_mut<'a>(c: &'a mut Condition, path: &[usize]) -> Option<&'a mut Condition> {
    let Some((first, rest)) = path.split_first() else {
        return Some(c);
    };
    let child = match c {
        Condition::All { all: parts } | Condition::Any { any: parts } => parts.get_mut(*first)?,
        Condition::Not { not } if *first == 0 => not,
        _ => return None,
    };
    cond_at_mut(child, rest)
}

/// What a condition node looks like, without its values: the editor redraws a node only when
/// this changes, so typing in a field never loses focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeShape {
    /// `all` with this many parts.
    All(usize),
    /// `any` with this many parts.
    Any(usize),
    /// `not`.
    Not,
    /// A comparison.
    Compare,
}

/// The shape of a node.
pub fn shape(c: &Condition) -> NodeShape {
    match c {
        Condition::All { all } => NodeShape::All(all.len()),
        Condition::Any { any } => NodeShape::Any(any.len()),
        Condition::Not { .. } => NodeShape::Not,
        Condition::Compare(_) => NodeShape::Compare,
    }
}

/// Removes the child at the end of `path` from its group (or unwraps a `not`).
pub fn remove_at(root: &mut Condition, path: &[usize]) {
    let Some((last, parent)) = path.split_last() else {
        *root = Condition::default();
        return;
    };
    match cond_at_mut(root, parent) {
        Some(Condition::All { all: parts } | Condition::Any { any: parts })
            if *last < parts.len() =>
        {
            parts.remove(*last);
        }
        Some(node @ Condition::Not { .. }) => *node = Condition::default(),
        _ => {}
    }
}

/// Adds `part` to a group, or puts the node and `part` in an ALL group when the node is not
/// one (a lone comparison at the top of a tree).
pub fn add_beside(node: &mut Condition, part: Condition) {
    match node {
        Condition::All { all: parts } | Condition::Any { any: parts } => parts.push(part),
        other => {
            let first = std::mem::take(other);
            *other = Condition::All {
                all: vec![first, part],
            };
        }
    }
}

/// A new comparison on the first fact offered.
pub fn new_comparison(facts: &[FactChoice]) -> Condition {
    let fact = facts.first().map(|f| f.name.clone()).unwrap_or_default();
    let value = facts
        .first()
        .map(|f| default_value(f.fact_type))
        .unwrap_or(FactValue::Bool(true));
    Condition::Compare(Comparison {
        fact,
        op: Op::Eq,
        value,
    })
}

/// A value of the right type to start from.
pub fn default_value(t: FactType) -> FactValue {
    match t {
        FactType::Bool => FactValue::Bool(true),
        // A list compares by its number of entries.
        FactType::Money | FactType::Count | FactType::Percent | FactType::List => {
            FactValue::Number(0)
        }
        FactType::OneOf | FactType::SetOf | FactType::Date => FactValue::Text(String::new()),
    }
}
