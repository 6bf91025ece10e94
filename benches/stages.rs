//! Where the time goes: each pipeline stage timed on its own, in memory, on one thread.
//!
//! The documents of `corpus/` are held in memory, repeated until they reach `VNPLAN_BENCH_MB`
//! (default 50) MB, and every stage runs over all of them in turn: the floor's own work (UTF-8
//! check, `is_nfc_quick`, line count), decoding, hashing, normalization, segmentation, metadata,
//! legal references, tasks, the whole of `pipeline::process_bytes`, and the JSON and CSV
//! encodings of the results. No file is written. Each figure is the best of three passes, in MB
//! of input per second, beside its share of `process_bytes` + JSON + CSV.
//!
//! The stages feed each other, so each one is timed on the previous one's results; the sum of the
//! extraction stages is less than `process_bytes`, which also finds the dates of every line,
//! links each task to the document's references and builds the agency table.
//!
//! Run with `cargo bench --bench stages`. Without `--bench` on the command line (`cargo test
//! --benches`), it only checks that every stage runs, on one copy of the corpus.

#[path = "support/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::time::{Duration, Instant};

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
use vnplan::{batch, decode, legal, metadata, normalize, output, pipeline, segment, tasks};

const MB: f64 = 1e6;
const PASSES: usize = 3;

/// The best of `passes` runs of `work`.
fn best_of(passes: usize, mut work: impl FnMut()) -> Duration {
    (0..passes)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let smoke = !std::env::args().any(|a| a == "--bench");
    let target_mb: f64 = std::env::var("VNPLAN_BENCH_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(50.0);
    let sources: Vec<Vec<u8>> = corpus::corpus_documents().into_iter().map(|(_, bytes)| bytes).collect();
    let source_bytes: usize = sources.iter().map(Vec::len).sum();
    let copies = if smoke { 1 } else { ((target_mb * MB) / source_bytes as f64).ceil().max(1.0) as usize };
    let documents: Vec<&[u8]> = (0..copies).flat_map(|_| sources.iter().map(Vec::as_slice)).collect();
    let passes = if smoke { 1 } else { PASSES };
    let mb = (source_bytes * copies) as f64 / MB;

    let floor = best_of(passes, || {
        for bytes in &documents {
            let text = String::from_utf8_lossy(bytes);
            let lines = match is_nfc_quick(text.chars()) {
                IsNormalized::Yes => text.lines().count(),
                _ => text.nfc().collect::<String>().lines().count(),
            };
            black_box(lines);
        }
    });
    let texts: Vec<String> = documents.iter().map(|b| decode::decode(b).map(|d| d.text).unwrap_or_default()).collect();
    let decoding = best_of(passes, || documents.iter().for_each(|b| drop(black_box(decode::decode(b)))));
    let hashing = best_of(passes, || documents.iter().for_each(|b| drop(black_box(pipeline::sha256_hex(b)))));
    let lines: Vec<Vec<normalize::Line>> = texts.iter().map(|t| normalize::normalize(t)).collect();
    let normalizing = best_of(passes, || texts.iter().for_each(|t| drop(black_box(normalize::normalize(t)))));
    let layouts: Vec<segment::Layout> = lines.iter().map(|l| segment::segment(l)).collect();
    let segmenting = best_of(passes, || lines.iter().for_each(|l| drop(black_box(segment::segment(l)))));
    let reading_metadata =
        best_of(passes, || lines.iter().zip(&layouts).for_each(|(l, layout)| drop(black_box(metadata::extract_metadata(l, layout)))));
    let reading_references = best_of(passes, || {
        for l in &lines {
            let numbered: Vec<(usize, &str)> = l.iter().map(|line| (line.no, line.text.as_str())).collect();
            drop(black_box(legal::extract_legal_refs(&numbered)));
        }
    });
    let reading_tasks =
        best_of(passes, || lines.iter().zip(&layouts).for_each(|(l, layout)| drop(black_box(tasks::extract_tasks(l, layout, Some(2024))))));
    let process = |i: usize, b: &[u8]| pipeline::process_bytes(&format!("doc-{i}"), "bench.txt", b);
    let docs: Vec<_> = documents.iter().enumerate().filter_map(|(i, b)| process(i, b).ok()).collect();
    let processing = best_of(passes, || documents.iter().enumerate().for_each(|(i, b)| drop(black_box(process(i, b)))));
    let json = best_of(passes, || docs.iter().for_each(|d| drop(black_box(output::document_json(d)))));
    let csv = best_of(passes, || {
        for d in &docs {
            for (rows, (_, header)) in output::csv_rows(d).iter().zip(output::CSV_FILES) {
                drop(black_box(batch::render_csv(header, rows, false)));
            }
        }
    });
    assert_eq!(docs.len(), documents.len(), "every corpus document converts");

    if smoke {
        println!("stages smoke check: {} documents through every stage; run `cargo bench --bench stages` to measure", docs.len());
        return;
    }
    let whole = (processing + json + csv).as_secs_f64();
    println!("vnplan stages, one thread, {} documents, {mb:.1} MB in memory (best of {passes})", docs.len());
    println!("{:<34} {:>8} {:>10} {:>8}", "stage", "s", "MB/s", "share");
    let row = |name: &str, d: Duration, shared: bool| {
        let share = if shared { format!("{:.1}%", 100.0 * d.as_secs_f64() / whole) } else { String::new() };
        println!("{name:<34} {:>8.3} {:>10.1} {share:>8}", d.as_secs_f64(), mb / d.as_secs_f64());
    };
    row("floor (UTF-8, is_nfc_quick, lines)", floor, false);
    row("  decode", decoding, true);
    row("  sha256", hashing, true);
    row("  normalize", normalizing, true);
    row("  segment", segmenting, true);
    row("  metadata", reading_metadata, true);
    row("  legal references", reading_references, true);
    row("  tasks (agencies, deadlines)", reading_tasks, true);
    row("process_bytes (all of the above)", processing, true);
    row("JSON encoding", json, true);
    row("CSV rows and encoding", csv, true);
}
