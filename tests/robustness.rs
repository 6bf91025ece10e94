//! Robustness of the whole pipeline on hostile and very large inputs (SPEC §7).
//!
//! In memory (decode → normalize → segment → extract → JSON and CSV rows, via
//! `pipeline::process_bytes`): a 10 MB single line, the corpus concatenated to 20 MB, 10,000-row
//! ragged tables in both layouts, numbering nested 200 levels deep, unbalanced markup (`<b>`,
//! `<sup>` without a close, `**` runs, 100k `<`), a 1 MB line of TABs, 100k blank lines and
//! documents made only of `Nơi nhận:` or `PHỤ LỤC` lines. Each must finish without a panic,
//! keep line numbers inside the input, and cost linear time: every generator is timed at sizes
//! n and 4n and the larger may take at most [`MAX_RATIO_4N`] times the smaller (linear is 4×,
//! quadratic 16×), under an absolute cap ([`cap_for`]).
//!
//! Through the binary (`convert` on a temporary directory): a large file, a symlinked directory
//! (not followed), hidden files (skipped), and file names with odd characters, whose output
//! paths must stay inside OUT_DIR.
//!
//! The `superlinear_*` tests are inputs that are known to cost more than linear time in the
//! current code; they are `#[ignore]`d until the cause named beside each is fixed. Run them with
//! `cargo test --release --test robustness -- --ignored superlinear --nocapture`.
//! The 100 MB document is `#[ignore]`d too (slow in a debug build):
//! `cargo test --release --test robustness -- --ignored hundred_megabyte --nocapture`.
//!
//! Inputs are generated with fixed seeds, so every run sees the same bytes. Timings print with
//! `--nocapture`.
//!
//! Measured on the 2-core development machine (another job busy on one core), end to end in
//! memory, the larger size of each pair:
//!
//! | input | size | debug | release |
//! | --- | --- | --- | --- |
//! | single line | 10 MB | 46–90 s | 2.8 s |
//! | corpus concatenated | 20 MB | 67–80 s | 8.0 s |
//! | corpus concatenated (ignored test) | 100 MB | — | 40 s (binary: 19 s, 490 MB peak RSS) |
//! | ragged row-per-line table, 10,000 rows | 2.0 MB | 3.8–5.0 s | 0.31 s |
//! | cell-per-line table, 10,000 rows | 1.6 MB | 9.1 s | 0.81 s |
//! | numbering 200 deep, ×4 | 0.26 MB | 0.6–1.1 s | 0.16 s |
//! | `<b>` without close, 20k lines | 0.78 MB | 2.8 s | 0.25 s |
//! | `<sup>` without close, 20k lines | 0.94 MB | 2.1–5.3 s | 0.28 s |
//! | 400k `<` on one line | 0.40 MB | 0.22 s | 0.02 s |
//! | 1M `**` on one line | 2.0 MB | 0.27 s | 0.08 s |
//! | TABs on one line | 1.0 MB | 2.4–3.0 s | 0.12 s |
//! | blank lines, 100k | 0.10 MB | 0.29–0.52 s | 0.04 s |
//! | `Nơi nhận:` lines, 20k | 0.26 MB | 0.30–0.35 s | 0.03 s |
//! | `PHỤ LỤC` lines, 20k | 0.24 MB | 0.71–1.4 s | 0.09 s |
//!
//! Ratios time(4n) / time(n) were 1.9–6.9 in debug and 1.9–5.2 in release for these; the
//! `superlinear_*` inputs gave 10–20.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use vnplan::model::Document;
use vnplan::output;
use vnplan::pipeline::process_bytes;

/// Upper bound on time(4n) / time(n). Linear cost gives 4×; the ratios measured for the
/// generators below were 3.1–5.2 (debug) and a quadratic stage gives 16×, so 12 leaves room
/// for a loaded machine without letting a quadratic stage through once it dominates.
const MAX_RATIO_4N: f64 = 12.0;

/// Below this, the time of the small size is rounded up before the ratio is taken, so that
/// fixed costs and timer noise on small inputs cannot fail the test.
const MIN_BASE: Duration = Duration::from_millis(150);

/// Timed cases hold this lock so that they do not run beside each other (the test harness runs
/// tests in parallel, and the machine may have only two cores).
static HEAVY: Mutex<()> = Mutex::new(());

fn heavy() -> std::sync::MutexGuard<'static, ()> {
    HEAVY.lock().unwrap_or_else(|e| e.into_inner())
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn debug_build() -> bool {
    cfg!(debug_assertions)
}

