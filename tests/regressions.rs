//! Inputs that once made the pipeline panic, found by fuzzing (`tests/fuzz.rs`, `fuzz/`).
//!
//! Each case is the minimised input pasted as a literal, named after what it broke, and run
//! through the same checks as the fuzzers (`tests/support/pipeline_check.rs`: decode →
//! normalize → segment → extract → JSON/CSV output, with the output invariants). A case that
//! still fails in the current code is `#[ignore]`d with the location of the panic; remove the
//! `#[ignore]` with the fix.

#[path = "support/pipeline_check.rs"]
mod pipeline_check;

use std::fs;
use std::process::Command;

fn check(text: &str) {
    assert!(pipeline_check::check_bytes(text.as_bytes()), "the input decodes");
}

/// `metadata::province_of` finds `tỉnh ` in `issuer.to_lowercase()` and slices `issuer` at that
/// byte offset; a letter whose lower case has another UTF-8 length (`Ⱥ` 2 → 3 bytes, `İ`
/// 2 → 3 bytes) shifts the offset into the middle of `Đ`.
/// Panicked at src/metadata.rs:302 ("start byte index 11 is not a char boundary").
/// Found by `plan_like_documents_never_panic` (200k-case run).
#[test]
fn province_after_a_letter_whose_lower_case_is_longer() {
    check("Ⱥ tỉnh Đà\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    check("UBND TỈNH İ tỉnh Đà\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    check("ȺCông an tỉnh đ)KẾ HOẠCHTriển khai chuyển đổi số năm 2025\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMCơ quan chủ trì: Sở Thông tin và Truyền thông");
}

/// The same input in a batch: one document that panics must not take the others down
/// (SPEC §7). Today the panic in a rayon worker aborts `convert` with exit code 101 and no
/// CSV, errors.jsonl or summary.json is written.
#[test]
fn a_panicking_document_does_not_stop_the_batch() {
    let input = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("tempdir");
    fs::write(input.path().join("good.txt"), "KẾ HOẠCH\nTriển khai năm 2025\nI. MỤC TIÊU\n").expect("write");
    fs::write(input.path().join("bad.txt"), "Ⱥ tỉnh Đà\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n").expect("write");
    let run = Command::new(env!("CARGO_BIN_EXE_vnplan"))
        .arg("convert")
        .arg(input.path())
        .arg("-o")
        .arg(out.path())
        .arg("--quiet")
        .output()
        .expect("run vnplan");
    assert_ne!(run.status.code(), Some(101), "convert panicked: {}", String::from_utf8_lossy(&run.stderr));
    assert!(out.path().join("documents/good.json").is_file());
    assert!(out.path().join("documents.csv").is_file(), "the CSV files are written");
    assert!(out.path().join("summary.json").is_file(), "the summary is written");
}
