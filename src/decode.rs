//! Bytes of a file → Unicode text, with the encoding found.
//!
//! Goes in: the raw bytes of one input file.
//! Comes out: [`Decoded`] — the text (line breaks exactly as in the file, so line numbers
//! stay valid; not yet NFC except for Windows-1258, whose combining tone marks are composed),
//! the [`Encoding`] found and warnings; or a [`DecodeError`] for empty, binary or
//! undecodable input.
//!
//! Order of tests: byte-order marks (UTF-8, UTF-16 LE/BE); NUL bytes and control-heavy
//! content → binary; valid UTF-8; UTF-8 with a few broken bytes (decoded with U+FFFD and a
//! warning); otherwise the single-byte encodings Windows-1258, TCVN3 and VNI, chosen by how
//! many words read as Vietnamese syllables. Text that decodes as Unicode is then checked for
//! legacy font encodings (`crate::legacy`), behind a fast path that returns at once when no
//! character that could signal one is present.
//!
//! What it does not do: detect UTF-16 without a BOM, UTF-32, VISCII/VPS; normalize
//! whitespace, NFC or tone placement (that is normalization's job).

use std::fmt;

use unicode_normalization::UnicodeNormalization;

use crate::legacy;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1258,
    Tcvn3,
    Vni,
}

impl Encoding {
    /// The name used in output: "utf-8", "utf-8-bom", "utf-16le", "utf-16be",
    /// "windows-1258", "tcvn3", "vni".
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1258 => "windows-1258",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// No bytes, or only a byte-order mark and whitespace.
    Empty,
    /// NUL bytes or many control characters: not a text file.
    Binary,
    /// Not UTF-8/UTF-16 and not recognisable as a Vietnamese single-byte encoding.
    Undecodable,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DecodeError::Empty => "file is empty (no text besides whitespace or a byte-order mark)",
            DecodeError::Binary => "file looks binary (NUL bytes or many control characters), not text",
            DecodeError::Undecodable => {
                "file is not valid UTF-8 or UTF-16 and its bytes do not read as Vietnamese in \
                 Windows-1258, TCVN3 or VNI"
            }
        })
    }
}

impl std::error::Error for DecodeError {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
    pub warnings: Vec<String>,
}

const UTF8_BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
const UTF16_LE_BOM: [u8; 2] = [0xFF, 0xFE];
const UTF16_BE_BOM: [u8; 2] = [0xFE, 0xFF];

/// Bytes of a file → Unicode text (not yet NFC; line structure preserved: every input line
/// break stays one line break so line numbers are kept). See the module doc for the order of
/// tests.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(&UTF8_BOM) {
        return decode_utf8_bytes(rest, Encoding::Utf8Bom);
    }
    if let Some(rest) = bytes.strip_prefix(&UTF16_LE_BOM) {
        return decode_utf16(rest, encoding_rs::UTF_16LE, Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(&UTF16_BE_BOM) {
        return decode_utf16(rest, encoding_rs::UTF_16BE, Encoding::Utf16Be);
    }
    decode_utf8_bytes(bytes, Encoding::Utf8)
}

/// UTF-8 (the BOM already removed), falling back to a lossy UTF-8 reading or a single-byte
/// encoding when the bytes are not valid UTF-8.
fn decode_utf8_bytes(bytes: &[u8], encoding: Encoding) -> Result<Decoded, DecodeError> {
    if looks_binary_bytes(bytes) {
        return Err(DecodeError::Binary);
    }
    // Most input is valid UTF-8 with many multi-byte letters, where a vectorized check is
    // several times faster than the standard one; the outcome is the same.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => finish_unicode(text, encoding, Vec::new()),
        Err(_) => {
            let (valid_multibyte, invalid) = utf8_sequence_counts(bytes);
            if encoding == Encoding::Utf8Bom || valid_multibyte >= 10 * invalid.max(1) {
                let text = String::from_utf8_lossy(bytes);
                let warning = format!("{invalid} invalid UTF-8 byte sequence(s) replaced with U+FFFD");
                finish_unicode(&text, encoding, vec![warning])
            } else {
                decode_single_byte(bytes)
            }
        }
    }
}