/// Absolute cap on one in-memory run of `bytes` bytes, to catch a hang: 20 µs per byte plus
/// 30 s in a debug build (measured: 3–5 µs per byte), 2 µs per byte plus 5 s in release
/// (measured: 0.2–0.5 µs per byte).
fn cap_for(bytes: usize) -> Duration {
    let (per_byte_ns, fixed_s) = if debug_build() { (20_000, 30) } else { (2_000, 5) };
    Duration::from_secs(fixed_s) + Duration::from_nanos(per_byte_ns * bytes as u64)
}

/// `debug` in a debug build, `release` otherwise: sizes for the super-linear cases, which must
/// be large enough for the quadratic term to dominate yet finish in tens of seconds.
fn by_profile(debug: usize, release: usize) -> usize {
    if debug_build() {
        debug
    } else {
        release
    }
}

// ---------------------------------------------------------------------------------------------
// Deterministic generators
// ---------------------------------------------------------------------------------------------

/// xorshift64*: a fixed-seed generator so that every run sees the same inputs.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const TASKS: &[&str] = &[
    "Xây dựng cơ sở dữ liệu văn bản quy phạm pháp luật",
    "Tuyên truyền, phổ biến Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ",
    "Rà soát, sửa đổi Quyết định số 25/2021/QĐ-UBND",
    "Tổ chức hội nghị sơ kết 6 tháng",
    "Kiểm tra, giám sát việc thực hiện kế hoạch",
    "Đào tạo, bồi dưỡng cán bộ phụ trách chuyển đổi số",
];
const AGENCIES: &[&str] = &[
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Thông tin và Truyền thông",
    "UBND các huyện, thị xã, thành phố",
    "Công an tỉnh",
    "Các sở, ban, ngành liên quan",
];
const TIMES: &[&str] = &["Quý II/2025", "Trước ngày 30/6/2025", "Thường xuyên", "Năm 2025", "Tháng 9/2025", "2025 - 2026"];

/// One sentence of a plan body: an assignment with agencies, a deadline and a legal reference.
const SENTENCE: &str = "Sở Thông tin và Truyền thông chủ trì, phối hợp với Sở Tài chính, UBND các huyện, thị xã, \
thành phố triển khai thực hiện Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ, hoàn thành trước \
ngày 30/6/2025; ";

/// A single line of about `bytes` bytes (no line break at all).
fn long_line(bytes: usize) -> Vec<u8> {
    let mut s = String::with_capacity(bytes + SENTENCE.len());
    s.push_str("KẾ HOẠCH Triển khai chuyển đổi số năm 2025 ");
    while s.len() < bytes {
        s.push_str(SENTENCE);
    }
    s.into_bytes()
}

fn corpus_texts() -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = fs::read_dir(root().join("corpus"))
        .expect("corpus dir")
        .map(|e| e.expect("corpus entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths.iter().map(|p| fs::read(p).expect("corpus file")).collect()
}

/// The corpus documents concatenated, over and over, to at least `bytes` bytes.
fn corpus_concat(bytes: usize) -> Vec<u8> {
    let texts = corpus_texts();
    let mut out = Vec::with_capacity(bytes + 100_000);
    'outer: loop {
        for t in &texts {
            out.extend_from_slice(t);
            out.push(b'\n');
            if out.len() >= bytes {
                break 'outer;
            }
        }
    }
    out
}

const TABLE_HEAD: &str =
    "PHỤ LỤC\nDANH MỤC NHIỆM VỤ TRIỂN KHAI NĂM 2025\n(Kèm theo Kế hoạch số 12/KH-UBND ngày 10/01/2025 của Ủy ban nhân dân tỉnh)\n\n";

/// A row-per-line table of `rows` rows, each with 1..=12 random cells (ragged).
fn ragged_row_table(rows: usize) -> Vec<u8> {
    let mut rng = Rng::new(0x5EED_0001);
    let mut s = String::from(TABLE_HEAD);
    s.push_str("STT\tNội dung công việc\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\tGhi chú\n");
    for i in 0..rows {
        let n_cells = 1 + rng.below(12);
        for c in 0..n_cells {
            if c > 0 {
                s.push('\t');
            }
            match (c, rng.below(8)) {
                (0, 0) => {}
                (0, 1) => s.push_str(["I", "II", "III", "IV"][i % 4]),
                (0, _) => s.push_str(&(i + 1).to_string()),
                (1, _) => s.push_str(rng.pick(TASKS)),
                (2 | 3, _) => s.push_str(rng.pick(AGENCIES)),
                (4, _) => s.push_str(rng.pick(TIMES)),
                (_, 0) => {}
                (_, _) => s.push_str(rng.pick(&[TASKS, AGENCIES, TIMES].concat())),
            }
        }
        s.push('\n');
    }
    s.into_bytes()
}

