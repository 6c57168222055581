//! What the benchmarks over stored answers share.
use app::policy::{FactValue, Facts};

/// Stored answers of varied enterprises: litigation costs from 100,000 to 2,000,000 (about half
/// above the cap), R&D spending, patents, Nanjing or not.
pub fn applicant(i: usize) -> Facts {
    Facts::from([
        (
            "applicant_kind".into(),
            FactValue::Text("enterprise".into()),
        ),
        (
            "located_in_nanjing".into(),
            FactValue::Bool(!i.is_multiple_of(10)),
        ),
        ("ip_dispute_outcome".into(), FactValue::Text("won".into())),
        (
            "ip_litigation_cost_cny".into(),
            FactValue::Number(100_000 * (1 + (i % 20) as i64)),
        ),
        (
            "rd_expense_cny".into(),
            FactValue::Number(1_000_000 * (i % 7) as i64),
        ),
        (
            "invention_patents_granted".into(),
            FactValue::Number((i % 5) as i64),
        ),
    ])
}
