//! A stored result as CSV, for spreadsheets: one row per eligible measure and a total.
use std::borrow::Cow;

use app::wire::wizard::ResultView;

/// The columns, in order. The last, on every row, is the catalog version the result was
/// computed with (empty for a result older than versions).
const HEADER: [&str; 8] = [
    "category",
    "measure_id",
    "title",
    "amount",
    "counted",
    "citation",
    "calculation",
    "catalog_version",
];

/// A text cell as written: one that a spreadsheet would run as a formula (or, after a tab or
/// carriage return, could) gets a leading `'`, so it is shown as text. Every cell of the export
/// is text (amounts are in words), and titles, citations and traces come from edited catalog
/// data, so the rule applies to all of them.
fn text_cell(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// The CSV of a result. The calculation column holds the trace, one line per step (per entry
/// of a list, the cap per entry and the cap across entries each on a line of its own), each
/// with its citation.
pub fn write(r: &ResultView) -> Result<String, csv::Error> {
    let mut out = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    out.write_record(HEADER)?;
    let version = r.catalog_version.as_str();
    let mut row = |cells: [&str; 7]| {
        let [a, b, c, d, e, f, g] = cells;
        out.write_record(
            [a, b, c, d, e, f, g, version]
                .map(text_cell)
                .iter()
                .map(|c| &**c),
        )
    };
    for g in &r.groups {
        for i in &g.items {
            row([
                &g.label,
                &i.id,
                &i.title,
                &i.amount,
                &i.counted,
                &i.citation,
                &i.trace.join("\n"),
            ])?;
        }
    }
    for i in &r.non_monetary {
        row([
            "Non-monetary",
            &i.id,
            &i.title,
            &i.amount,
            "",
            &i.citation,
            &i.trace.join("\n"),
        ])?;
    }
    row(["Total", "", "", &r.total, "", "", ""])?;
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    // Every cell was a `&str`, so the output is UTF-8.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::wire::wizard::{ResultGroup, ResultItem};

    fn item(title: &str, trace: &[&str]) -> ResultItem {
        ResultItem {
            id: "nwf-2019-1.x".into(),
            title: title.into(),
            citation: "nwf-2019-1, item 1".into(),
            amount: "400,000 yuan".into(),
            counted: "400,000 yuan".into(),
            counted_high: 400_000,
            trace: trace.iter().map(|s| s.to_string()).collect(),
            notes: vec![],
        }
    }

    fn result(items: Vec<ResultItem>, non_monetary: Vec<ResultItem>) -> ResultView {
        ResultView {
            id: "0".repeat(32),
            as_of: "2024-06-01".into(),
            total: "400,000 yuan".into(),
            financing_total: None,
            monthly_total: None,
            groups: vec![ResultGroup {
                category: "talent".into(),
                label: "Talent".into(),
                subtotal: "400,000 yuan".into(),
                subtotal_high: 400_000,
                items,
            }],
            non_monetary,
            rules: vec![],
            pending: vec![],
            unexplored: 0,
            near_misses: vec![],
            answers: vec![],
            catalog_version: "0123456789abcdef".into(),
        }
    }

    /// Reads the CSV back as a spreadsheet importer would.
    fn rows(text: &str) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.expect("record").iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn cells_that_would_run_as_formulas_are_neutralised() {
        for (title, cell) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("Talent award", "Talent award"),
            ("a = b", "a = b"),
            ("", ""),
        ] {
            let text = write(&result(vec![item(title, &[])], vec![])).expect("csv");
            assert_eq!(rows(&text)[1][2], cell, "{title:?}");
        }
        // Every column is checked, the fixed labels included.
        let text = write(&result(vec![item("x", &["-1 yuan", "=2"])], vec![])).expect("csv");
        assert_eq!(rows(&text)[1][6], "'-1 yuan\n=2");
    }

    #[test]
    fn the_export_has_a_header_a_row_per_measure_and_a_total() {
        let text = write(&result(
            vec![item(
                "R&D reward, \"A\"",
                &["10% x 4,000,000 = 400,000", "capped"],
            )],
            vec![item("Priority service", &[])],
        ))
        .expect("csv");
        assert!(text.starts_with(
            "\"category\",\"measure_id\",\"title\",\"amount\",\"counted\",\"citation\",\"calculation\",\"catalog_version\"\n"
        ));
        assert!(text.contains("\"400,000 yuan\""), "{text}");
        let rows = rows(&text);
        assert_eq!(rows.len(), 4, "{rows:?}");
        assert_eq!(rows[1][0], "Talent");
        assert_eq!(rows[1][2], "R&D reward, \"A\"");
        assert_eq!(rows[1][6], "10% x 4,000,000 = 400,000\ncapped");
        assert_eq!(rows[2][0], "Non-monetary");
        assert_eq!(rows[2][4], "");
        assert_eq!(
            rows[3],
            [
                "Total",
                "",
                "",
                "400,000 yuan",
                "",
                "",
                "",
                "0123456789abcdef"
            ]
        );
        assert!(rows.iter().skip(1).all(|r| r[7] == "0123456789abcdef"));
    }
}
