//! Extraction is invariant under encoding (SPEC §2, §3.1–3.2).
//!
//! For every `corpus/*.txt` the test builds, in memory, the same document written in the
//! encodings and styles users meet, runs each through `vnplan::pipeline::process_bytes` and
//! checks that it gives the same sections (kind, level, marker, heading, line), tables (columns,
//! rows with kind, number and cells), tasks (source, number, description, lead and partner
//! agency names, deadline kind/start/end), agencies (names), legal references (type, number,
//! date), metadata and diagnostics (so no "looks legacy but was left unchanged" warning) as the
//! clean UTF-8 file, and that `source.encoding` names the encoding. The first differing item
//! of each document is shown on failure.
//!
//! | variant | bytes | `source.encoding` |
//! | --- | --- | --- |
//! | `nfd` | UTF-8, every letter decomposed (NFD) | `utf-8` |
//! | `windows-1258` | Windows-1258, tones as combining marks (below) | `windows-1258` |
//! | `utf-16le`, `utf-16be` | UTF-16 with a byte-order mark | `utf-16le`, `utf-16be` |
//! | `utf-8-bom-crlf` | UTF-8 with BOM, CRLF line ends | `utf-8-bom` |
//! | `old-tone` | UTF-8, tones of open oa/oe/uy syllables on the second vowel (`hoá`, `thuỷ`, `Uỷ`) | `utf-8` |
//! | `vni-utf8`, `tcvn3-utf8` | legacy font text already decoded to Unicode, stored as UTF-8 | `vni`, `tcvn3` |
//! | `vni-raw`, `tcvn3-raw` | the legacy font's single bytes | `vni`, `tcvn3` |
//!
//! TCVN3 has no capital toned letters, so its variants are compared ignoring case (the
//! decoder restores capitals by rule; on this corpus it restores all of them).
//!
//! Windows-1258 text keeps ă â ê ô ơ ư đ as letters and writes the five tones as combining
//! marks (the form Vietnamese Windows keyboards produce); encoding plain NFD would turn the
//! circumflex, breve and horn into numeric character references, so the variant decomposes only
//! the tones. The raw single-byte variants are written through Windows-1252 (how legacy-font
//! files store “ ” – …). A character an encoding cannot represent (the corpus has `≥`) is
//! written by encoding_rs as a numeric character reference (`&#8805;`); such a variant is
//! compared with the clean text in which those characters are replaced by the same
//! reference, so that the check covers every other character of the document.
//!
//! With `VNPLAN_WRITE_VARIANTS=DIR` each test also writes its variant files to
//! `DIR/<variant>/<name>.txt`, for `vnplan eval --gold fixtures DIR/<variant>`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use unicode_normalization::UnicodeNormalization;
use vnplan::decode::Encoding;
use vnplan::legacy;
use vnplan::model::Document;
use vnplan::pipeline::process_bytes;

/// One corpus document: file name and text.
struct CorpusDoc {
    name: String,
    text: String,
}

fn corpus() -> &'static [CorpusDoc] {
    static CORPUS: OnceLock<Vec<CorpusDoc>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("corpus/ exists")
            .map(|e| e.expect("dir entry").path())
            .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("txt"))
            .collect();
        paths.sort();
        assert!(!paths.is_empty(), "no corpus/*.txt");
        paths
            .into_iter()
            .map(|path| CorpusDoc {
                name: path.file_name().and_then(|n| n.to_str()).expect("file name").to_owned(),
                text: std::fs::read_to_string(&path).expect("corpus file is UTF-8"),
            })
            .collect()
    })
}

fn doc_id(name: &str) -> &str {
    name.strip_suffix(".txt").unwrap_or(name)
}

fn process(name: &str, bytes: &[u8]) -> Document {
    process_bytes(doc_id(name), name, bytes).unwrap_or_else(|e| panic!("{name}: pipeline failed: {e}"))
}

/// Documents of reference texts, cached by text (the clean text is shared by most variants).
fn reference_document(name: &str, text: &str) -> Document {
    static CACHE: OnceLock<Mutex<HashMap<(String, String), Document>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (name.to_owned(), text.to_owned());
    if let Some(doc) = cache.lock().expect("cache lock").get(&key) {
        return doc.clone();
    }
    let doc = process(name, text.as_bytes());
    cache.lock().expect("cache lock").insert(key, doc.clone());
    doc
}

// ---------------------------------------------------------------------------------------------
// Variant writers
// ---------------------------------------------------------------------------------------------