/// A cell-per-line table of `rows` rows: every cell on its own line after a TAB, rows ended by
/// a blank line, with the irregularities of SPEC §2 (merged cells, continuation lines, rows
/// longer or shorter than the header).
fn cell_table(rows: usize) -> Vec<u8> {
    let mut rng = Rng::new(0x5EED_0002);
    let mut s = String::from(TABLE_HEAD);
    for h in ["TT", "Nội dung", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"] {
        s.push('\t');
        s.push_str(h);
        s.push('\n');
    }
    s.push('\n');
    for i in 0..rows {
        let n_cells = 1 + rng.below(8);
        for c in 0..n_cells {
            s.push('\t');
            match (c, rng.below(6)) {
                (0, 0) => {}
                (0, _) => s.push_str(&(i + 1).to_string()),
                (1, 0) => {}
                (1 | 2, _) => s.push_str(rng.pick(TASKS)),
                (3 | 4, _) => s.push_str(rng.pick(AGENCIES)),
                (_, _) => s.push_str(rng.pick(TIMES)),
            }
            s.push('\n');
            if rng.below(10) == 0 {
                // A continuation line without a TAB.
                s.push_str(rng.pick(AGENCIES));
                s.push('\n');
            }
        }
        s.push('\n');
    }
    s.into_bytes()
}

/// `repeats` copies of numbering nested `depth` levels deep: `I.`, `1.`, `1.1.`, `1.1.1.` …
/// each followed by a letter item `a)` and a line of body text.
fn deep_numbering(depth: usize, repeats: usize) -> Vec<u8> {
    let mut s = String::from("KẾ HOẠCH\nThực hiện nhiệm vụ năm 2025\n");
    for r in 0..repeats {
        s.push_str(&format!("{}. MỤC TIÊU {r}\n", roman(r % 39 + 1)));
        let mut marker = (r + 1).to_string();
        for d in 0..depth {
            if d > 0 {
                marker.push_str(".1");
            }
            s.push_str(&format!("{marker}. Nhiệm vụ cấp {d}\n"));
            s.push_str("a) Sở Tư pháp chủ trì, thời gian hoàn thành: Quý II/2025\n");
            s.push_str("- Triển khai thực hiện.\n");
        }
    }
    s.into_bytes()
}

