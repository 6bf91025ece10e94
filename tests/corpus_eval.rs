//! The regression suite: `vnplan eval` over `corpus/` against the hand-labelled `fixtures/`.
//! Fails when any metric falls below its floor in `fixtures/floors.json`. Raise the floors when
//! the extraction improves, so that a later regression is caught.

use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn corpus_scores_stay_above_the_floors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (report, failures) = vnplan::evaluate::evaluate(&root.join("fixtures"), &[root.join("corpus")]).expect("eval runs");
    assert!(failures.is_empty(), "corpus documents failed: {failures:?}");
    println!("{}", vnplan::eval::render_table(&report));
    let floors: BTreeMap<String, f64> =
        serde_json::from_str(&std::fs::read_to_string(root.join("fixtures/floors.json")).expect("floors.json"))
            .expect("floors.json parses");
    let values: BTreeMap<String, f64> = vnplan::eval::metric_values(&report).into_iter().collect();
    let mut below = Vec::new();
    for (name, floor) in &floors {
        let v = values.get(name).copied().unwrap_or_else(|| panic!("floors.json names unknown metric {name}"));
        if v + 1e-9 < *floor {
            below.push(format!("{name}: {v:.4} < floor {floor:.4}"));
        }
    }
    assert!(below.is_empty(), "metrics below their floors:\n{}", below.join("\n"));
    assert_eq!(floors.len(), values.len(), "floors.json must name every metric");
}