fn decode_utf16(bytes: &[u8], decoder: &'static encoding_rs::Encoding, encoding: Encoding) -> Result<Decoded, DecodeError> {
    let (text, had_errors) = decoder.decode_without_bom_handling(bytes);
    if looks_binary_text(&text) {
        return Err(DecodeError::Binary);
    }
    let mut warnings = Vec::new();
    if had_errors {
        warnings.push(format!("malformed {} (odd length or unpaired surrogate) replaced with U+FFFD", encoding.as_str()));
    }
    finish_unicode(&text, encoding, warnings)
}

/// Empty check, then the legacy-font check for text that decoded as Unicode.
fn finish_unicode(text: &str, encoding: Encoding, mut warnings: Vec<String>) -> Result<Decoded, DecodeError> {
    if is_blank(text) {
        return Err(DecodeError::Empty);
    }
    if !legacy::contains_legacy_signal(text) {
        return Ok(Decoded { text: text.to_owned(), encoding, warnings });
    }
    let (fixed, legacy_found, legacy_warnings) = legacy::fix_legacy_segments(text);
    warnings.extend(legacy_warnings);
    Ok(Decoded { text: fixed, encoding: legacy_found.unwrap_or(encoding), warnings })
}

/// Only whitespace, byte-order marks and zero-width characters.
fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || matches!(c, '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}'))
}

/// Control characters that plain text does not contain (tab, line feed, vertical tab, form
/// feed, carriage return and the DOS end-of-file mark are allowed).
fn is_unexpected_control(code: u32) -> bool {
    (code < 0x20 && !matches!(code, 0x09 | 0x0A | 0x0B | 0x0C | 0x0D | 0x1A)) || code == 0x7F
}

/// More than 1% unexpected controls (at least 2 in a short file), or any NUL.
fn too_many_controls(controls: usize, total: usize) -> bool {
    controls * 100 > total.max(100)
}

fn looks_binary_bytes(bytes: &[u8]) -> bool {
    // Two branch-free passes the compiler turns into vector code.
    if bytes.contains(&0) {
        return true;
    }
    let controls = bytes.iter().filter(|&&b| is_unexpected_control(u32::from(b))).count();
    too_many_controls(controls, bytes.len())
}

fn looks_binary_text(text: &str) -> bool {
    let mut controls = 0usize;
    let mut total = 0usize;
    for c in text.chars() {
        total += 1;
        let code = u32::from(c);
        if code == 0 {
            return true;
        }
        if is_unexpected_control(code) || (0x80..=0x9F).contains(&code) {
            controls += 1;
        }
    }
    too_many_controls(controls, total)
}

/// (valid multi-byte sequences, invalid sequences) of bytes that are not valid UTF-8.
fn utf8_sequence_counts(bytes: &[u8]) -> (usize, usize) {
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    (valid_multibyte, invalid)
}

/// How well a decoded text reads as Vietnamese: words with a non-ASCII letter that are / are
/// not Vietnamese syllables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct VietnameseScore {
    syllables: usize,
    non_syllables: usize,
}

impl VietnameseScore {
    fn of(text: &str) -> VietnameseScore {
        let mut score = VietnameseScore::default();
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            if word.is_ascii() {
                continue;
            }
            let lowered: String = word.chars().flat_map(char::to_lowercase).collect();
            if legacy::is_vietnamese_syllable(&lowered) {
                score.syllables += 1;
            } else {
                score.non_syllables += 1;
            }
        }
        score
    }

    /// At least two thirds of the accented words are Vietnamese syllables.
    fn is_vietnamese(self) -> bool {
        self.syllables >= 1 && self.syllables >= 2 * self.non_syllables
    }

    fn margin(self) -> i64 {
        self.syllables as i64 - self.non_syllables as i64
    }
}

