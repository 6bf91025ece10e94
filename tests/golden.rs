//! Golden files per stage: every `fixtures/golden/<name>.{txt,md}` input has
//! `<name>.normalized.txt` (the normalize stage) and `<name>.json` (segmentation and extraction:
//! the full output document). Run with `VNPLAN_BLESS=1` to rewrite the expected files after a
//! deliberate change, then review the diff.

use std::fs;
use std::path::{Path, PathBuf};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/golden")
}

fn inputs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(golden_dir())
        .expect("fixtures/golden exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            (name.ends_with(".txt") || name.ends_with(".md")) && !name.ends_with(".normalized.txt")
        })
        .collect();
    v.sort();
    v
}

fn check(expected_path: &Path, actual: &str, failures: &mut Vec<String>) {
    if std::env::var_os("VNPLAN_BLESS").is_some() {
        fs::write(expected_path, actual).expect("write golden");
        return;
    }
    match fs::read_to_string(expected_path) {
        Ok(expected) if expected == actual => {}
        Ok(expected) => {
            let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).map_or(0, |i| i + 1);
            failures
                .push(format!("{} differs (first difference at line {line}); run with VNPLAN_BLESS=1 to accept", expected_path.display()));
        }
        Err(_) => failures.push(format!("{} is missing; run with VNPLAN_BLESS=1 to create it", expected_path.display())),
    }
}

#[test]
fn golden_stages() {
    let inputs = inputs();
    assert!(inputs.len() >= 4, "golden inputs present");
    let mut failures = Vec::new();
    for input in inputs {
        let bytes = fs::read(&input).expect("read input");
        let stem = input.file_stem().and_then(|s| s.to_str()).expect("stem").to_string();
        let decoded = vnplan::decode::decode(&bytes).expect("golden inputs decode");
        let normalized = vnplan::normalize::normalize_to_string(&decoded.text);
        check(&golden_dir().join(format!("{stem}.normalized.txt")), &normalized, &mut failures);
        let doc = vnplan::pipeline::process_bytes(&stem, &format!("fixtures/golden/{stem}"), &bytes).expect("process");
        let json = String::from_utf8(vnplan::output::document_json(&doc)).expect("utf-8 json");
        check(&golden_dir().join(format!("{stem}.json")), &json, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
