//! End-to-end tests of the `vnplan` binary: conversion of the bundled corpus, schema validity
//! of every output document, determinism across `--jobs`, failure isolation in a mixed batch.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn vnplan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vnplan"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const CSV_NAMES: [&str; 7] =
    ["documents.csv", "sections.csv", "tables.csv", "tasks.csv", "task_agencies.csv", "agencies.csv", "legal_refs.csv"];

fn convert(inputs: &[&Path], out: &Path, extra: &[&str]) -> std::process::Output {
    let mut cmd = vnplan();
    cmd.arg("convert");
    for i in inputs {
        cmd.arg(i);
    }
    cmd.arg("-o").arg(out).arg("--quiet").args(extra);
    cmd.output().expect("run vnplan")
}

/// All files under `dir`, relative path → bytes, without summary.json (it holds timings).
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        if e.file_type().is_file() && e.file_name() != "summary.json" {
            let rel = e.path().strip_prefix(dir).expect("prefix").to_string_lossy().into_owned();
            out.push((rel, fs::read(e.path()).expect("read")));
        }
    }
    out
}

#[test]
fn corpus_converts_to_valid_json_and_all_csv_files() {
    let out = tempfile::tempdir().expect("tempdir");
    let status = convert(&[&root().join("corpus")], out.path(), &[]);
    assert!(status.status.success(), "convert failed: {}", String::from_utf8_lossy(&status.stderr));

    let schema: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(root().join("schemas/document.schema.json")).expect("schema")).expect("schema json");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let corpus_docs: Vec<_> = fs::read_dir(root().join("corpus"))
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    let mut n_docs = 0;
    for e in fs::read_dir(out.path().join("documents")).expect("documents dir") {
        let path = e.expect("entry").path();
        let doc: serde_json::Value = serde_json::from_slice(&fs::read(&path).expect("read")).expect("valid JSON");
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "{} does not validate:\n{}", path.display(), errors.join("\n"));
        n_docs += 1;
    }
    assert_eq!(n_docs, corpus_docs.len());
    for name in CSV_NAMES {
        let mut rdr = csv::Reader::from_path(out.path().join(name)).expect(name);
        let headers = rdr.headers().expect("header").clone();
        assert!(headers.iter().next() == Some("doc_id"), "{name} starts with doc_id");
        for rec in rdr.records() {
            assert_eq!(rec.expect("record").len(), headers.len(), "{name}: ragged row");
        }
    }
    let docs_csv = csv::Reader::from_path(out.path().join("documents.csv")).expect("documents.csv").into_records().count();
    assert_eq!(docs_csv, corpus_docs.len());
    assert_eq!(fs::read_to_string(out.path().join("errors.jsonl")).expect("errors.jsonl"), "");
    let summary: serde_json::Value =
        serde_json::from_slice(&fs::read(out.path().join("summary.json")).expect("summary")).expect("summary json");
    assert_eq!(summary["documents"], corpus_docs.len());
    assert_eq!(summary["failed"], 0);
}

#[test]
fn output_is_identical_for_any_number_of_jobs() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    assert!(convert(&[&root().join("corpus")], a.path(), &["--jobs", "1"]).status.success());
    assert!(convert(&[&root().join("corpus")], b.path(), &["--jobs", "4"]).status.success());
    let (ta, tb) = (tree(a.path()), tree(b.path()));
    assert!(!ta.is_empty());
    assert_eq!(ta.len(), tb.len());
    for ((na, ba), (nb, bb)) in ta.iter().zip(&tb) {
        assert_eq!(na, nb);
        assert!(ba == bb, "{na} differs between --jobs 1 and --jobs 4");
    }
}

#[test]
fn a_bad_file_is_reported_and_the_batch_completes() {
    let input = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("tempdir");
    fs::copy(root().join("corpus/105_daklak-kh0130-2025-phong-chong-dich-sau-lu.txt"), input.path().join("good.txt")).expect("copy");
    fs::write(input.path().join("empty.txt"), b"").expect("write");
    fs::write(input.path().join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0]).expect("write");
    fs::write(input.path().join(".hidden.txt"), "KẾ HOẠCH").expect("write");
    fs::write(input.path().join("notes.pdf"), "not a text input").expect("write");
    let run = convert(&[input.path()], out.path(), &[]);
    assert_eq!(run.status.code(), Some(2), "stderr: {}", String::from_utf8_lossy(&run.stderr));
    assert!(out.path().join("documents/good.json").is_file());
    let errors = fs::read_to_string(out.path().join("errors.jsonl")).expect("errors.jsonl");
    let lines: Vec<serde_json::Value> = errors.lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
    assert_eq!(lines.len(), 2);
    let paths: Vec<String> = lines.iter().map(|l| l["path"].as_str().expect("path").to_string()).collect();
    assert!(paths.iter().any(|p| p.ends_with("empty.txt")));
    assert!(paths.iter().any(|p| p.ends_with("binary.txt")));
    let leftovers: Vec<_> = walkdir::WalkDir::new(out.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("vnplan-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn bad_arguments_exit_with_code_one() {
    let out = tempfile::tempdir().expect("tempdir");
    let run = convert(&[&root().join("corpus")], out.path(), &["--shard", "3/2"]);
    assert_eq!(run.status.code(), Some(1));
    let run = convert(&[Path::new("/nonexistent/vnplan-input")], out.path(), &[]);
    assert_eq!(run.status.code(), Some(1));
    let run = convert(&[&root().join("corpus")], out.path(), &["--format", "xml"]);
    assert_eq!(run.status.code(), Some(1));
}

#[test]
fn shards_partition_the_corpus() {
    let full = tempfile::tempdir().expect("tempdir");
    assert!(convert(&[&root().join("corpus")], full.path(), &[]).status.success());
    let mut ids = Vec::new();
    for i in 0..3 {
        let out = tempfile::tempdir().expect("tempdir");
        assert!(convert(&[&root().join("corpus")], out.path(), &["--shard", &format!("{i}/3")]).status.success());
        for e in fs::read_dir(out.path().join("documents")).into_iter().flatten() {
            ids.push(e.expect("entry").file_name().to_string_lossy().into_owned());
        }
    }
    ids.sort();
    let mut all: Vec<String> = fs::read_dir(full.path().join("documents"))
        .expect("docs")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    all.sort();
    assert_eq!(ids, all);
}

#[test]
fn normalize_prints_clean_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("x.txt");
    fs::write(&f, "## **Kế hoạch**\r\nthuỷ lợi\u{00A0}hoá  \r\n").expect("write");
    let run = vnplan().arg("normalize").arg(&f).output().expect("run");
    assert!(run.status.success());
    assert_eq!(String::from_utf8(run.stdout).expect("utf-8"), "Kế hoạch\nthủy lợi hóa\n");
}

