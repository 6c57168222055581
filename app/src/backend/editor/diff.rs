//! Field-by-field changes between two versions of a measure.
use std::collections::BTreeMap;

use crate::backend::store::Backend;
use crate::wire::editor::FieldChange;
use crate::wire::errors::AppError;

use super::*;

/// Field-by-field changes between two versions.
pub async fn diff(
    backend: &Backend,
    id: &str,
    from: i64,
    to: i64,
) -> Result<Vec<FieldChange>, AppError> {
    let a = version_body(backend, id, from)
        .await?
        .ok_or(AppError::NotFound)?;
    let b = version_body(backend, id, to)
        .await?
        .ok_or(AppError::NotFound)?;
    let (a, b) = (
        serde_json::to_value(&a).map_err(|e| AppError::invalid(e.to_string()))?,
        serde_json::to_value(&b).map_err(|e| AppError::invalid(e.to_string()))?,
    );
    Ok(changes(&a, &b))
}

/// Flattens JSON into `path = value` pairs.
pub(super) fn flatten(prefix: &str, v: &serde_json::Value, out: &mut BTreeMap<String, String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&p, v, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), v, out);
            }
        }
        serde_json::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        serde_json::Value::Null => {}
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

/// The fields that differ between two JSON values, in path order.
pub fn changes(a: &serde_json::Value, b: &serde_json::Value) -> Vec<FieldChange> {
    let (mut fa, mut fb) = (BTreeMap::new(), BTreeMap::new());
    flatten("", a, &mut fa);
    flatten("", b, &mut fb);
    let keys: std::collections::BTreeSet<&String> = fa.keys().chain(fb.keys()).collect();
    keys.into_iter()
        .filter(|k| fa.get(*k) != fb.get(*k))
        .map(|k| FieldChange {
            field: k.clone(),
            before: fa.get(k).cloned().unwrap_or_default(),
            after: fb.get(k).cloned().unwrap_or_default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_lists_changed_fields_only() {
        let a = serde_json::json!({"title": "A", "formula": {"kind": "rate", "cap": 500000}, "version": 1});
        let b = serde_json::json!({"title": "A", "formula": {"kind": "rate", "cap": 600000}, "version": 2});
        let c = changes(&a, &b);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].field, "formula.cap");
        assert_eq!(
            (c[0].before.as_str(), c[0].after.as_str()),
            ("500000", "600000")
        );
    }
}