/// The five Vietnamese tone marks as combining characters: grave, acute, tilde, hook, dot below.
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// A letter split into its toneless NFC base (keeping ă â ê ô ơ ư) and its tone mark.
fn split_tone(c: char) -> (String, Option<char>) {
    let decomposed: Vec<char> = std::iter::once(c).nfd().collect();
    let tone = decomposed.iter().copied().find(|m| TONE_MARKS.contains(m));
    let base: String = decomposed.iter().filter(|&&m| Some(m) != tone).collect::<String>().nfc().collect();
    (base, tone)
}

/// Windows-1258 form: every toned letter becomes its base letter and a combining tone mark.
fn windows_1258_form(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for c in text.nfc() {
        match split_tone(c) {
            (base, Some(tone)) => {
                out.push_str(&base);
                out.push(tone);
            }
            (_, None) => out.push(c),
        }
    }
    out
}

/// Onsets that may stand before the open syllables oa, oe, uy: every Vietnamese onset except
/// `qu` (whose `u` belongs to the consonant: `quý` keeps its tone on `y`), and none.
const ONSETS_BEFORE_OA_OE_UY: [&str; 27] = [
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph", "r", "s", "t", "th", "tr",
    "v", "x",
];

/// The inverse of SPEC §3.2: an open syllable ending in oa, oe or uy whose tone sits on the
/// first vowel gets it on the second (`hóa`→`hoá`, `khỏe`→`khoẻ`, `thủy`→`thuỷ`, `Ủy`→`Uỷ`,
/// `HÓA`→`HOÁ`); `None` for every other word.
fn old_tone_word(word: &str) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    if !(2..=5).contains(&chars.len()) {
        return None;
    }
    let (onset, pair) = chars.split_at(chars.len() - 2);
    let (first_base, tone) = split_tone(pair[0]);
    let tone = tone?;
    let (second_base, second_tone) = split_tone(pair[1]);
    if second_tone.is_some() {
        return None;
    }
    let pair_ok = matches!((first_base.to_lowercase().as_str(), second_base.to_lowercase().as_str()), ("o", "a") | ("o", "e") | ("u", "y"));
    let onset_lower: String = onset.iter().collect::<String>().to_lowercase();
    if !pair_ok || !ONSETS_BEFORE_OA_OE_UY.contains(&onset_lower.as_str()) {
        return None;
    }
    let mut out: String = onset.iter().collect();
    out.push_str(&first_base);
    out.extend(format!("{second_base}{tone}").nfc());
    Some(out)
}