fn copy_corpus(to: &Path) {
    for e in fs::read_dir(root().join("corpus")).expect("corpus") {
        let p = e.expect("entry").path();
        fs::copy(&p, to.join(p.file_name().expect("name"))).expect("copy");
    }
}

#[test]
fn incremental_runs_reuse_unchanged_documents_and_match_a_full_run() {
    let input = tempfile::tempdir().expect("tempdir");
    copy_corpus(input.path());
    let inc = tempfile::tempdir().expect("tempdir");
    let fmt = ["--format", "json,csv,jsonl"];
    assert!(convert(&[input.path()], inc.path(), &fmt).status.success());

    // Change one document, remove another, add a new one.
    let changed = input.path().join("105_daklak-kh0130-2025-phong-chong-dich-sau-lu.txt");
    let text = fs::read_to_string(&changed).expect("read").replace("Sở Y tế", "Sở Y tế tỉnh");
    fs::write(&changed, text).expect("write");
    fs::remove_file(input.path().join("000_c14b7be724f1689a.txt")).expect("remove");
    fs::write(input.path().join("200_new.txt"), "KẾ HOẠCH\nI. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính\na) Bố trí kinh phí.\n").expect("write");

    let run = convert(&[input.path()], inc.path(), &["--format", "json,csv,jsonl", "--incremental"]);
    assert!(run.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&fs::read(inc.path().join("summary.json")).expect("summary")).expect("json");
    assert_eq!(summary["documents"], 10);
    assert_eq!(summary["unchanged"], 8);

    let full = tempfile::tempdir().expect("tempdir");
    assert!(convert(&[input.path()], full.path(), &fmt).status.success());
    for name in CSV_NAMES.iter().chain(["documents.jsonl", "errors.jsonl"].iter()) {
        let a = fs::read(inc.path().join(name)).expect("incremental file");
        let b = fs::read(full.path().join(name)).expect("full file");
        assert!(a == b, "{name} differs between the incremental and the full run");
    }
}

#[test]
fn a_killed_run_leaves_only_complete_files() {
    // A batch big enough to be interrupted: the corpus copied many times.
    let input = tempfile::tempdir().expect("tempdir");
    for i in 0..8 {
        let d = input.path().join(format!("copy{i:02}"));
        fs::create_dir(&d).expect("mkdir");
        copy_corpus(&d);
    }
    let out = tempfile::tempdir().expect("tempdir");
    // A complete previous run, then a run killed at several moments.
    assert!(convert(&[input.path()], out.path(), &["--jobs", "1"]).status.success());
    for delay_ms in [50u64, 200, 600] {
        let mut child =
            vnplan().arg("convert").arg(input.path()).arg("-o").arg(out.path()).args(["--quiet", "--jobs", "1"]).spawn().expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        for e in walkdir::WalkDir::new(out.path()).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()) {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.contains(".vnplan-tmp-") {
                continue; // a temporary file, never under a final name; the next run removes it
            }
            let bytes = fs::read(e.path()).expect("read");
            if name.ends_with(".json") {
                serde_json::from_slice::<serde_json::Value>(&bytes).unwrap_or_else(|err| panic!("{name} is truncated: {err}"));
            } else if name.ends_with(".csv") {
                let mut rdr = csv::Reader::from_reader(bytes.as_slice());
                let n = rdr.headers().expect("header").len();
                for rec in rdr.records() {
                    assert_eq!(rec.expect("complete record").len(), n, "{name} has a truncated row");
                }
                assert!(bytes.ends_with(b"\r\n"), "{name} does not end with a complete row");
            }
        }
    }
    // The next run cleans up and completes.
    assert!(convert(&[input.path()], out.path(), &[]).status.success());
    let leftovers = walkdir::WalkDir::new(out.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".vnplan-tmp-"))
        .count();
    assert_eq!(leftovers, 0);
}