fn roman(mut n: usize) -> String {
    let mut s = String::new();
    for (v, r) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// `n` lines that each repeat `line`, under a plan title.
fn repeated_lines(line: &str, n: usize) -> Vec<u8> {
    let mut s = String::with_capacity((line.len() + 1) * n + 20);
    s.push_str("KẾ HOẠCH năm 2025\n");
    for _ in 0..n {
        s.push_str(line);
        s.push('\n');
    }
    s.into_bytes()
}

/// A title line, then `bytes` bytes of `unit` on ONE line.
fn one_line_of(unit: &str, bytes: usize) -> Vec<u8> {
    let mut s = String::from("KẾ HOẠCH năm 2025\n");
    let n = bytes.div_ceil(unit.len());
    s.push_str(&unit.repeat(n));
    s.push('\n');
    s.into_bytes()
}

// ---------------------------------------------------------------------------------------------
// Running one input
// ---------------------------------------------------------------------------------------------

/// What one in-memory run produced.
struct Run {
    doc: Document,
    elapsed: Duration,
    json_bytes: usize,
    csv_rows: usize,
}

/// decode → normalize → segment → extract → JSON and CSV rows, timed.
fn run(name: &str, bytes: &[u8]) -> Run {
    let started = Instant::now();
    let doc = process_bytes(name, &format!("{name}.txt"), bytes).unwrap_or_else(|e| panic!("{name}: rejected: {e}"));
    let json = output::document_json(&doc);
    let csv = output::csv_rows(&doc);
    let elapsed = started.elapsed();
    check_invariants(name, bytes, &doc, &json);
    Run { json_bytes: json.len(), csv_rows: csv.iter().map(Vec::len).sum(), doc, elapsed }
}

/// Line numbers stay inside the input; the JSON parses back.
fn check_invariants(name: &str, bytes: &[u8], doc: &Document, json: &[u8]) {
    let n_lines = bytes.split(|&b| b == b'\n').count();
    let inside = |what: &str, line: usize| assert!(line >= 1 && line <= n_lines, "{name}: {what} line {line} of {n_lines}");
    doc.sections.iter().for_each(|s| inside("section", s.line));
    for t in &doc.tables {
        inside("table", t.line);
        t.rows.iter().for_each(|r| inside("row", r.line));
    }
    doc.tasks.iter().for_each(|t| inside("task", t.line));
    doc.legal_refs.iter().for_each(|r| inside("legal reference", r.reference.line));
    let parsed: serde_json::Value = serde_json::from_slice(json).unwrap_or_else(|e| panic!("{name}: JSON does not parse: {e}"));
    assert_eq!(parsed["doc_id"], name, "{name}: doc_id in JSON");
}

fn report(name: &str, bytes: usize, r: &Run) {
    eprintln!(
        "{name}: {:.2} MB in {:.3} s ({:.2} µs/byte; {} sections, {} tables, {} rows, {} tasks, {} JSON bytes, {} CSV rows)",
        bytes as f64 / 1e6,
        r.elapsed.as_secs_f64(),
        r.elapsed.as_secs_f64() * 1e6 / bytes.max(1) as f64,
        r.doc.sections.len(),
        r.doc.tables.len(),
        r.doc.tables.iter().map(|t| t.rows.len()).sum::<usize>(),
        r.doc.tasks.len(),
        r.json_bytes,
        r.csv_rows
    );
}

/// One run under the lock, checked against the absolute cap.
fn run_capped(name: &str, bytes: &[u8]) -> Run {
    let _guard = heavy();
    let r = run(name, bytes);
    report(name, bytes.len(), &r);
    let cap = cap_for(bytes.len());
    assert!(r.elapsed <= cap, "{name}: {:.2} s is over the cap of {:.2} s", r.elapsed.as_secs_f64(), cap.as_secs_f64());
    r
}

/// Times `gen(n)` and `gen(4 * n)`, checks that the cost grows linearly and stays under the
/// absolute cap, and returns the run of the larger input. A ratio over the bound is measured
/// once more and the best times are kept, so one burst of load on a shared machine cannot fail
/// the test, while a super-linear stage fails both times.
fn check_scaling(name: &str, gen: impl Fn(usize) -> Vec<u8>, n: usize) -> Run {
    let _guard = heavy();
    let small = gen(n);
    let large = gen(4 * n);
    let mut t_small = Duration::MAX;
    let mut best: Option<Run> = None;
    for attempt in 0..2 {
        t_small = t_small.min(run(name, &small).elapsed);
        if t_small < Duration::from_secs(1) {
            // Best of two on short runs, where a hiccup weighs most.
            t_small = t_small.min(run(name, &small).elapsed);
        }
        let r = run(name, &large);
        if best.as_ref().is_none_or(|b| r.elapsed < b.elapsed) {
            best = Some(r);
        }
        let t_large = best.as_ref().expect("a run").elapsed;
        let ratio = t_large.as_secs_f64() / t_small.max(MIN_BASE).as_secs_f64();
        eprintln!(
            "scaling {name}: {:.2} MB {:.3} s → {:.2} MB {:.3} s, ratio {ratio:.1} (raw {:.1}){}",
            small.len() as f64 / 1e6,
            t_small.as_secs_f64(),
            large.len() as f64 / 1e6,
            t_large.as_secs_f64(),
            t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-9),
            if attempt > 0 { " (second measurement)" } else { "" }
        );
        if ratio <= MAX_RATIO_4N && t_large <= cap_for(large.len()) {
            break;
        }
    }
    let r = best.expect("a run");
    report(name, large.len(), &r);
    let ratio = r.elapsed.as_secs_f64() / t_small.max(MIN_BASE).as_secs_f64();
    assert!(
        ratio <= MAX_RATIO_4N,
        "{name}: 4× the input took {ratio:.1}× the time ({:.3} s → {:.3} s): super-linear",
        t_small.as_secs_f64(),
        r.elapsed.as_secs_f64()
    );
    let cap = cap_for(large.len());
    assert!(r.elapsed <= cap, "{name}: {:.2} s is over the cap of {:.2} s", r.elapsed.as_secs_f64(), cap.as_secs_f64());
    r
}

// ---------------------------------------------------------------------------------------------
// Large inputs
// ---------------------------------------------------------------------------------------------

