//! Property-based fuzzing of the whole pipeline (the `cargo test` companion of the libFuzzer
//! target in `fuzz/`).
//!
//! Two generators feed decode → normalize → segment → extract → JSON/CSV output with the
//! invariant checks of `tests/support/pipeline_check.rs`: arbitrary bytes, and documents
//! assembled from plan-like fragments (markers, table rows, agencies, deadlines, references,
//! markup, invisible characters, broken encodings) joined by random line breaks, TABs and
//! spaces, sometimes re-encoded as UTF-16 or Windows-1258-like bytes. Every case must finish
//! without a panic and within [`slow_case_limit`].
//!
//! `cargo test` runs a few hundred cases per generator from a fixed seed, so it is
//! deterministic. For a long run with fresh random seeds:
//! `VNPLAN_FUZZ_CASES=200000 cargo test --release --test fuzz`. A failure prints the
//! minimised input; paste it into `tests/regressions.rs` as a named case. To keep a long run
//! going past a panic that is already known (and has its regression case), name its location:
//! `VNPLAN_FUZZ_KNOWN=src/metadata.rs:302,src/x.rs:10`; such panics are counted, not failed.

#[path = "support/pipeline_check.rs"]
mod pipeline_check;

use std::cell::RefCell;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed};

fn cases_from_env() -> Option<u32> {
    std::env::var("VNPLAN_FUZZ_CASES").ok().and_then(|v| v.parse().ok())
}

fn config() -> Config {
    Config {
        cases: cases_from_env().unwrap_or(256),
        rng_seed: if cases_from_env().is_some() { RngSeed::Random } else { RngSeed::Fixed(0x766e_706c_616e) },
        // Found failures go to tests/regressions.rs by hand; no seed files.
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        max_shrink_iters: 20_000,
        ..Config::default()
    }
}

/// A generated input of a few kilobytes that takes longer than this is a hang.
fn slow_case_limit() -> Duration {
    if cfg!(debug_assertions) {
        Duration::from_secs(20)
    } else {
        Duration::from_secs(3)
    }
}

/// Panic locations (`src/file.rs:line`) to count rather than fail, from `VNPLAN_FUZZ_KNOWN`.
fn known_panics() -> Vec<String> {
    std::env::var("VNPLAN_FUZZ_KNOWN")
        .map(|v| v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect())
        .unwrap_or_default()
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

static KNOWN_HITS: AtomicUsize = AtomicUsize::new(0);

/// Runs the checks; with `VNPLAN_FUZZ_KNOWN` set, a panic at a listed location is counted and
/// reported on stderr once per 1000, any other panic fails as usual.
fn check_allowing_known(bytes: &[u8]) {
    let known = known_panics();
    if known.is_empty() {
        pipeline_check::check_bytes(bytes);
        return;
    }
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let at = info.location().map(|l| format!("{}:{}", l.file(), l.line()));
            let is_known = at.as_ref().is_some_and(|a| known_panics().contains(a));
            LAST_PANIC.with(|p| *p.borrow_mut() = at);
            if !is_known {
                previous(info);
            }
        }));
    });
    if let Err(payload) = catch_unwind(AssertUnwindSafe(|| pipeline_check::check_bytes(bytes))) {
        let at = LAST_PANIC.with(|p| p.borrow_mut().take()).unwrap_or_default();
        if !known.contains(&at) {
            resume_unwind(payload);
        }
        let hits = KNOWN_HITS.fetch_add(1, Ordering::Relaxed) + 1;
        if hits % 1000 == 1 {
            eprintln!("known panic at {at} ({hits} so far)");
        }
    }
}

fn check_timed(bytes: &[u8]) -> Result<(), TestCaseError> {
    let started = Instant::now();
    check_allowing_known(bytes);
    let elapsed = started.elapsed();
    prop_assert!(elapsed <= slow_case_limit(), "{} bytes took {:.2} s", bytes.len(), elapsed.as_secs_f64());
    Ok(())
}