/// The text in the old tone style: every word that [`old_tone_word`] changes, changed.
fn old_tone_style(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(&old_tone_word(word).unwrap_or_else(|| word.clone()));
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// `text` with every character whose `to_form` spelling `encoding` cannot represent written as
/// encoding_rs writes it: a decimal numeric character reference.
fn with_unmappable_as_references(text: &str, encoding: &'static encoding_rs::Encoding, to_form: fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut buffer = [0u8; 4];
    for c in text.chars() {
        let (_, _, unmappable) = encoding.encode(&to_form(c.encode_utf8(&mut buffer)));
        if unmappable {
            out.push_str(&format!("&#{};", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

fn utf16_with_bom(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
    }
    bytes
}

/// One encoded form of a corpus document.
struct Variant {
    bytes: Vec<u8>,
    /// The text the variant must extract like (the clean text, or the clean text with
    /// unrepresentable characters written as references).
    reference: String,
}

/// Bytes of `text` in `encoding` (which must be a single-byte encoding), with the reference
/// text the result is to be compared with.
fn single_byte(form: &str, clean: &str, encoding: &'static encoding_rs::Encoding, to_form: fn(&str) -> String) -> Variant {
    let (bytes, _, _) = encoding.encode(form);
    let reference = with_unmappable_as_references(clean, encoding, to_form);
    // The reference must spell the same characters the variant kept: re-encoding it gives the
    // same bytes.
    let reference_form = to_form(&reference);
    let (reference_bytes, _, _) = encoding.encode(&reference_form);
    assert!(reference_bytes == bytes, "reference text does not match the variant's bytes");
    Variant { bytes: bytes.into_owned(), reference }
}

fn make_variant(kind: &str, clean: &str) -> Variant {
    let unchanged = |bytes: Vec<u8>| Variant { bytes, reference: clean.to_owned() };
    match kind {
        "nfd" => unchanged(clean.nfd().collect::<String>().into_bytes()),
        "windows-1258" => single_byte(&windows_1258_form(clean), clean, encoding_rs::WINDOWS_1258, windows_1258_form),
        "utf-16le" => unchanged(utf16_with_bom(clean, false)),
        "utf-16be" => unchanged(utf16_with_bom(clean, true)),
        "utf-8-bom-crlf" => {
            let mut bytes = vec![0xEF, 0xBB, 0xBF];
            bytes.extend_from_slice(clean.replace("\r\n", "\n").replace('\n', "\r\n").as_bytes());
            unchanged(bytes)
        }
        "old-tone" => unchanged(old_tone_style(clean).into_bytes()),
        "vni-utf8" => unchanged(legacy::unicode_to_vni(clean).into_bytes()),
        "tcvn3-utf8" => unchanged(legacy::unicode_to_tcvn3(clean).into_bytes()),
        "vni-raw" => single_byte(&legacy::unicode_to_vni(clean), clean, encoding_rs::WINDOWS_1252, legacy::unicode_to_vni),
        "tcvn3-raw" => single_byte(&legacy::unicode_to_tcvn3(clean), clean, encoding_rs::WINDOWS_1252, legacy::unicode_to_tcvn3),
        other => panic!("unknown variant {other}"),
    }
}

// ---------------------------------------------------------------------------------------------
// What is compared
// ---------------------------------------------------------------------------------------------

/// The extraction results compared, as printable items per category.
fn extraction_view(doc: &Document, fold_case: bool) -> Vec<(&'static str, Vec<String>)> {
    let fold = |s: String| if fold_case { s.to_lowercase() } else { s };
    let agency_names = |indices: &[usize]| -> Vec<&str> {
        indices.iter().map(|&i| doc.agencies.get(i).map_or("<missing agency>", |a| a.name.as_str())).collect()
    };
    let m = &doc.metadata;
    let metadata = vec![
        format!("doc_type={:?}", m.doc_type),
        format!("number={:?}", m.number),
        format!("issuer={:?}", m.issuer),
        format!("place={:?}", m.place),
        format!("province={:?}", m.province),
        format!("issued_date={:?}", m.issued_date),
        format!("title={:?}", m.title),
        format!("plan_year={:?}", m.plan_year),
        format!("signer={:?}", m.signer),
        format!("recipients={:?}", m.recipients),
    ];
    let sections = doc
        .sections
        .iter()
        .map(|s| {
            format!("{:?} level {} marker {:?} heading {:?} line {} parent {:?}", s.kind, s.level, s.marker, s.heading, s.line, s.parent)
        })
        .collect();
    let mut tables = Vec::new();
    for (t_index, table) in doc.tables.iter().enumerate() {
        let columns: Vec<String> = table.columns.iter().map(|c| format!("{:?}={:?}", c.role, c.header)).collect();
        tables.push(format!("table {t_index} line {} columns {columns:?}", table.line));
        for row in &table.rows {
            tables.push(format!(
                "table {t_index} row line {} {:?} number {:?} group {:?} cells {:?}",
                row.line, row.kind, row.number, row.group, row.cells
            ));
        }
    }
    let tasks = doc
        .tasks
        .iter()
        .map(|t| {
            let deadline = t.deadline.as_ref().map(|d| (d.kind, d.start, d.end));
            format!(
                "{:?} line {} number {:?} description {:?} lead {:?} partners {:?} deadline {:?}",
                t.source,
                t.line,
                t.number,
                t.description,
                agency_names(&t.lead),
                agency_names(&t.partners),
                deadline
            )
        })
        .collect();
    let agencies = doc.agencies.iter().map(|a| a.name.clone()).collect();
    let diagnostics = doc.diagnostics.iter().map(|d| format!("{} line {:?}: {}", d.level.as_str(), d.line, d.message)).collect();
    let legal_refs =
        doc.legal_refs.iter().map(|r| format!("{} {} {:?}", r.reference.doc_type, r.reference.number, r.reference.issued_date)).collect();
    [
        ("metadata", metadata),
        ("sections", sections),
        ("tables", tables),
        ("tasks", tasks),
        ("agencies", agencies),
        ("legal_refs", legal_refs),
        ("diagnostics", diagnostics),
    ]
    .into_iter()
    .map(|(category, items)| (category, items.into_iter().map(fold).collect()))
    .collect()
}

/// The first difference between the extraction of `expected` and `actual`, if any.
fn first_difference(expected: &Document, actual: &Document, fold_case: bool) -> Option<String> {
    for ((category, want), (_, got)) in extraction_view(expected, fold_case).into_iter().zip(extraction_view(actual, fold_case)) {
        let position = want.iter().zip(&got).position(|(a, b)| a != b);
        let index = match position {
            Some(index) => index,
            None if want.len() == got.len() => continue,
            None => want.len().min(got.len()),
        };
        let show = |items: &[String]| items.get(index).cloned().unwrap_or_else(|| "<none>".to_owned());
        return Some(format!(
            "{category}: {} items expected, {} found; first difference at item {index}:\n    expected {}\n    found    {}",
            want.len(),
            got.len(),
            show(&want),
            show(&got)
        ));
    }
    None
}

// ---------------------------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------------------------

fn check_variant(kind: &str, expected_encoding: Encoding, fold_case: bool) {
    let write_dir = std::env::var_os("VNPLAN_WRITE_VARIANTS").map(|dir| PathBuf::from(dir).join(kind));
    if let Some(dir) = &write_dir {
        std::fs::create_dir_all(dir).expect("create variant directory");
    }
    let mut failures = Vec::new();
    let mut n_changed = 0;
    for doc in corpus() {
        let variant = make_variant(kind, &doc.text);
        if variant.bytes != doc.text.as_bytes() {
            n_changed += 1;
        }
        if let Some(dir) = &write_dir {
            std::fs::write(dir.join(&doc.name), &variant.bytes).expect("write variant file");
        }
        let expected = reference_document(&doc.name, &variant.reference);
        let actual = process(&doc.name, &variant.bytes);
        if actual.source.encoding != expected_encoding {
            failures.push(format!("{}: source.encoding is {}, expected {}", doc.name, actual.source.encoding, expected_encoding));
        }
        if let Some(difference) = first_difference(&expected, &actual, fold_case) {
            failures.push(format!("{}: {difference}", doc.name));
        }
    }
    assert!(n_changed > 0, "the {kind} variant left every corpus document unchanged");
    assert!(failures.is_empty(), "{kind}: {} failure(s) over {} documents:\n{}", failures.len(), corpus().len(), failures.join("\n"));
}

#[test]
fn nfd_extracts_like_the_clean_file() {
    check_variant("nfd", Encoding::Utf8, false);
}

#[test]
fn windows_1258_extracts_like_the_clean_file() {
    check_variant("windows-1258", Encoding::Windows1258, false);
}

#[test]
fn utf16_le_extracts_like_the_clean_file() {
    check_variant("utf-16le", Encoding::Utf16Le, false);
}

#[test]
fn utf16_be_extracts_like_the_clean_file() {
    check_variant("utf-16be", Encoding::Utf16Be, false);
}

#[test]
fn utf8_bom_crlf_extracts_like_the_clean_file() {
    check_variant("utf-8-bom-crlf", Encoding::Utf8Bom, false);
}

#[test]
fn old_tone_style_extracts_like_the_clean_file() {
    check_variant("old-tone", Encoding::Utf8, false);
}

#[test]
fn vni_as_utf8_extracts_like_the_clean_file() {
    check_variant("vni-utf8", Encoding::Vni, false);
}

#[test]
fn vni_raw_bytes_extract_like_the_clean_file() {
    check_variant("vni-raw", Encoding::Vni, false);
}

#[test]
fn tcvn3_as_utf8_extracts_like_the_clean_file_ignoring_case() {
    check_variant("tcvn3-utf8", Encoding::Tcvn3, true);
}

#[test]
fn tcvn3_raw_bytes_extract_like_the_clean_file_ignoring_case() {
    check_variant("tcvn3-raw", Encoding::Tcvn3, true);
}

/// The variant writers themselves: the old tone style and the Windows-1258 form.
#[test]
fn variant_writers_produce_the_intended_forms() {
    for (new_style, old_style) in [
        ("hóa", "hoá"),
        ("Hòa Bình", "Hoà Bình"),
        ("khỏe", "khoẻ"),
        ("thủy lợi", "thuỷ lợi"),
        ("Ủy ban", "Uỷ ban"),
        ("ỦY BAN", "UỶ BAN"),
        ("HÓA", "HOÁ"),
        ("quý, quỹ, quá", "quý, quỹ, quá"),
        ("hoạch toàn khuyến thuyết", "hoạch toàn khuyến thuyết"),
        ("của mùa", "của mùa"),
    ] {
        assert_eq!(old_tone_style(new_style), old_style, "{new_style}");
        let normalized = vnplan::normalize::normalize_to_string(old_style);
        assert_eq!(normalized.trim_end(), new_style, "normalizing {old_style}");
    }
    assert_eq!(windows_1258_form("Kế hoạch"), "Kê\u{301} hoa\u{323}ch");
    let form = windows_1258_form("Kế hoạch ≥ “5%”");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&form);
    assert!(unmappable);
    assert_eq!(encoding_rs::WINDOWS_1258.decode_without_bom_handling(&bytes).0, "Kê\u{301} hoa\u{323}ch &#8805; “5%”");
    assert_eq!(with_unmappable_as_references("ạ ≥ b", encoding_rs::WINDOWS_1258, windows_1258_form), "ạ &#8805; b");
}