#[test]
fn ten_megabyte_single_line() {
    // Measured: debug 2.5 MB 20 s → 10 MB 90 s on a loaded 2-core machine; release 0.9 s → 2.8 s.
    let r = check_scaling("single_line", long_line, 2_500_000);
    assert!(r.doc.legal_refs.iter().any(|l| l.reference.number.contains("13/2023")), "the reference on the line is found");
    assert!(!r.doc.dates.is_empty(), "dates on the line are found");
}

#[test]
fn twenty_megabytes_of_concatenated_corpus() {
    let r = check_scaling("corpus", corpus_concat, 5_000_000);
    assert!(r.doc.tasks.len() > 1_000, "tasks of every copy are found: {}", r.doc.tasks.len());
    assert!(r.doc.tables.len() > 100, "tables of every copy are found: {}", r.doc.tables.len());
}

/// The 100 MB case of SPEC §7. Slow in a debug build; run it in release:
/// `cargo test --release --test robustness -- --ignored hundred_megabyte --nocapture`.
#[test]
#[ignore = "slow in debug builds; run with --release -- --ignored hundred_megabyte"]
fn hundred_megabyte_document() {
    let bytes = corpus_concat(100_000_000);
    let r = run_capped("corpus_100mb", &bytes);
    assert!(r.doc.tasks.len() > 5_000);
}

#[test]
fn ten_thousand_row_ragged_row_per_line_table() {
    let r = check_scaling("ragged_row_per_line", ragged_row_table, 2_500);
    let rows: usize = r.doc.tables.iter().map(|t| t.rows.len()).sum();
    assert!(rows >= 5_000, "most of the 10,000 ragged rows are kept as rows: {rows}");
    for t in &r.doc.tables {
        let widest = t.columns.len().max(12);
        assert!(t.rows.iter().all(|row| !row.cells.is_empty() && row.cells.len() <= widest), "rows keep at most 12 cells");
    }
}

#[test]
fn ten_thousand_row_cell_per_line_table() {
    let r = check_scaling("cell_per_line", cell_table, 2_500);
    let rows: usize = r.doc.tables.iter().map(|t| t.rows.len()).sum();
    assert!(rows >= 5_000, "most of the 10,000 rows are kept: {rows}");
    assert!(r.doc.tables.iter().any(|t| t.layout == vnplan::table::TableLayout::CellPerLine));
}

#[test]
fn numbering_nested_two_hundred_levels_deep() {
    let r = check_scaling("deep_numbering", |n| deep_numbering(200, n), 1);
    assert!(r.doc.sections.len() >= 4 * 200, "every marker line is a section: {}", r.doc.sections.len());
    for (i, s) in r.doc.sections.iter().enumerate() {
        assert!(s.parent.is_none_or(|p| p < i), "parents come before their children");
    }
}

#[test]
fn bold_without_close_on_every_line() {
    let r = check_scaling("bold_open", |n| repeated_lines("<b>Nhiệm vụ trọng tâm năm 2025", n), 5_000);
    let json = String::from_utf8(output::document_json(&r.doc)).expect("utf-8");
    assert!(!json.contains("<b>"), "the unclosed tag is stripped");
}

#[test]
fn long_runs_of_double_stars() {
    check_scaling("stars_one_line", |n| one_line_of("**", n), 500_000);
    check_scaling("stars_lines", |n| repeated_lines("**Kế hoạch** ** ****", n), 10_000);
}

#[test]
fn a_hundred_thousand_less_than_signs() {
    // 100k `<` on one line, then 4× that.
    check_scaling("less_than", |n| one_line_of("<", n), 100_000);
    check_scaling("less_than_tag_like", |n| one_line_of("<b ", n), 100_000);
}

#[test]
fn sup_without_close() {
    check_scaling("sup_open_lines", |n| repeated_lines("<sup>1 Thời gian thực hiện: Quý II/2025", n), 5_000);
    check_scaling("sup_open_one_line", |n| one_line_of("<sup>1 ", n), 100_000);
}

#[test]
fn a_megabyte_of_tabs_on_one_line() {
    let r = check_scaling("tabs", |n| one_line_of("\t", n), 250_000);
    assert!(r.doc.tables.is_empty(), "a line of only TABs does not start a table");
}

#[test]
fn a_hundred_thousand_blank_lines() {
    let r = check_scaling("blank_lines", |n| repeated_lines("", n), 25_000);
    assert_eq!(r.doc.sections.len(), 0);
    let r = check_scaling("space_lines", |n| repeated_lines("   \u{00A0}\u{200B}", n), 25_000);
    assert_eq!(r.doc.sections.len(), 0);
}