/// Pieces of Vietnamese plan documents and of the ways they break.
const FRAGMENTS: &[&str] = &[
    "KẾ HOẠCH",
    "Kế hoạch số 12/KH-UBND",
    "ỦY BAN NHÂN DÂN TỈNH AN GIANG",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "An Giang, ngày 10 tháng 01 năm 2025",
    "Triển khai chuyển đổi số năm 2025",
    "I.",
    "II. TỔ CHỨC THỰC HIỆN",
    "IV. KINH PHÍ",
    "1.",
    "2. Sở Tư pháp:",
    "1.1.",
    "2.3.4.",
    "1.1.1.1.1.",
    "a)",
    "đ)",
    "-",
    "+",
    "* ",
    "Điều 1.",
    "Điều 2:",
    "PHỤ LỤC",
    "Phụ lục II",
    "DANH MỤC NHIỆM VỤ",
    "(Kèm theo Kế hoạch số 12/KH-UBND ngày 10/01/2025 của UBND tỉnh)",
    "Nơi nhận:",
    "- Như trên;",
    "KT. CHỦ TỊCH",
    "TM. ỦY BAN NHÂN DÂN",
    "PHÓ CHỦ TỊCH",
    "Nguyễn Văn A",
    "STT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\tGhi chú",
    "TT\tNội dung\tNhiệm vụ\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian",
    "\tTT",
    "\tNhiệm vụ",
    "\tĐơn vị chủ trì",
    " \t",
    "\t\t\t",
    "1\tXây dựng cơ sở dữ liệu\tSở Tư pháp\tSở Tài chính\tQuý II/2025\t",
    "I\tNHÓM GIẢI PHÁP\t\t\t",
    "\ttiếp tục\t\tSở Y tế\t",
    "Cơ quan chủ trì: Sở Thông tin và Truyền thông",
    "Cơ quan phối hợp: UBND các huyện, thị xã, thành phố",
    "Thời gian thực hiện: Thường xuyên",
    "Sản phẩm: Báo cáo",
    "chủ trì, phối hợp với",
    "Giao Sở Kế hoạch và Đầu tư chủ trì",
    "Sở, ban, ngành",
    "UBND cấp xã",
    "Công an tỉnh",
    "trước ngày 30/6/2025",
    "Quý III/2025",
    "hằng năm",
    "định kỳ 6 tháng",
    "trong tháng 9",
    "năm 2025 - 2026",
    "31/12/2025",
    "29/02/2025",
    "ngày 32 tháng 13 năm 99999",
    "Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ",
    "Quyết định số 2597/QĐ-TTg",
    "Thông tư 01/2024/TT-BTTTT",
    "Luật Đất đai năm 2024",
    "(sau đây gọi tắt là Nghị định 13)",
    "Căn cứ",
    "<b>",
    "</b>",
    "<i>",
    "<sup>1</sup>",
    "<sup>",
    "</sup>",
    "<",
    ">",
    "**",
    "__",
    "#",
    "### ",
    "&amp;",
    "&nbsp;",
    "&",
    ":",
    ";",
    "(",
    ")",
    "/",
    ".",
    ",",
    "./.",
    "\u{FEFF}",
    "\u{200B}",
    "\u{00A0}",
    "\u{00AD}",
    "\u{0301}",
    "\u{0323}",
    "o\u{0300}a",
    "hoá",
    "Uỷ ban",
    "\u{FFFD}",
    "\u{1F600}",
    "İ",
    "ǅ",
    "ß",
    "ﬃ",
];

/// Joins between fragments.
const SEPARATORS: &[&str] = &["", " ", "  ", "\n", "\r\n", "\r", "\t", "\n\n", " \t", "\t\n"];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => "[0-9IVXLđa-z./:-]{1,8}",
        1 => "\\PC{0,12}",
    ]
}

/// How the assembled text is turned into bytes.
#[derive(Debug, Clone, Copy)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// Every char below U+0100 as one byte, the rest dropped: single-byte look-alikes.
    Latin1ish,
    /// UTF-8 with one byte flipped.
    Damaged(usize),
}

fn encoding() -> impl Strategy<Value = Encoding> {
    prop_oneof![
        12 => Just(Encoding::Utf8),
        1 => Just(Encoding::Utf8Bom),
        1 => Just(Encoding::Utf16Le),
        1 => Just(Encoding::Utf16Be),
        1 => Just(Encoding::Latin1ish),
        1 => any::<usize>().prop_map(Encoding::Damaged),
    ]
}

fn encode(text: &str, enc: Encoding) -> Vec<u8> {
    match enc {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        Encoding::Utf16Le => [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
        Encoding::Utf16Be => [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect(),
        Encoding::Latin1ish => text.chars().filter_map(|c| u8::try_from(u32::from(c)).ok()).collect(),
        Encoding::Damaged(at) => {
            let mut b = text.as_bytes().to_vec();
            if !b.is_empty() {
                let i = at % b.len();
                b[i] ^= 0x80;
            }
            b
        }
    }
}

fn document() -> impl Strategy<Value = Vec<u8>> {
    (proptest::collection::vec((fragment(), proptest::sample::select(SEPARATORS)), 0..200), encoding()).prop_map(|(parts, enc)| {
        let mut text = String::new();
        for (f, sep) in parts {
            text.push_str(&f);
            text.push_str(sep);
        }
        encode(&text, enc)
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        check_timed(&bytes)?;
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,2000}") {
        check_timed(text.as_bytes())?;
    }

    #[test]
    fn plan_like_documents_never_panic(bytes in document()) {
        check_timed(&bytes)?;
    }
}

/// The structured generator does reach the interesting stages (not only rejected inputs).
#[test]
fn structured_inputs_reach_extraction() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut accepted = 0;
    let mut with_sections = 0;
    for _ in 0..64 {
        let bytes = document().new_tree(&mut runner).expect("generate").current();
        if pipeline_check::check_bytes(&bytes) {
            accepted += 1;
            let doc = vnplan::pipeline::process_bytes("d", "d.txt", &bytes).expect("accepted");
            if !doc.sections.is_empty() || !doc.tables.is_empty() {
                with_sections += 1;
            }
        }
    }
    assert!(accepted >= 32, "only {accepted} of 64 generated documents decoded");
    assert!(with_sections >= 8, "only {with_sections} of 64 generated documents had sections or tables");
}