/// Not UTF-8: try Windows-1258 (composed to NFC), TCVN3 and VNI byte by byte, keep the one
/// whose words read best as Vietnamese (ties go to Windows-1258, then TCVN3).
fn decode_single_byte(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (windows_1258, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes);
    let windows_1258: String = windows_1258.nfc().collect();
    // Legacy font files store the font's byte values; Windows-1252 gives U+00NN for 0xA0..0xFF.
    let (latin, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    let candidates = [
        (Encoding::Windows1258, windows_1258),
        (Encoding::Tcvn3, legacy::tcvn3_to_unicode(&latin)),
        (Encoding::Vni, legacy::vni_to_unicode(&latin)),
    ];
    let mut best: Option<(Encoding, String, VietnameseScore)> = None;
    for (encoding, text) in candidates {
        let score = VietnameseScore::of(&text);
        if !score.is_vietnamese() {
            continue;
        }
        let better = best.as_ref().is_none_or(|(_, _, best_score)| score.margin() > best_score.margin());
        if better {
            best = Some((encoding, text, score));
        }
    }
    let Some((encoding, text, _)) = best else {
        if is_blank(&latin) {
            return Err(DecodeError::Empty);
        }
        return Err(DecodeError::Undecodable);
    };
    if is_blank(&text) {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded { text, encoding, warnings: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Windows-1258 keeps ă â ê ô ơ ư đ as letters and writes tones as combining marks:
    /// split each NFC letter that way so the encoder can represent it.
    fn windows_1258_form(text: &str) -> String {
        let mut out = String::new();
        for c in text.nfc() {
            let decomposed: Vec<char> = c.to_string().nfd().collect();
            let tone = decomposed.iter().copied().find(|m| matches!(m, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'));
            match tone {
                Some(mark) => {
                    let base: String = decomposed.iter().filter(|&&m| m != mark).collect();
                    out.extend(base.nfc());
                    out.push(mark);
                }
                None => out.push(c),
            }
        }
        out
    }

    fn latin1_bytes(text: &str) -> Vec<u8> {
        text.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')).collect()
    }

    /// Capital toned letters stand only where TCVN3's case rules can restore them: in
    /// upper-case lines and at the start of a line.
    const SAMPLE: &str = "KẾ HOẠCH\nTriển khai thực hiện Quyết định số 12/QĐ-UBND của UBND tỉnh\r\nỦy ban nhân dân tỉnh giao Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với các cơ quan liên quan.\n";

    #[test]
    fn encoding_names() {
        let names: Vec<&str> = [
            Encoding::Utf8,
            Encoding::Utf8Bom,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
            Encoding::Windows1258,
            Encoding::Tcvn3,
            Encoding::Vni,
        ]
        .iter()
        .map(|e| e.as_str())
        .collect();
        assert_eq!(names, ["utf-8", "utf-8-bom", "utf-16le", "utf-16be", "windows-1258", "tcvn3", "vni"]);
    }

    #[test]
    fn plain_utf8_is_returned_unchanged() {
        let decoded = decode(SAMPLE.as_bytes()).unwrap();
        assert_eq!(decoded.text, SAMPLE);
        assert_eq!(decoded.encoding, Encoding::Utf8);
        assert!(decoded.warnings.is_empty());
    }

    #[test]
    fn utf8_bom_is_removed() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice(SAMPLE.as_bytes());
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, SAMPLE);
        assert_eq!(decoded.encoding, Encoding::Utf8Bom);
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let units: Vec<u16> = SAMPLE.encode_utf16().collect();
        let mut le = UTF16_LE_BOM.to_vec();
        let mut be = UTF16_BE_BOM.to_vec();
        for unit in &units {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        let decoded = decode(&le).unwrap();
        assert_eq!((decoded.text.as_str(), decoded.encoding), (SAMPLE, Encoding::Utf16Le));
        let decoded = decode(&be).unwrap();
        assert_eq!((decoded.text.as_str(), decoded.encoding), (SAMPLE, Encoding::Utf16Be));
    }

    #[test]
    fn windows_1258_round_trip() {
        let prepared = windows_1258_form(SAMPLE);
        assert_ne!(prepared, SAMPLE.nfc().collect::<String>());
        let (bytes, _, had_errors) = encoding_rs::WINDOWS_1258.encode(&prepared);
        assert!(!had_errors);
        assert!(std::str::from_utf8(&bytes).is_err());
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, Encoding::Windows1258);
        assert_eq!(decoded.text, SAMPLE.nfc().collect::<String>());
    }

    #[test]
    fn raw_tcvn3_bytes() {
        let bytes = latin1_bytes(&legacy::unicode_to_tcvn3(SAMPLE));
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, Encoding::Tcvn3);
        assert_eq!(decoded.text, SAMPLE);
    }

    #[test]
    fn raw_vni_bytes() {
        let bytes = latin1_bytes(&legacy::unicode_to_vni(SAMPLE));
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, Encoding::Vni);
        assert_eq!(decoded.text, SAMPLE);
    }

    #[test]
    fn tcvn3_and_vni_inside_utf8() {
        let decoded = decode("KÕ ho¹ch".as_bytes()).unwrap();
        assert_eq!((decoded.text.as_str(), decoded.encoding), ("Kế hoạch", Encoding::Tcvn3));
        let decoded = decode("Keá hoaïch".as_bytes()).unwrap();
        assert_eq!((decoded.text.as_str(), decoded.encoding), ("Kế hoạch", Encoding::Vni));
        let tcvn3 = legacy::unicode_to_tcvn3(SAMPLE);
        let decoded = decode(tcvn3.as_bytes()).unwrap();
        assert_eq!((decoded.text.as_str(), decoded.encoding), (SAMPLE, Encoding::Tcvn3));
        let vni = legacy::unicode_to_vni(SAMPLE);
        let decoded = decode(vni.as_bytes()).unwrap();
        assert_eq!((decoded.text.as_str(), decoded.encoding), (SAMPLE, Encoding::Vni));
    }

    #[test]
    fn mixed_document_converts_only_the_legacy_line() {
        let text = "ỦY BAN NHÂN DÂN TỈNH\nKÕ HO¹CH\nPhát triển kinh tế năm 2024\n";
        let decoded = decode(text.as_bytes()).unwrap();
        assert_eq!(decoded.text, "ỦY BAN NHÂN DÂN TỈNH\nKẾ HOẠCH\nPhát triển kinh tế năm 2024\n");
        assert_eq!(decoded.encoding, Encoding::Tcvn3);
        assert!(decoded.warnings.is_empty());
    }

    #[test]
    fn empty_inputs() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(&UTF8_BOM), Err(DecodeError::Empty));
        assert_eq!(decode(b"  \r\n\t \n"), Err(DecodeError::Empty));
        assert_eq!(decode(&[0xFF, 0xFE, b' ', 0, b'\n', 0]), Err(DecodeError::Empty));
        assert_eq!(decode(&[0xFE, 0xFF]), Err(DecodeError::Empty));
    }

    #[test]
    fn binary_inputs() {
        assert_eq!(decode("Kế hoạch\0abc".as_bytes()), Err(DecodeError::Binary));
        assert_eq!(decode(&[0x7F, b'E', b'L', b'F', 2, 1, 1, 0]), Err(DecodeError::Binary));
        let control_heavy: Vec<u8> = (0..400u32).map(|i| if i % 20 == 0 { 0x01 } else { b'a' }).collect();
        assert_eq!(decode(&control_heavy), Err(DecodeError::Binary));
        let mut utf16_binary = UTF16_LE_BOM.to_vec();
        utf16_binary.extend_from_slice(&[0, 0, 0, 0, b'a', 0]);
        assert_eq!(decode(&utf16_binary), Err(DecodeError::Binary));
    }

    #[test]
    fn undecodable_latin1_text() {
        let bytes = latin1_bytes("Ceci est une phrase française très élégante, à côté du marché où l'on a mangé");
        assert_eq!(decode(&bytes), Err(DecodeError::Undecodable));
        assert!(DecodeError::Undecodable.to_string().contains("UTF-8"));
    }

    #[test]
    fn mostly_utf8_with_a_broken_byte_is_kept_with_a_warning() {
        let mut bytes = SAMPLE.as_bytes().to_vec();
        bytes.push(0xFF);
        bytes.extend_from_slice("Kế hoạch".as_bytes());
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, Encoding::Utf8);
        assert!(decoded.text.contains('\u{FFFD}'));
        assert_eq!(decoded.warnings.len(), 1);
    }

    const CORPUS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");

    #[test]
    fn corpus_decodes_unchanged() {
        let entries = std::fs::read_dir(CORPUS_DIR).expect("corpus/ exists");
        let mut checked = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("txt") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let decoded = decode(&bytes).unwrap();
            assert!(decoded.text.as_bytes() == bytes.as_slice(), "{} changed", path.display());
            assert_eq!(decoded.encoding, Encoding::Utf8, "{}", path.display());
            assert!(decoded.warnings.is_empty(), "{}: {:?}", path.display(), decoded.warnings);
            checked += 1;
        }
        assert!(checked > 0);
    }

    fn corpus_texts() -> Vec<(String, String)> {
        let entries = std::fs::read_dir(CORPUS_DIR).expect("corpus/ exists");
        let mut texts = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("txt") {
                continue;
            }
            if let Ok(text) = std::fs::read_to_string(&path) {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                texts.push((name.unwrap_or_default(), text.nfc().collect()));
            }
        }
        assert!(!texts.is_empty(), "no corpus/*.txt");
        texts
    }

    fn lower(text: &str) -> String {
        text.chars().flat_map(char::to_lowercase).collect()
    }

    type Encoder = fn(&str) -> String;

    /// Every corpus document written in TCVN3 or VNI (whole, every third line only, and as
    /// raw single bytes) comes back as the original. TCVN3 is compared ignoring case, since
    /// its capitals are restored by rule.
    #[test]
    fn corpus_in_legacy_encodings_comes_back() {
        for (name, text) in corpus_texts() {
            let encoders: [(Encoding, Encoder); 2] = [(Encoding::Tcvn3, legacy::unicode_to_tcvn3), (Encoding::Vni, legacy::unicode_to_vni)];
            for (encoding, encode) in encoders {
                let same = |a: &str, b: &str| {
                    if encoding == Encoding::Vni {
                        a == b
                    } else {
                        lower(a) == lower(b)
                    }
                };
                let whole = encode(&text);
                let decoded = decode(whole.as_bytes()).unwrap();
                assert_eq!(decoded.encoding, encoding, "{name}");
                assert!(same(&decoded.text, &text), "{name} {encoding}: whole text differs");
                assert!(decoded.warnings.is_empty(), "{name}: {:?}", decoded.warnings);

                let mixed: String = text
                    .split_inclusive('\n')
                    .enumerate()
                    .map(|(i, line)| if i % 3 == 1 { encode(line) } else { line.to_owned() })
                    .collect();
                let decoded = decode(mixed.as_bytes()).unwrap();
                assert_eq!(decoded.encoding, encoding, "{name}");
                assert!(same(&decoded.text, &text), "{name} {encoding}: mixed text differs");

                let raw = latin1_bytes(&whole);
                let decoded = decode(&raw).unwrap();
                assert_eq!(decoded.encoding, encoding, "{name}");
                assert_eq!(decoded.text.lines().count(), text.lines().count(), "{name}");
            }
            let prepared = windows_1258_form(&text);
            let (bytes, _, _) = encoding_rs::WINDOWS_1258.encode(&prepared);
            let decoded = decode(&bytes).unwrap();
            assert_eq!(decoded.encoding, Encoding::Windows1258, "{name}");
            assert_eq!(decoded.text.lines().count(), text.lines().count(), "{name}");
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
                let _ = decode(&bytes);
            }

            #[test]
            fn decode_never_panics_after_a_bom(
                bom in prop_oneof![Just(vec![0xEF, 0xBB, 0xBF]), Just(vec![0xFF, 0xFE]), Just(vec![0xFE, 0xFF])],
                bytes in proptest::collection::vec(any::<u8>(), 0..300),
            ) {
                let mut all = bom;
                all.extend(bytes);
                let _ = decode(&all);
            }

            #[test]
            fn decode_keeps_line_count_of_valid_utf8(text in "[a-zA-Zà-ỹ¡-ÿ \\n\\r.,]{0,200}") {
                if let Ok(decoded) = decode(text.as_bytes()) {
                    prop_assert_eq!(decoded.text.matches('\n').count(), text.matches('\n').count());
                }
            }
        }
    }
}