#[test]
fn a_document_of_only_recipient_lines() {
    let r = check_scaling("noi_nhan", |n| repeated_lines("Nơi nhận:", n), 5_000);
    assert!(r.doc.tasks.is_empty());
}

#[test]
fn a_document_of_only_appendix_headings() {
    let r = check_scaling("phu_luc", |n| repeated_lines("PHỤ LỤC", n), 5_000);
    assert!(r.doc.sections.len() >= 20_000, "each heading is an appendix section: {}", r.doc.sections.len());
}

// ---------------------------------------------------------------------------------------------
// Known super-linear inputs: each names the code that causes it. Remove the #[ignore] once fixed.
// ---------------------------------------------------------------------------------------------

/// `Layout::children` scans every section; `tasks::body_tasks` calls it once per Roman/Arabic
/// section, so N numbered lines cost N². (Release: 8k → 32k lines, 0.11 s → 1.9 s.)
#[test]
fn superlinear_many_numbered_sections() {
    check_scaling("numbered_sections", |n| repeated_lines("1. Nội dung công việc", n), by_profile(4_000, 16_000));
}

/// The same scan from `tasks::section_tasks` and `tasks::own_content`, once per child of an
/// execution section. (Release: 4k → 16k, 0.77 s → 13 s.)
#[test]
fn superlinear_many_execution_sections() {
    check_scaling(
        "execution_sections",
        |n| repeated_lines("II. TỔ CHỨC THỰC HIỆN\n1. Sở Tư pháp: Chủ trì thực hiện.", n),
        by_profile(1_000, 4_000),
    );
}

/// `table::same_header` compares every cell of a row with every header cell (lower-casing both
/// each time): a wide row under a wide header costs columns². (Release: 1k → 4k columns,
/// 0.25 s → 3.9 s.)
#[test]
fn superlinear_wide_row_repeating_the_header() {
    check_scaling(
        "same_header",
        |n| {
            let mut s = String::from("STT\tNhiệm vụ\tCơ quan chủ trì");
            for i in 0..n {
                s.push_str(&format!("\tcột {i}"));
            }
            s.push('\n');
            let last = format!("cột {}", n - 1);
            for _ in 0..4 {
                s.push_str(&vec![last.as_str(); n].join("\t"));
                s.push('\n');
            }
            s.into_bytes()
        },
        by_profile(1_000, 1_000),
    );
}

/// `table::pad` widens every row to the header's width: a header of C empty cells followed by
/// R short rows makes R × C cells (memory and JSON), from an input of R + C bytes.
/// (Release: 4k → 16k, 0.13 s → 5.6 s.)
#[test]
#[ignore = "super-linear: table::pad pads every row to the header width (rows × columns output)"]
fn superlinear_short_rows_under_a_wide_header() {
    check_scaling(
        "wide_header",
        |n| {
            let mut s = String::from("STT\tNhiệm vụ\tCơ quan chủ trì");
            s.push_str(&"\t".repeat(n));
            s.push('\n');
            for i in 0..n / 10 {
                s.push_str(&format!("{i}\tx\n"));
            }
            s.into_bytes()
        },
        by_profile(2_000, 4_000),
    );
}

/// `table::starts_new_row` searches back past every group row for the last data row, once per
/// continuation line: G group rows then C continuation lines cost G × C.
#[test]
fn superlinear_group_rows_then_continuation_lines() {
    check_scaling(
        "group_rows",
        |n| {
            let mut s = String::from("STT\tNhiệm vụ\tCơ quan chủ trì\n1\tLàm\tSở Tư pháp\n");
            s.push_str(&"I\tNhóm\n".repeat(n));
            s.push_str(&"\tthêm\tSở\n".repeat(n));
            s.into_bytes()
        },
        by_profile(8_000, 16_000),
    );
}

/// `pipeline::register_task` looks each number cited by a task up with a linear search over
/// all references (and `Vec::contains` over the task's own list): a task citing R distinct
/// references costs R².
#[test]
fn superlinear_task_citing_many_references() {
    check_scaling(
        "task_refs",
        |n| {
            let mut s = String::from("STT\tNhiệm vụ\tCơ quan chủ trì\n1\tThực hiện");
            for i in 0..n {
                s.push_str(&format!(" Quyết định số {i}/QĐ-UBND,"));
            }
            s.push_str("\tSở Tư pháp\n");
            s.into_bytes()
        },
        by_profile(4_000, 16_000),
    );
}

