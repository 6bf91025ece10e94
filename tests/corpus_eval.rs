//! The regression suite: `vnplan eval` over hand-labelled documents. Fails when any metric
//! falls below its floor. Raise the floors when the extraction improves, so that a later
//! regression is caught.
//!
//! * `corpus/` against `fixtures/*.gold.json` (real plans), floors in `fixtures/floors.json`;
//! * `fixtures/synthetic/` and `fixtures/synthetic2/` (invented plans in conventions the corpus
//!   lacks, labelled by hand by the same rules), floors in their `floors.json`.

use std::collections::BTreeMap;
use std::path::Path;

fn check_floors(gold_dir: &Path, inputs: &Path, floors_file: &Path) {
    let (report, failures) = vnplan::evaluate::evaluate(gold_dir, &[inputs.to_path_buf()]).expect("eval runs");
    assert!(failures.is_empty(), "documents failed: {failures:?}");
    assert!(report.missing_predictions.is_empty(), "gold documents without a prediction: {:?}", report.missing_predictions);
    println!("{}", vnplan::eval::render_table(&report));
    let floors: BTreeMap<String, f64> =
        serde_json::from_str(&std::fs::read_to_string(floors_file).expect("floors file")).expect("floors file parses");
    let values: BTreeMap<String, f64> = vnplan::eval::metric_values(&report).into_iter().collect();
    let mut below = Vec::new();
    for (name, floor) in &floors {
        let v = values.get(name).copied().unwrap_or_else(|| panic!("{} names unknown metric {name}", floors_file.display()));
        if v + 1e-9 < *floor {
            below.push(format!("{name}: {v:.4} < floor {floor:.4}"));
        }
    }
    assert!(below.is_empty(), "metrics below their floors in {}:\n{}", floors_file.display(), below.join("\n"));
    assert_eq!(floors.len(), values.len(), "{} must name every metric", floors_file.display());
}

#[test]
fn corpus_scores_stay_above_the_floors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    check_floors(&root.join("fixtures"), &root.join("corpus"), &root.join("fixtures/floors.json"));
}

#[test]
fn invented_plans_score_above_their_floors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("fixtures/synthetic");
    check_floors(&dir, &dir, &dir.join("floors.json"));
}

#[test]
fn second_invented_set_scores_above_its_floors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("fixtures/synthetic2");
    check_floors(&dir, &dir, &dir.join("floors.json"));
}
