//! The pipeline run and invariant checks shared by the fuzz target (`fuzz/fuzz_targets/`), the
//! property tests (`tests/fuzz.rs`) and the regression cases they found (`tests/regressions.rs`).
//!
//! [`check_bytes`] takes any bytes through decode → normalize → segment → extract → JSON,
//! JSON-lines, CSV and the eval view, and asserts what must hold for every input that decodes:
//! one normalized line per original line, every line number inside the input, indices that
//! point at existing items, JSON that parses back, CSV rows as wide as their header.
//! A rejected input (empty, binary, undecodable) is fine; a panic anywhere is a bug.

use vnplan::batch::render_csv;
use vnplan::output::{self, CSV_FILES};
use vnplan::{decode, normalize, pipeline};

/// Runs the whole pipeline on `bytes` and checks its invariants; panics on a violation.
/// Returns whether the input was accepted (decoded).
pub fn check_bytes(bytes: &[u8]) -> bool {
    let Ok(doc) = pipeline::process_bytes("fuzz/doc", "fuzz/doc.txt", bytes) else {
        return false;
    };
    let text = decode::decode(bytes).expect("process_bytes accepted these bytes, so decode does").text;
    let n_lines = normalize::split_lines(&text).len();
    let lines = normalize::normalize(&text);
    assert_eq!(lines.len(), n_lines, "normalization must keep one line per original line");
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l.no, i + 1, "Line::no must be the original line number");
    }

    let in_input = |what: &str, line: usize| {
        assert!(line >= 1 && line <= n_lines, "{what} line {line} outside 1..={n_lines}");
    };
    for (i, s) in doc.sections.iter().enumerate() {
        in_input("section", s.line);
        if let Some(p) = s.parent {
            assert!(p < i, "section {i} has parent {p}, not an earlier section");
        }
    }
    for t in &doc.tables {
        in_input("table", t.line);
        assert!(t.first_idx <= t.end_idx && t.end_idx <= n_lines, "table extent {}..{} of {n_lines}", t.first_idx, t.end_idx);
        if let Some(s) = t.section {
            assert!(s < doc.sections.len(), "table section {s} of {}", doc.sections.len());
        }
        for r in &t.rows {
            in_input("row", r.line);
        }
    }
    for t in &doc.tasks {
        in_input("task", t.line);
        for &a in t.lead.iter().chain(&t.partners) {
            assert!(a < doc.agencies.len(), "task agency {a} of {}", doc.agencies.len());
        }
        for &r in &t.legal_refs {
            assert!(r < doc.legal_refs.len(), "task legal ref {r} of {}", doc.legal_refs.len());
        }
        if let Some(tb) = t.table {
            assert!(tb < doc.tables.len(), "task table {tb} of {}", doc.tables.len());
        }
        if let Some(s) = t.section {
            assert!(s < doc.sections.len(), "task section {s} of {}", doc.sections.len());
        }
    }
    for r in &doc.legal_refs {
        in_input("legal reference", r.reference.line);
    }
    for d in &doc.dates {
        in_input("date", d.line);
    }
    for d in &doc.diagnostics {
        if let Some(l) = d.line {
            in_input("diagnostic", l);
        }
    }

    let json = output::document_json(&doc);
    let value: serde_json::Value = serde_json::from_slice(&json).expect("document JSON parses");
    assert_eq!(value["doc_id"], "fuzz/doc");
    let json_line = output::document_json_line(&doc);
    assert_eq!(json_line.iter().filter(|&&b| b == b'\n').count(), 1, "a JSON line holds one line break, at its end");
    let from_line: serde_json::Value = serde_json::from_slice(&json_line).expect("JSON line parses");
    assert_eq!(from_line, value, "JSON and JSON line hold the same document");

    let rows = output::csv_rows(&doc);
    assert_eq!(rows.len(), CSV_FILES.len());
    for ((name, header), file_rows) in CSV_FILES.iter().zip(&rows) {
        for row in file_rows {
            assert_eq!(row.len(), header.len(), "{name}: row width");
            assert_eq!(row[0], "fuzz/doc", "{name}: first column is doc_id");
        }
        for excel_safe in [false, true] {
            let bytes = render_csv(header, file_rows, excel_safe).expect("CSV renders");
            let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(&bytes[..]);
            let mut n = 0;
            for record in reader.records() {
                let record = record.expect("rendered CSV parses");
                assert_eq!(record.len(), header.len(), "{name}: rendered row width");
                n += 1;
            }
            assert_eq!(n, file_rows.len(), "{name}: every row reads back");
        }
    }
    let _ = output::eval_view(&doc);
    true
}