// ---------------------------------------------------------------------------------------------
// Through the binary: large file, symlinks, hidden files, odd names
// ---------------------------------------------------------------------------------------------

fn convert(inputs: &[&Path], out: &Path) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vnplan"));
    cmd.arg("convert");
    for i in inputs {
        cmd.arg(i);
    }
    cmd.arg("-o").arg(out).arg("--quiet").output().expect("run vnplan")
}

/// Every regular file under `dir`, relative.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        if !e.file_type().is_dir() {
            out.push(e.path().strip_prefix(dir).expect("prefix").to_path_buf());
        }
    }
    out
}

/// doc_id column of documents.csv.
fn csv_doc_ids(out: &Path) -> Vec<String> {
    let mut rdr = csv::Reader::from_path(out.join("documents.csv")).expect("documents.csv");
    let mut ids: Vec<String> = rdr.records().map(|r| r.expect("record")[0].to_string()).collect();
    ids.sort();
    ids
}

#[test]
fn convert_a_large_file_and_its_neighbours() {
    let _guard = heavy();
    let input = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("tempdir");
    let big = corpus_concat(by_profile(5_000_000, 20_000_000));
    fs::write(input.path().join("big.txt"), &big).expect("write");
    fs::write(input.path().join("line.txt"), long_line(by_profile(2_000_000, 10_000_000))).expect("write");
    fs::write(input.path().join("table.txt"), ragged_row_table(10_000)).expect("write");
    let started = Instant::now();
    let run = convert(&[input.path()], out.path());
    let elapsed = started.elapsed();
    eprintln!("convert: {:.1} MB in {:.2} s", big.len() as f64 / 1e6, elapsed.as_secs_f64());
    assert!(run.status.success(), "convert failed: {}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(csv_doc_ids(out.path()), ["big", "line", "table"]);
    let doc: serde_json::Value =
        serde_json::from_slice(&fs::read(out.path().join("documents/big.json")).expect("big.json")).expect("big.json parses");
    assert!(doc["tasks"].as_array().is_some_and(|t| t.len() > 100));
    assert!(elapsed <= cap_for(big.len()) * 3, "convert took {:.1} s", elapsed.as_secs_f64());
}

#[cfg(unix)]
#[test]
fn symlinked_directories_are_not_followed_and_hidden_files_are_skipped() {
    use std::os::unix::fs::symlink;
    let base = tempfile::tempdir().expect("tempdir");
    let input = base.path().join("in");
    let elsewhere = base.path().join("elsewhere");
    let out = base.path().join("out");
    fs::create_dir_all(input.join("real")).expect("mkdir");
    fs::create_dir_all(&elsewhere).expect("mkdir");
    let text = "KẾ HOẠCH\nTriển khai năm 2025\nI. MỤC TIÊU\n1. Sở Tư pháp: Chủ trì.\n";
    fs::write(input.join("real/a.txt"), text).expect("write");
    fs::write(elsewhere.join("secret.txt"), text).expect("write");
    symlink(input.join("real"), input.join("link_to_real")).expect("symlink");
    symlink(&elsewhere, input.join("link_outside")).expect("symlink");
    // A symlink loop must not hang the walk either.
    symlink(&input, input.join("real/loop")).expect("symlink");
    fs::create_dir_all(input.join(".hidden_dir")).expect("mkdir");
    fs::write(input.join(".hidden_dir/b.txt"), text).expect("write");
    fs::write(input.join(".hidden.txt"), text).expect("write");
    fs::write(input.join("real/.also_hidden.md"), text).expect("write");

    let run = convert(&[&input], &out);
    assert!(run.status.success(), "convert failed: {}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(csv_doc_ids(&out), ["real/a"]);
    let docs = files_under(&out.join("documents"));
    assert_eq!(docs, [PathBuf::from("real/a.json")]);
    let summary: serde_json::Value = serde_json::from_slice(&fs::read(out.join("summary.json")).expect("summary")).expect("json");
    assert_eq!(summary["inputs"], 1);
}

/// Output paths built from input names stay inside OUT_DIR/documents/, whatever the name.
#[cfg(unix)]
#[test]
fn odd_file_names_keep_outputs_inside_out_dir() {
    let base = tempfile::tempdir().expect("tempdir");
    let input = base.path().join("in");
    let out = base.path().join("out");
    fs::create_dir_all(input.join("sub dir/ý kiến")).expect("mkdir");
    let text = "KẾ HOẠCH\nTriển khai năm 2025\n";
    let names = [
        "a b.txt",
        "a..b.txt",
        "Kế hoạch số 12.txt",
        "-rf.txt",
        "line\nbreak.txt",
        "back\\slash.txt",
        "star*?:|<>\".txt",
        "sub dir/ý kiến/x.y.z.md",
        "UPPER.TXT",
        "trailing dot..md",
    ];
    for n in names {
        fs::write(input.join(n), text).expect(n);
    }
    let run = convert(&[&input], &out);
    assert!(run.status.success(), "convert failed: {}", String::from_utf8_lossy(&run.stderr));
    let mut expected: Vec<String> = names
        .iter()
        .map(|n| {
            let p = Path::new(n);
            p.with_extension("").to_string_lossy().into_owned()
        })
        .collect();
    expected.sort();
    assert_eq!(csv_doc_ids(&out), expected);
    for id in &expected {
        let p = out.join("documents").join(format!("{id}.json"));
        assert!(p.is_file(), "{} missing", p.display());
    }
    assert_inside(base.path(), &out, &["in", "out"]);
}

/// A file given directly whose stem is `.` or `..` (`..txt`, `...txt`).
#[cfg(unix)]
#[test]
fn dot_stems_given_as_files_stay_inside_out_dir() {
    let base = tempfile::tempdir().expect("tempdir");
    let input = base.path().join("in");
    let out = base.path().join("in/out");
    fs::create_dir_all(&input).expect("mkdir");
    for n in ["..txt", "...txt", ".txt"] {
        fs::write(input.join(n), "KẾ HOẠCH\nTriển khai năm 2025\n").expect(n);
    }
    let run = convert(&[&input.join("..txt"), &input.join("...txt"), &input.join(".txt")], &out);
    assert!(run.status.code().is_some_and(|c| c != 101), "no panic: {}", String::from_utf8_lossy(&run.stderr));
    assert_inside(base.path(), &out, &["in"]);
    for f in files_under(&out) {
        let name = f.to_string_lossy();
        assert!(!name.contains("vnplan-tmp"), "temporary file left: {name}");
    }
}

/// The same names, stricter: each document gets its own JSON under OUT_DIR/documents/ and the
/// batch succeeds. Today `..txt` (stem `.`) and `...txt` (stem `..`) both map to
/// OUT_DIR/documents.json, outside documents/; the second write fails with "No such file or
/// directory" (the two writers share one temporary name) and the exit code is 2.
#[cfg(unix)]
#[test]
fn dot_stems_get_their_own_json_under_documents() {
    let base = tempfile::tempdir().expect("tempdir");
    let input = base.path().join("in");
    let out = base.path().join("out");
    fs::create_dir_all(&input).expect("mkdir");
    for n in ["..txt", "...txt"] {
        fs::write(input.join(n), "KẾ HOẠCH\nTriển khai năm 2025\n").expect(n);
    }
    let run = convert(&[&input.join("..txt"), &input.join("...txt")], &out);
    assert_eq!(run.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&run.stderr));
    let docs = files_under(&out.join("documents"));
    assert_eq!(docs.len(), 2, "one JSON per document under documents/: {docs:?}");
    assert!(!out.join("documents.json").exists(), "no document JSON beside the CSV files");
}

/// A file name of 250 bytes is legal, and so is its `.json` output name (255 bytes), but the
/// temporary name `write_atomic` builds (`.<name>.json.vnplan-tmp-<pid>`) is over the 255-byte
/// limit of most file systems, so the document fails with "File name too long".
#[cfg(unix)]
#[test]
fn a_long_file_name_converts() {
    let input = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("tempdir");
    let name = format!("{}.txt", "a".repeat(250));
    fs::write(input.path().join(&name), "KẾ HOẠCH\nTriển khai năm 2025\n").expect("write");
    let run = convert(&[input.path()], out.path());
    assert_eq!(run.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(csv_doc_ids(out.path()), ["a".repeat(250)]);
}

/// Nothing was written outside `out` (the only entries of `base` are `allowed`) and every file
/// under `out` resolves to a path inside it.
fn assert_inside(base: &Path, out: &Path, allowed: &[&str]) {
    let mut top: Vec<String> =
        fs::read_dir(base).expect("base").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
    top.sort();
    assert_eq!(top, allowed, "nothing is written beside OUT_DIR");
    let out_real = out.canonicalize().expect("out");
    for f in files_under(out) {
        let real = out.join(&f).canonicalize().expect("canonical");
        assert!(real.starts_with(&out_real), "{} escapes OUT_DIR", real.display());
    }
}
