//! Property tests of the stages that must be total (ARCHITECTURE.md, SPEC §3):
//!
//! - normalization is idempotent and its output is NFC, for arbitrary strings and for strings
//!   assembled from the pieces of Vietnamese plans (list markers, TABs, agency words, dates,
//!   markup, legacy-encoded words, invisible characters, every kind of line break);
//! - `decode` never panics on arbitrary bytes, with or without a byte-order mark;
//! - the whole pipeline (`process_bytes`) never panics on arbitrary bytes, nor on plan-like
//!   strings in UTF-8, UTF-16 or a legacy font encoding.
//!
//! Case counts are kept modest so that the file runs in a few seconds in a debug build.
//! Failures are not persisted to a file: a failing input found here becomes a named
//! regression test beside the code it broke (see `normalize` and `tone`).

use proptest::prelude::*;
use unicode_normalization::is_nfc;
use vnplan::decode::decode;
use vnplan::legacy;
use vnplan::normalize::normalize_to_string;
use vnplan::pipeline::process_bytes;

/// Pieces of Vietnamese plan documents, including the markup, encodings and invisible
/// characters that normalization and extraction must survive.
const FRAGMENTS: &[&str] = &[
    "I.",
    "II.",
    "1.",
    "2.1.",
    "a)",
    "đ)",
    "-",
    "+",
    "*",
    "\t",
    " \t",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\r",
    "Sở",
    "Sở Tài chính",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "UBND tỉnh",
    "Ủy ban nhân dân",
    "các cơ quan liên quan",
    "chủ trì",
    "phối hợp",
    "phối hợp với",
    "Giao",
    "Thời gian thực hiện:",
    "ngày 17 tháng 4 năm 2023",
    "12/6/2024",
    "tháng 8/2024",
    "Quý II/2025",
    "trước ngày 30/9",
    "hằng năm",
    "Quyết định số 12/QĐ-UBND",
    "Kế hoạch số 22 /KH-BCĐ",
    "Số:",
    "Căn cứ",
    "KẾ HOẠCH",
    "Tổ chức thực hiện",
    "Nơi nhận:",
    "PHỤ LỤC",
    "(Kèm theo",
    "TT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian hoàn thành",
    "KT. CHỦ TỊCH",
    "<b>",
    "</b>",
    "<i>",
    "<sup>1</sup>",
    "<",
    ">",
    "**",
    "__",
    "#",
    "## ",
    "&amp;",
    "&lt;",
    "&gt;",
    "&nbsp;",
    "hoá",
    "thuỷ",
    "Uỷ",
    "quý",
    "khuyến",
    "e\u{301}",
    "o\u{302}\u{323}",
    "\u{301}",
    "KÕ ho¹ch",
    "Keá hoaïch",
    "§",
    "¹",
    "\u{A0}",
    "\u{200B}",
    "\u{FEFF}",
    "\u{AD}",
    "\u{2028}",
    ":",
    ";",
    ",",
    ".",
    "(",
    ")",
    "“",
    "…",
];

/// A string of 0..`max` fragments.
fn plan_like(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..max).prop_map(|pieces| pieces.concat())
}

/// A string of plan fragments mixed with arbitrary characters.
fn plan_like_with_noise(max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(FRAGMENTS).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..max).prop_map(|pieces| pieces.concat())
}

/// Strings over the characters the markup and space rules look at, to find inputs whose
/// normalized form would be normalized further.
fn markup_soup(max: usize) -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "<", ">", "b", "i", "/", "sup", "1", " ", "\t", "&", ";", "lt;", "gt;", "amp;", "nbsp;", "#39;", "*", "_", "#", "=", "\u{338}",
        "\u{301}", "\u{323}", "a", "o", "h", "á", "y", "ỷ", "u", "\u{A0}", "\u{200B}", "-",
    ];
    proptest::collection::vec(proptest::sample::select(PIECES), 0..max).prop_map(|pieces| pieces.concat())
}

fn utf16_le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

fn assert_normalization_is_stable(text: &str) -> Result<(), TestCaseError> {
    let once = normalize_to_string(text);
    prop_assert!(is_nfc(&once), "not NFC: {:?} from {:?}", once, text);
    let twice = normalize_to_string(&once);
    prop_assert_eq!(&twice, &once, "normalizing again changed the text of {:?}", text);
    prop_assert_eq!(once.matches('\n').count(), vnplan::normalize::split_lines(text).len());
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn normalization_is_idempotent_and_nfc_on_arbitrary_strings(text in any::<String>()) {
        assert_normalization_is_stable(&text)?;
    }

    #[test]
    fn normalization_is_idempotent_and_nfc_on_plan_like_strings(text in plan_like_with_noise(40)) {
        assert_normalization_is_stable(&text)?;
    }

    #[test]
    fn normalization_is_idempotent_and_nfc_on_markup_soup(text in markup_soup(30)) {
        assert_normalization_is_stable(&text)?;
    }

    // Arbitrary bytes, with and without a BOM, are covered by the property tests in
    // src/decode.rs; here, bytes biased to the high range that single-byte encodings use.
    #[test]
    fn decode_never_panics_on_high_bytes(bytes in proptest::collection::vec(prop_oneof![0x80u8..=0xFF, Just(b' '), Just(b'\n'), 0x41u8..=0x7A], 1..300)) {
        // Invalid UTF-8 rich in the bytes the single-byte encodings use.
        let _ = decode(&bytes);
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn pipeline_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = process_bytes("prop", "prop.txt", &bytes);
    }

    #[test]
    fn pipeline_never_panics_on_plan_like_text(text in plan_like(60)) {
        if let Ok(doc) = process_bytes("prop", "prop.txt", text.as_bytes()) {
            let n_lines = vnplan::normalize::split_lines(&text).len();
            for task in &doc.tasks {
                prop_assert!(task.line >= 1 && task.line <= n_lines, "task line {} of {}", task.line, n_lines);
            }
            for section in &doc.sections {
                prop_assert!(section.line >= 1 && section.line <= n_lines, "section line {} of {}", section.line, n_lines);
            }
        }
    }

    #[test]
    fn pipeline_never_panics_on_plan_like_text_in_other_encodings(text in plan_like(40)) {
        let _ = process_bytes("prop", "prop.txt", &utf16_le_with_bom(&text));
        let _ = process_bytes("prop", "prop.txt", legacy::unicode_to_tcvn3(&text).as_bytes());
        let _ = process_bytes("prop", "prop.txt", legacy::unicode_to_vni(&text).as_bytes());
        let (windows_1258, _, _) = encoding_rs::WINDOWS_1258.encode(&text);
        let _ = process_bytes("prop", "prop.txt", &windows_1258);
    }
}
