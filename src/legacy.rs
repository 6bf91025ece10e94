//! Legacy Vietnamese font encodings: TCVN3 (ABC, `.VnTime` fonts) and VNI (`VNI-Times`).
//!
//! Goes in: text that has already been decoded to Unicode (usually through Windows-1252, so
//! each legacy byte became the Latin-1 character with the same number) but still spells
//! Vietnamese in a legacy font encoding: `KÕ ho¹ch` (TCVN3) or `Keá hoaïch` (VNI) for
//! `Kế hoạch`.
//! Comes out: Unicode Vietnamese (NFC letters), plus which legacy encoding was found.
//!
//! [`fix_legacy_segments`] finds the legacy stretches of a document word by word with a
//! Vietnamese syllable checker ([`is_vietnamese_syllable`]): a word votes for a legacy
//! encoding when it is NOT a Vietnamese syllable as it stands but IS one once converted. Only
//! stretches of a line that are not interrupted by real Unicode Vietnamese letters
//! (ư, đ, ạ, …) are converted, so a document that mixes fonts keeps its correct Unicode text.
//! The four plain converters are total and work on whole strings.
//!
//! What it does not do: byte-level decoding (that is `crate::decode`), the VN1/VN2 variants of
//! TCVN 5712 that put capitals in the control range, VISCII, VPS, or Unicode normalization.
//! TCVN3 has no capital toned letters (the `.VnTimeH` fonts drew the same codes as capitals),
//! so capitals are restored by a rule (see [`tcvn3_to_unicode`]) and can be wrong on a
//! capitalised word in the middle of a lower-case sentence (`Ên §é` → `ấn Độ`).

use crate::decode::Encoding;

// ---------------------------------------------------------------------------------------------
// Data tables
// ---------------------------------------------------------------------------------------------

/// The Vietnamese vowels in lower case, one row per base vowel; the column is the tone:
/// 0 none (ngang), 1 grave (huyền), 2 hook above (hỏi), 3 tilde (ngã), 4 acute (sắc),
/// 5 dot below (nặng). Capitals are the Unicode upper-case forms of these letters.
const VOWEL_ROWS: [[char; 6]; 12] = [
    ['a', 'à', 'ả', 'ã', 'á', 'ạ'],
    ['ă', 'ằ', 'ẳ', 'ẵ', 'ắ', 'ặ'],
    ['â', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ'],
    ['e', 'è', 'ẻ', 'ẽ', 'é', 'ẹ'],
    ['ê', 'ề', 'ể', 'ễ', 'ế', 'ệ'],
    ['i', 'ì', 'ỉ', 'ĩ', 'í', 'ị'],
    ['o', 'ò', 'ỏ', 'õ', 'ó', 'ọ'],
    ['ô', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ'],
    ['ơ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ'],
    ['u', 'ù', 'ủ', 'ũ', 'ú', 'ụ'],
    ['ư', 'ừ', 'ử', 'ữ', 'ứ', 'ự'],
    ['y', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ'],
];

const TONE_NONE: u8 = 0;
const TONE_ACUTE: u8 = 4;
const TONE_DOT: u8 = 5;

/// TCVN3 (TCVN 5712:1993, the "VN3" code table used by the ABC keyboard and the `.VnTime`
/// font family): byte → Unicode letter. Source: the code table of TCVN 5712:1993 VN3 as
/// publicly described (bytes 0xA1–0xFE; 0x00–0x7F are ASCII). Written from knowledge of the
/// code points, checked against well-known TCVN3 strings such as `Céng hoµ x· héi chñ nghÜa
/// ViÖt Nam`, `§éc lËp - Tù do - H¹nh phóc`. Bytes of 0xA0–0xFF not listed are unassigned here.
/// Only the seven capitals Ă Â Ê Ô Ơ Ư Đ have codes; every toned letter is lower case.
/// In decoded text byte 0xNN appears as the character U+00NN (Windows-1252/Latin-1).
const TCVN3_TABLE: [(u8, char); 74] = [
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB8, 'á'),
    (0xB9, 'ạ'),
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xBE, 'ắ'),
    (0xC6, 'ặ'),
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCA, 'ấ'),
    (0xCB, 'ậ'),
    (0xCC, 'è'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD0, 'é'),
    (0xD1, 'ẹ'),
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD5, 'ế'),
    (0xD6, 'ệ'),
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDD, 'í'),
    (0xDE, 'ị'),
    (0xDF, 'ò'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE3, 'ó'),
    (0xE4, 'ọ'),
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE8, 'ố'),
    (0xE9, 'ộ'),
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xED, 'ớ'),
    (0xEE, 'ợ'),
    (0xEF, 'ù'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF3, 'ú'),
    (0xF4, 'ụ'),
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF8, 'ứ'),
    (0xF9, 'ự'),
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFD, 'ý'),
    (0xFE, 'ỵ'),
];

/// VNI (VNI-Windows code page of the `VNI-Times` font family, VNI Software Company): a
/// Vietnamese letter is an ASCII base letter followed by one mark character. Source: the
/// publicly described VNI-Windows layout, written from knowledge of the code points and
/// checked against well-known VNI strings such as `Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam`,
/// `Ñoäc laäp - Töï do - Haïnh phuùc`. Each mark exists in a lower-case form (after lower-case
/// letters) and an upper-case form (after capitals); both are accepted after either.
///
/// Tone marks after a, e, o, u, y, ơ, ư, indexed by tone 1..=5 (grave, hook, tilde, acute, dot).
const VNI_TONE_MARKS_LOWER: [char; 5] = ['ø', 'û', 'õ', 'ù', 'ï'];
const VNI_TONE_MARKS_UPPER: [char; 5] = ['Ø', 'Û', 'Õ', 'Ù', 'Ï'];
/// Circumflex (a→â, e→ê, o→ô) with tone 0..=5 (none, grave, hook, tilde, acute, dot).
const VNI_CIRCUMFLEX_MARKS_LOWER: [char; 6] = ['â', 'à', 'å', 'ã', 'á', 'ä'];
const VNI_CIRCUMFLEX_MARKS_UPPER: [char; 6] = ['Â', 'À', 'Å', 'Ã', 'Á', 'Ä'];
/// Breve (a→ă) with tone 0..=5.
const VNI_BREVE_MARKS_LOWER: [char; 6] = ['ê', 'è', 'ú', 'ü', 'é', 'ë'];
const VNI_BREVE_MARKS_UPPER: [char; 6] = ['Ê', 'È', 'Ú', 'Ü', 'É', 'Ë'];
/// Letters VNI writes with a single character (no base letter): ơ, ư, đ, the toned i
/// (ì ỉ ĩ í ị) and ỵ, in both cases.
const VNI_SINGLE_LETTERS: [(char, char); 18] = [
    ('ô', 'ơ'),
    ('Ô', 'Ơ'),
    ('ö', 'ư'),
    ('Ö', 'Ư'),
    ('ñ', 'đ'),
    ('Ñ', 'Đ'),
    ('ì', 'ì'),
    ('Ì', 'Ì'),
    ('æ', 'ỉ'),
    ('Æ', 'Ỉ'),
    ('ó', 'ĩ'),
    ('Ó', 'Ĩ'),
    ('í', 'í'),
    ('Í', 'Í'),
    ('ò', 'ị'),
    ('Ò', 'Ị'),
    ('î', 'ỵ'),
    ('Î', 'Ỵ'),
];

/// Word pairs whose first word begins with a capital in administrative texts (names of
/// bodies, Nghị định 30/2020/NĐ-CP capitalisation rules) but whose capital TCVN3 cannot show
/// because it is a toned vowel: `ủy ban` is always the start of a body's name (`Ủy ban nhân
/// dân`, `Ủy ban Mặt trận Tổ quốc`), and toned-initial words have no case in TCVN3.
const TCVN3_CAPITALISED_BEFORE: [(&str, &str); 1] = [("ủy", "ban")];

/// Vietnamese syllable onsets (initial consonants), longest first. `p` is kept for loan words
/// (`pin`). `q` exists only as `qu`.
const ONSETS: [&str; 27] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s",
    "t", "v", "x",
];

/// Syllable finals (codas), longest first; the empty final is tried last.
const CODAS: [&str; 9] = ["ch", "ng", "nh", "c", "m", "n", "p", "t", ""];

/// Vowel nuclei (without tone) that may end a syllable or take a final consonant.
const NUCLEI_OPEN_OR_CLOSED: [&str; 14] = ["a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uê", "uy"];
/// Nuclei that need a final consonant (`năm`, `tiên`, `muốn`, `người`, `khuyến`, `xoong`).
const NUCLEI_CLOSED_ONLY: [&str; 10] = ["ă", "â", "iê", "yê", "uô", "ươ", "uyê", "oă", "uâ", "oo"];
/// Nuclei ending in a semivowel or with a falling diphthong: never followed by a consonant.
const NUCLEI_OPEN_ONLY: [&str; 33] = [
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa", "ưi", "ưu", "iêu", "yêu", "uôi", "ươi",
    "ươu", "oai", "oay", "oao", "oeo", "uây", "uya", "uyu", "uơ", "ya", "uêu",
];
/// Nuclei that take the palatal finals `ch`/`nh` (`sách`, `lệnh`, `tình`, `hoạch`, `huỳnh`).
const NUCLEI_BEFORE_CH_NH: [&str; 6] = ["a", "ê", "i", "oa", "uê", "uy"];
/// Nuclei that never take the velar finals `c`/`ng` (they take `ch`/`nh` instead).
const NUCLEI_NOT_BEFORE_C_NG: [&str; 5] = ["ê", "i", "y", "uy", "uê"];

// ---------------------------------------------------------------------------------------------
// Letters
// ---------------------------------------------------------------------------------------------

/// A Vietnamese (or plain ASCII) letter taken apart: base letter in lower case without tone
/// (keeping ă â ê ô ơ ư đ), tone 0..=5, and whether it was a capital.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LetterParts {
    base: char,
    tone: u8,
    upper: bool,
}

fn single_lowercase(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

fn single_uppercase(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Splits a letter into base, tone and case; `None` for anything that is not an ASCII letter,
/// `đ`/`Đ` or a Vietnamese vowel.
fn letter_parts(c: char) -> Option<LetterParts> {
    if c.is_ascii_alphabetic() {
        return Some(LetterParts { base: c.to_ascii_lowercase(), tone: TONE_NONE, upper: c.is_ascii_uppercase() });
    }
    if c == 'đ' || c == 'Đ' {
        return Some(LetterParts { base: 'đ', tone: TONE_NONE, upper: c == 'Đ' });
    }
    let lower = single_lowercase(c);
    for row in VOWEL_ROWS.iter() {
        if let Some(tone) = row.iter().position(|&v| v == lower) {
            return Some(LetterParts { base: row[0], tone: tone as u8, upper: lower != c });
        }
    }
    None
}

/// The letter with the given base (lower case, toneless), tone and case; `None` when the base
/// cannot carry a tone.
fn compose_letter(base: char, tone: u8, upper: bool) -> Option<char> {
    let lower = if tone == TONE_NONE {
        base
    } else {
        let row = VOWEL_ROWS.iter().find(|row| row[0] == base)?;
        *row.get(usize::from(tone))?
    };
    Some(if upper { single_uppercase(lower) } else { lower })
}

// ---------------------------------------------------------------------------------------------
// Syllable checker
// ---------------------------------------------------------------------------------------------

/// True when `word` is one well-formed Vietnamese syllable: a valid onset, vowel nucleus and
/// final, standard spelling (`k`/`gh`/`ngh` only before i, e, ê, y; `c`/`g`/`ng` not before
/// them), at most one tone mark, only sắc or nặng before the stop finals p, t, c, ch, and
/// lower case, Title case or UPPER case. Used to tell legacy-encoded words from real ones.
pub fn is_vietnamese_syllable(word: &str) -> bool {
    let mut bases: Vec<char> = Vec::with_capacity(8);
    let mut tone = TONE_NONE;
    let mut n_upper = 0usize;
    let mut first_upper = false;
    for (index, c) in word.chars().enumerate() {
        if index >= 8 {
            return false;
        }
        let Some(parts) = letter_parts(c) else {
            return false;
        };
        if parts.tone != TONE_NONE {
            if tone != TONE_NONE {
                return false;
            }
            tone = parts.tone;
        }
        if parts.upper {
            n_upper += 1;
            if index == 0 {
                first_upper = true;
            }
        }
        bases.push(parts.base);
    }
    let n = bases.len();
    if n == 0 {
        return false;
    }
    let case_ok = n_upper == 0 || n_upper == n || (n_upper == 1 && first_upper);
    if !case_ok {
        return false;
    }
    let base_text: String = bases.iter().collect();
    ONSETS
        .iter()
        .copied()
        .chain(std::iter::once(""))
        .filter(|onset| base_text.starts_with(onset))
        .any(|onset| rhyme_is_valid(onset, &base_text[onset.len()..], tone))
}

fn rhyme_is_valid(onset: &str, rhyme: &str, tone: u8) -> bool {
    CODAS.iter().filter(|coda| rhyme.ends_with(*coda) && rhyme.len() > coda.len()).any(|coda| {
        let nucleus = &rhyme[..rhyme.len() - coda.len()];
        nucleus_and_coda_are_valid(onset, nucleus, coda, tone)
    })
}

fn nucleus_and_coda_are_valid(onset: &str, nucleus: &str, coda: &str, tone: u8) -> bool {
    let nucleus_ok = if coda.is_empty() {
        NUCLEI_OPEN_OR_CLOSED.contains(&nucleus) || NUCLEI_OPEN_ONLY.contains(&nucleus)
    } else {
        NUCLEI_OPEN_OR_CLOSED.contains(&nucleus) || NUCLEI_CLOSED_ONLY.contains(&nucleus)
    };
    if !nucleus_ok {
        return false;
    }
    if (coda == "ch" || coda == "nh") && !NUCLEI_BEFORE_CH_NH.contains(&nucleus) {
        return false;
    }
    if (coda == "c" || coda == "ng") && NUCLEI_NOT_BEFORE_C_NG.contains(&nucleus) {
        return false;
    }
    if matches!(coda, "p" | "t" | "c" | "ch") && tone != TONE_ACUTE && tone != TONE_DOT {
        return false;
    }
    let first_vowel = nucleus.chars().next().unwrap_or('a');
    let front = matches!(first_vowel, 'i' | 'e' | 'ê' | 'y');
    match onset {
        "k" => front,
        "gh" | "ngh" => matches!(first_vowel, 'i' | 'e' | 'ê'),
        "c" | "ng" => !front,
        "g" => first_vowel == 'i' || !front,
        "qu" => !matches!(first_vowel, 'u' | 'ư' | 'o'),
        "gi" => first_vowel != 'i',
        _ => true,
    }
}

// ---------------------------------------------------------------------------------------------
// TCVN3
// ---------------------------------------------------------------------------------------------

const fn build_tcvn3_decode_table() -> [char; 96] {
    let mut table = ['\0'; 96];
    let mut index = 0;
    while index < TCVN3_TABLE.len() {
        let (byte, letter) = TCVN3_TABLE[index];
        table[(byte - 0xA0) as usize] = letter;
        index += 1;
    }
    table
}

/// TCVN3 decode table for U+00A0..=U+00FF ('\0' = unassigned).
const TCVN3_DECODE: [char; 96] = build_tcvn3_decode_table();

/// The Unicode letter a TCVN3 code (seen as the Latin-1 character `c`) stands for.
fn tcvn3_letter(c: char) -> Option<char> {
    let code = u32::from(c);
    if !(0xA0..=0xFF).contains(&code) {
        return None;
    }
    let letter = *TCVN3_DECODE.get((code - 0xA0) as usize)?;
    (letter != '\0').then_some(letter)
}

/// TCVN3 codes 0xA1–0xA7 are capitals whatever the font; all other letters are lower case
/// in the table and take the case of the font, which the text no longer shows.
fn tcvn3_code_has_fixed_case(c: char) -> bool {
    ('\u{A1}'..='\u{A7}').contains(&c)
}

/// The Latin-1 characters that a Unicode Vietnamese text never contains but a legacy text
/// often does: a word holding one of them is strong evidence of that legacy encoding.
fn is_vietnamese_latin1_letter(c: char) -> bool {
    matches!(
        c,
        'à' | 'á'
            | 'â'
            | 'ã'
            | 'è'
            | 'é'
            | 'ê'
            | 'ì'
            | 'í'
            | 'ò'
            | 'ó'
            | 'ô'
            | 'õ'
            | 'ù'
            | 'ú'
            | 'ý'
            | 'À'
            | 'Á'
            | 'Â'
            | 'Ã'
            | 'È'
            | 'É'
            | 'Ê'
            | 'Ì'
            | 'Í'
            | 'Ò'
            | 'Ó'
            | 'Ô'
            | 'Õ'
            | 'Ù'
            | 'Ú'
            | 'Ý'
    )
}

fn is_tcvn3_strong(c: char) -> bool {
    tcvn3_letter(c).is_some() && !is_vietnamese_latin1_letter(c)
}

fn is_vni_strong(c: char) -> bool {
    matches!(
        c,
        'å' | 'ä'
            | 'ë'
            | 'ü'
            | 'ø'
            | 'û'
            | 'ï'
            | 'Å'
            | 'Ä'
            | 'Ë'
            | 'Ü'
            | 'Ø'
            | 'Û'
            | 'Ï'
            | 'æ'
            | 'î'
            | 'ñ'
            | 'ö'
            | 'Æ'
            | 'Î'
            | 'Ñ'
            | 'Ö'
    )
}

/// True for a character that only a legacy-encoded text plausibly contains (see the fast
/// path of [`fix_legacy_segments`]). Only U+00A1..=U+00FF can qualify.
pub fn is_legacy_signal_char(c: char) -> bool {
    is_tcvn3_strong(c) || is_vni_strong(c)
}

/// Indexed by the low 7 bits of a two-byte code (U+0080..=U+00FF): whether it is a signal.
fn build_signal_table() -> [bool; 128] {
    let mut table = [false; 128];
    for (index, slot) in table.iter_mut().enumerate() {
        if let Some(c) = char::from_u32(0x80 + index as u32) {
            *slot = c >= '\u{A0}' && is_legacy_signal_char(c);
        }
    }
    table
}

/// True when the text holds at least one legacy signal character; a plain byte scan for the
/// two-byte UTF-8 forms of U+00A1..=U+00FF, cheap enough to run on every document.
pub fn contains_legacy_signal(text: &str) -> bool {
    static SIGNAL_TABLE: std::sync::OnceLock<[bool; 128]> = std::sync::OnceLock::new();
    let table = SIGNAL_TABLE.get_or_init(build_signal_table);
    // In UTF-8, 0xC2 and 0xC3 only ever lead a character, so every byte pair can be looked at
    // without tracking character boundaries; no branch per byte, an exit per block.
    let is_signal = |pair: &[u8]| {
        let lead = pair[0];
        let index = (usize::from(lead & 1) << 6) | usize::from(pair[1] & 0x3F);
        (lead & 0xFE == 0xC2) & table[index]
    };
    let bytes = text.as_bytes();
    (0..bytes.len()).step_by(64).any(|start| {
        // Each block's last pair reaches one byte into the next block.
        let end = (start + 65).min(bytes.len());
        bytes[start..end].windows(2).fold(false, |hit, pair| hit | is_signal(pair))
    })
}

/// Characters that belong to a word: letters and digits, the TCVN3 codes that are symbols in
/// Latin-1 (`¹` ạ, `µ` à, `®` đ, `§` Đ, soft hyphen ư, `×` ì, …) and combining marks.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || tcvn3_letter(c).is_some() || ('\u{300}'..='\u{36F}').contains(&c)
}

/// Byte ranges of the words of one line.
fn word_spans(line: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    for (index, c) in line.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(index),
            (false, Some(s)) => {
                spans.push((s, index));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, line.len()));
    }
    spans
}

/// Counts of capitals and small letters whose case the TCVN3 text still shows (ASCII letters
/// and the codes 0xA1–0xA7).
fn tcvn3_fixed_case_counts(word: &str) -> (usize, usize) {
    let mut upper = 0;
    let mut lower = 0;
    for c in word.chars() {
        if c.is_ascii_uppercase() || tcvn3_code_has_fixed_case(c) {
            upper += 1;
        } else if c.is_ascii_lowercase() {
            lower += 1;
        }
    }
    (upper, lower)
}

/// How to set the case of the case-less TCVN3 letters of one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tcvn3Case {
    /// Keep them small (`Kế`, `hoạch`).
    Lower,
    /// Capitalise the whole word (`KẾ`, `HOẠCH`).
    Upper,
    /// Capitalise only a leading case-less letter (line start: `Ủy ban`, `Đẩy mạnh`).
    CapitalizeFirst,
}

fn convert_tcvn3_word(word: &str, case: Tcvn3Case, out: &mut String) {
    for (index, c) in word.chars().enumerate() {
        match tcvn3_letter(c) {
            Some(letter) if tcvn3_code_has_fixed_case(c) => out.push(letter),
            Some(letter) => {
                let upper = case == Tcvn3Case::Upper || (case == Tcvn3Case::CapitalizeFirst && index == 0);
                out.push(if upper { single_uppercase(letter) } else { letter });
            }
            None => out.push(c),
        }
    }
}

/// Decides the case of each word of a TCVN3 run (words given as byte spans of `line`).
///
/// - A word showing two or more capitals and no small letter is upper case (`HO¹CH`).
/// - A word showing at most one capital and no small letter is upper case when the nearest
///   word with letters before or after it is an upper-case word (an upper-case Vietnamese
///   syllable such as `NHIÖM`, or a word made upper case by this rule): `NHIÖM Vô` → `NHIỆM
///   VỤ`, while `Sè: 22/KH` stays `Số` (`KH` is an abbreviation, not a syllable).
/// - Otherwise a word that starts a sentence (start of line or table cell after bullets and
///   list markers such as `1.`, `a)`, `II.`; or after `.`, `!`, `?`) gets a capital first
///   letter (`ñy ban` → `Ủy ban`), as does a word listed in [`TCVN3_CAPITALISED_BEFORE`].
fn tcvn3_run_cases(line: &str, words: &[(usize, usize)]) -> Vec<Tcvn3Case> {
    struct WordCase {
        has_letter: bool,
        upper: usize,
        lower: usize,
        upper_syllable: bool,
        /// An upper-case syllable with a toned or hatted letter (`NHIÖM`), not an
        /// abbreviation that happens to spell a syllable (`AI`, `BIM`).
        upper_toned_syllable: bool,
    }
    let infos: Vec<WordCase> = words
        .iter()
        .map(|&(s, e)| {
            let word = line.get(s..e).unwrap_or("");
            let (upper, lower) = tcvn3_fixed_case_counts(word);
            let has_letter = word.chars().any(|c| c.is_alphabetic() || tcvn3_letter(c).is_some());
            let has_caseless_code = word.chars().any(|c| tcvn3_letter(c).is_some() && !tcvn3_code_has_fixed_case(c));
            let upper_syllable = lower == 0 && upper >= 2 && tcvn3_reading(word).is_some_and(|reading| is_vietnamese_syllable(&reading));
            WordCase { has_letter, upper, lower, upper_syllable, upper_toned_syllable: upper_syllable && has_caseless_code }
        })
        .collect();
    // A run showing no small letter and at least one upper-case syllable is upper case.
    let run_is_upper = infos.iter().all(|info| info.lower == 0) && infos.iter().any(|info| info.upper_syllable);
    let mut is_upper: Vec<bool> =
        infos.iter().map(|info| info.has_letter && info.lower == 0 && (info.upper >= 2 || run_is_upper)).collect();
    let may_follow_neighbour = |info: &WordCase| info.has_letter && info.lower == 0 && info.upper <= 1;
    // Two sweeps carry upper case from upper-case syllables to their neighbours.
    let mut last_upper: Option<bool> = None;
    for (index, info) in infos.iter().enumerate() {
        if !info.has_letter {
            continue;
        }
        if may_follow_neighbour(info) && last_upper == Some(true) {
            is_upper[index] = true;
        }
        last_upper = Some(info.upper_toned_syllable || (is_upper[index] && info.upper <= 1));
    }
    let mut next_upper: Option<bool> = None;
    for (index, info) in infos.iter().enumerate().rev() {
        if !info.has_letter {
            continue;
        }
        if may_follow_neighbour(info) && next_upper == Some(true) {
            is_upper[index] = true;
        }
        next_upper = Some(info.upper_toned_syllable || (is_upper[index] && info.upper <= 1));
    }
    words
        .iter()
        .enumerate()
        .map(|(index, &(s, e))| {
            if is_upper.get(index).copied().unwrap_or(false) {
                return Tcvn3Case::Upper;
            }
            let capitalised_by_lexicon = words.get(index + 1).is_some_and(|&(ns, ne)| {
                let word = tcvn3_reading(line.get(s..e).unwrap_or(""));
                let next = tcvn3_reading(line.get(ns..ne).unwrap_or(""));
                TCVN3_CAPITALISED_BEFORE.iter().any(|&(first, second)| word.as_deref() == Some(first) && next.as_deref() == Some(second))
            });
            let word = line.get(s..e).unwrap_or("");
            let is_letter_marker = word.chars().count() == 1 && line.get(e..).is_some_and(|rest| rest.starts_with(')'));
            if is_letter_marker {
                Tcvn3Case::Lower
            } else if capitalised_by_lexicon || starts_sentence(line.get(..s).unwrap_or("")) {
                Tcvn3Case::CapitalizeFirst
            } else {
                Tcvn3Case::Lower
            }
        })
        .collect()
}

/// True when a word preceded by `before` (the text of its line before it) starts a sentence:
/// the line or table cell holds only bullets, markup and a list marker before it, or the
/// text before ends with `.`, `!` or `?` (not an ellipsis) and a space.
/// Only the last `SENTENCE_START_WINDOW` bytes are looked at, so the cost per word stays
/// constant on very long lines.
fn starts_sentence(before: &str) -> bool {
    const SENTENCE_START_WINDOW: usize = 64;
    let mut window_start = before.len().saturating_sub(SENTENCE_START_WINDOW);
    while window_start > 0 && !before.is_char_boundary(window_start) {
        window_start -= 1;
    }
    let window = before.get(window_start..).unwrap_or("");
    let trimmed_end = window.trim_end();
    let ellipsis = trimmed_end.ends_with("..") || trimmed_end.ends_with('…');
    if trimmed_end.len() < window.len() && trimmed_end.ends_with(['.', '!', '?']) && !ellipsis {
        return true;
    }
    let cell = match window.rsplit_once('\t') {
        Some((_, cell)) => cell,
        None if window_start == 0 => window,
        None => return false,
    };
    let mut rest = cell;
    loop {
        let trimmed = rest.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '#' | '*' | '-' | '+' | '•' | '>' | '|' | '"' | '“' | '(' | '_')
        });
        let without_tag = ["<b>", "<i>", "<u>", "<strong>", "<em>"].iter().find_map(|tag| trimmed.strip_prefix(tag));
        match without_tag {
            Some(after_tag) => rest = after_tag,
            None => {
                rest = trimmed;
                break;
            }
        }
    }
    rest.is_empty() || is_list_marker(rest.trim_end()) && rest.ends_with(char::is_whitespace)
}

/// `1.`, `2.1.`, `3)`, `II.`, `a)`, `đ.`: a list-item marker.
fn is_list_marker(text: &str) -> bool {
    let Some(body) = text.strip_suffix(['.', ')']) else {
        return false;
    };
    if body.is_empty() {
        return false;
    }
    let numeric = body.chars().all(|c| c.is_ascii_digit() || c == '.');
    let roman = body.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'));
    let mut chars = body.chars();
    let single_letter = matches!(
        (chars.next(), chars.next()),
        (Some(c), None) if c.is_alphabetic() || tcvn3_letter(c).is_some()
    );
    numeric || roman || single_letter
}

/// Appends `line` to `out` with the words at `words` converted from TCVN3 as one run.
fn convert_tcvn3_run_into(line: &str, words: &[(usize, usize)], converted: &mut Vec<String>) {
    let cases = tcvn3_run_cases(line, words);
    for (&(s, e), case) in words.iter().zip(cases) {
        let mut word = String::with_capacity(e.saturating_sub(s) + 8);
        convert_tcvn3_word(line.get(s..e).unwrap_or(""), case, &mut word);
        converted.push(word);
    }
}

/// Rebuilds a line: text between words is copied, each word is taken from `replacements`
/// (`None` keeps the original word).
fn rebuild_line(line: &str, words: &[(usize, usize)], replacements: &[Option<String>]) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 4);
    let mut copied_to = 0;
    for (&(s, e), replacement) in words.iter().zip(replacements) {
        if let Some(new_word) = replacement {
            out.push_str(line.get(copied_to..s).unwrap_or(""));
            out.push_str(new_word);
            copied_to = e;
        }
    }
    out.push_str(line.get(copied_to..).unwrap_or(""));
    out
}

/// TCVN3 → Unicode for a whole text (every line treated as TCVN3). Capitals of toned
/// letters are restored by the rules of `tcvn3_run_cases`: words showing only capitals
/// (`HO¹CH` → `HOẠCH`) and their case-less neighbours in upper-case headings (`KÕ HO¹CH` →
/// `KẾ HOẠCH`), a word starting a sentence, line or table cell (`ñy ban` → `Ủy ban`), and
/// `Ủy ban`. Characters that are not TCVN3 codes pass through unchanged; line breaks are kept.
pub fn tcvn3_to_unicode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 4);
    for line in s.split_inclusive('\n') {
        let words = word_spans(line);
        let mut converted = Vec::with_capacity(words.len());
        convert_tcvn3_run_into(line, &words, &mut converted);
        let replacements: Vec<Option<String>> = converted.into_iter().map(Some).collect();
        out.push_str(&rebuild_line(line, &words, &replacements));
    }
    out
}

/// Unicode → TCVN3 (as Latin-1 characters). Capital toned letters have no TCVN3 code and
/// are written with the small-letter code (the `.VnTimeH` convention); characters outside
/// Vietnamese pass through unchanged.
pub fn unicode_to_tcvn3(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                return c;
            }
            let code_for = |letter: char| TCVN3_TABLE.iter().find(|&&(_, l)| l == letter).map(|&(byte, _)| char::from(byte));
            code_for(c).or_else(|| code_for(single_lowercase(c))).unwrap_or(c)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// VNI
// ---------------------------------------------------------------------------------------------

/// The toneless base a VNI base character stands for: ASCII vowels, `ô` (ơ) and `ö` (ư).
fn vni_base(c: char) -> Option<(char, bool)> {
    match c {
        'a' | 'e' | 'o' | 'u' | 'y' | 'i' => Some((c, false)),
        'A' | 'E' | 'O' | 'U' | 'Y' | 'I' => Some((c.to_ascii_lowercase(), true)),
        'ô' => Some(('ơ', false)),
        'Ô' => Some(('ơ', true)),
        'ö' => Some(('ư', false)),
        'Ö' => Some(('ư', true)),
        _ => None,
    }
}

fn position_in(marks: &[char], c: char) -> Option<u8> {
    marks.iter().position(|&m| m == c).map(|p| p as u8)
}

/// The letter made by VNI base `base` followed by mark `mark`, if that pair is a VNI letter.
fn vni_combine(base: char, upper: bool, mark: char) -> Option<char> {
    let tone_mark = position_in(&VNI_TONE_MARKS_LOWER, mark).or_else(|| position_in(&VNI_TONE_MARKS_UPPER, mark)).map(|p| p + 1);
    let circumflex = position_in(&VNI_CIRCUMFLEX_MARKS_LOWER, mark).or_else(|| position_in(&VNI_CIRCUMFLEX_MARKS_UPPER, mark));
    let breve = position_in(&VNI_BREVE_MARKS_LOWER, mark).or_else(|| position_in(&VNI_BREVE_MARKS_UPPER, mark));
    match base {
        'a' => match (tone_mark, circumflex, breve) {
            (Some(tone), _, _) => compose_letter('a', tone, upper),
            (None, Some(tone), _) => compose_letter('â', tone, upper),
            (None, None, Some(tone)) => compose_letter('ă', tone, upper),
            _ => None,
        },
        'e' | 'o' => match (tone_mark, circumflex) {
            (Some(tone), _) => compose_letter(base, tone, upper),
            (None, Some(tone)) => compose_letter(if base == 'e' { 'ê' } else { 'ô' }, tone, upper),
            _ => None,
        },
        'u' | 'y' | 'ơ' | 'ư' => tone_mark.and_then(|tone| compose_letter(base, tone, upper)),
        _ => None,
    }
}

fn vni_single_letter(c: char) -> Option<char> {
    VNI_SINGLE_LETTERS.iter().find(|&&(code, _)| code == c).map(|&(_, letter)| letter)
}

/// VNI → Unicode for a whole text: every base vowel followed by a VNI mark becomes one letter,
/// the single-character letters (ô ơ, ö ư, ñ đ, æ ỉ, ó ĩ, ò ị, î ỵ) are replaced. Case comes
/// from the base letter. Everything else passes through unchanged.
pub fn vni_to_unicode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some((base, upper)) = vni_base(c) {
            if base != 'i' {
                if let Some(letter) = chars.peek().and_then(|&m| vni_combine(base, upper, m)) {
                    chars.next();
                    out.push(letter);
                    continue;
                }
            }
        }
        out.push(vni_single_letter(c).unwrap_or(c));
    }
    out
}

/// Unicode → VNI (as Latin-1 characters). Characters outside Vietnamese pass through.
pub fn unicode_to_vni(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 2);
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let Some(parts) = letter_parts(c) else {
            out.push(c);
            continue;
        };
        let tone_index = usize::from(parts.tone);
        let (tone_marks, circumflex_marks, breve_marks) = if parts.upper {
            (&VNI_TONE_MARKS_UPPER, &VNI_CIRCUMFLEX_MARKS_UPPER, &VNI_BREVE_MARKS_UPPER)
        } else {
            (&VNI_TONE_MARKS_LOWER, &VNI_CIRCUMFLEX_MARKS_LOWER, &VNI_BREVE_MARKS_LOWER)
        };
        let tone_mark = tone_index.checked_sub(1).and_then(|i| tone_marks.get(i)).copied();
        let ascii_base = |b: char| {
            if parts.upper {
                b.to_ascii_uppercase()
            } else {
                b
            }
        };
        match parts.base {
            'a' | 'e' | 'o' | 'u' | 'y' if !(parts.base == 'y' && parts.tone == TONE_DOT) => {
                out.push(ascii_base(parts.base));
                out.extend(tone_mark);
            }
            'â' | 'ê' | 'ô' => {
                out.push(ascii_base(match parts.base {
                    'â' => 'a',
                    'ê' => 'e',
                    _ => 'o',
                }));
                out.extend(circumflex_marks.get(tone_index).copied());
            }
            'ă' => {
                out.push(ascii_base('a'));
                out.extend(breve_marks.get(tone_index).copied());
            }
            'ơ' | 'ư' => {
                let code = match (parts.base, parts.upper) {
                    ('ơ', false) => 'ô',
                    ('ơ', true) => 'Ô',
                    (_, false) => 'ö',
                    (_, true) => 'Ö',
                };
                out.push(code);
                out.extend(tone_mark);
            }
            _ => {
                // i with a tone, ỵ, đ: single-character codes.
                let code = VNI_SINGLE_LETTERS.iter().find(|&&(_, letter)| letter == c).map(|&(code, _)| code).unwrap_or(c);
                out.push(code);
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Finding legacy segments in decoded text
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Legacy {
    Tcvn3,
    Vni,
}

impl Legacy {
    fn encoding(self) -> Encoding {
        match self {
            Legacy::Tcvn3 => Encoding::Tcvn3,
            Legacy::Vni => Encoding::Vni,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC/.VnTime)",
            Legacy::Vni => "VNI",
        }
    }

    fn index(self) -> usize {
        match self {
            Legacy::Tcvn3 => 0,
            Legacy::Vni => 1,
        }
    }
}

const LEGACIES: [Legacy; 2] = [Legacy::Tcvn3, Legacy::Vni];

/// Evidence gathered from one run of words, per legacy encoding (index: [`Legacy::index`]).
#[derive(Debug, Clone, Copy, Default)]
struct RunEvidence {
    /// Words that are not Vietnamese as they stand but are once converted.
    legacy_votes: [usize; 2],
    /// Words that are Vietnamese as they stand but not once converted.
    unicode_votes: [usize; 2],
    /// Some legacy vote came from a word holding a character Unicode Vietnamese never uses.
    strong: [bool; 2],
}

impl RunEvidence {
    fn add(&mut self, other: &RunEvidence) {
        for index in 0..2 {
            self.legacy_votes[index] += other.legacy_votes[index];
            self.unicode_votes[index] += other.unicode_votes[index];
            self.strong[index] |= other.strong[index];
        }
    }

    /// The legacy encoding this evidence supports, if any: more legacy votes than Unicode
    /// votes, and either a strong vote or agreement with the document's `dominant` legacy
    /// encoding. When both encodings qualify, the dominant one wins, then the one with more
    /// votes.
    fn verdict(&self, dominant: Option<Legacy>) -> Option<Legacy> {
        let supported = |legacy: Legacy| {
            let i = legacy.index();
            self.legacy_votes[i] > self.unicode_votes[i] && (self.strong[i] || dominant == Some(legacy))
        };
        match (supported(Legacy::Tcvn3), supported(Legacy::Vni)) {
            (true, true) => dominant.or(if self.legacy_votes[1] > self.legacy_votes[0] { Some(Legacy::Vni) } else { Some(Legacy::Tcvn3) }),
            (true, false) => Some(Legacy::Tcvn3),
            (false, true) => Some(Legacy::Vni),
            (false, false) => None,
        }
    }

    /// The encoding with legacy votes backed by a strong character, for warnings.
    fn suspected(&self) -> Option<Legacy> {
        LEGACIES
            .into_iter()
            .filter(|l| self.strong[l.index()] && self.legacy_votes[l.index()] > 0)
            .max_by_key(|l| self.legacy_votes[l.index()])
    }
}

/// What one word says about the encoding of its run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordClass {
    /// ASCII only: the same in every encoding.
    Neutral,
    /// Holds a letter above U+00FF (ư, ạ, Đ, …) or a combining mark: real Unicode.
    Unicode,
    /// Holds Latin-1 characters: evidence recorded in the run.
    Latin1,
}

fn classify_word(word: &str) -> WordClass {
    let mut class = WordClass::Neutral;
    for c in word.chars() {
        let code = u32::from(c);
        if code > 0xFF && (c.is_alphabetic() || (0x300..=0x36F).contains(&code)) {
            return WordClass::Unicode;
        }
        if code >= 0x80 {
            class = WordClass::Latin1;
        }
    }
    class
}

/// Records the evidence of one Latin-1 word. A word that reads the same converted (`lý`) says
/// nothing; one-character words (`ë` ở, `×` ì) never vote for a legacy encoding.
fn weigh_word(word: &str, evidence: &mut RunEvidence) {
    let unicode_ok = is_vietnamese_syllable(word);
    let long_enough = word.chars().count() >= 2;
    for legacy in LEGACIES {
        let converted = match legacy {
            Legacy::Tcvn3 => tcvn3_reading(word),
            Legacy::Vni => Some(vni_to_unicode(word)),
        };
        let Some(converted) = converted else {
            // Holds a Latin-1 letter that is no code of this encoding.
            if unicode_ok {
                evidence.unicode_votes[legacy.index()] += 1;
            }
            continue;
        };
        if converted == word {
            continue;
        }
        let legacy_ok = is_vietnamese_syllable(&converted);
        let strong = match legacy {
            Legacy::Tcvn3 => word.chars().any(is_tcvn3_strong),
            Legacy::Vni => word.chars().any(is_vni_strong),
        };
        let i = legacy.index();
        if legacy_ok && !unicode_ok && long_enough {
            evidence.legacy_votes[i] += 1;
            evidence.strong[i] |= strong;
        } else if unicode_ok && !legacy_ok {
            evidence.unicode_votes[i] += 1;
        }
    }
}

/// The word read as TCVN3, with the case it shows applied to the whole word (capitals only:
/// upper case; otherwise small letters); `None` when the word holds a Latin-1 letter that is
/// no TCVN3 code or shows an impossible case pattern (`hOạch`).
fn tcvn3_reading(word: &str) -> Option<String> {
    if !word.chars().all(|c| c.is_ascii() || tcvn3_letter(c).is_some()) {
        return None;
    }
    let mut n_upper = 0usize;
    let mut n_lower = 0usize;
    let mut upper_after_start = false;
    for (index, c) in word.chars().enumerate() {
        if c.is_ascii_uppercase() || tcvn3_code_has_fixed_case(c) {
            n_upper += 1;
            upper_after_start |= index > 0;
        } else if c.is_ascii_lowercase() {
            n_lower += 1;
        }
    }
    if n_upper > 0 && n_lower > 0 && upper_after_start {
        return None;
    }
    let case = if n_upper > 0 && n_lower == 0 { Tcvn3Case::Upper } else { Tcvn3Case::Lower };
    let mut converted = String::with_capacity(word.len() + 8);
    convert_tcvn3_word(word, case, &mut converted);
    Some(converted)
}

/// One stretch of a line between words that are certainly Unicode.
#[derive(Debug, Clone)]
struct Run {
    /// Indexes into the line's word list.
    first_word: usize,
    end_word: usize,
    evidence: RunEvidence,
}

fn line_runs(line: &str, words: &[(usize, usize)]) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut current: Option<Run> = None;
    for (index, &(s, e)) in words.iter().enumerate() {
        let word = line.get(s..e).unwrap_or("");
        match classify_word(word) {
            WordClass::Unicode => {
                runs.extend(current.take());
            }
            class => {
                let run = current.get_or_insert(Run { first_word: index, end_word: index, evidence: RunEvidence::default() });
                run.end_word = index + 1;
                if class == WordClass::Latin1 {
                    weigh_word(word, &mut run.evidence);
                }
            }
        }
    }
    runs.extend(current);
    runs
}

/// True when the line holds a character in U+0080..=U+00FF (two-byte UTF-8 lead C2/C3).
fn line_has_latin1(line: &str) -> bool {
    line.bytes().any(|b| b == 0xC2 || b == 0xC3)
}

fn line_has_unicode_letter(line: &str) -> bool {
    line.chars().any(|c| {
        let code = u32::from(c);
        code > 0xFF && (c.is_alphabetic() || (0x300..=0x36F).contains(&code))
    })
}

/// The encoding to convert one run from, if any.
///
/// - The run's own evidence, judged with the document's dominant legacy encoding.
/// - In a document without Unicode letters (`whole_document`), every run not contradicted by
///   its own words.
/// - A run without votes either way that holds a word of two or more characters with an
///   ASCII letter and a strong character of the dominant encoding (`BC§` for `BCĐ`).
fn choose_run_encoding(
    line: &str,
    run_words: &[(usize, usize)],
    evidence: &RunEvidence,
    dominant: Option<Legacy>,
    whole_document: Option<Legacy>,
) -> Option<Legacy> {
    if let Some(legacy) = evidence.verdict(dominant) {
        return Some(legacy);
    }
    if let Some(legacy) = whole_document {
        let i = legacy.index();
        return (evidence.unicode_votes[i] <= evidence.legacy_votes[i]).then_some(legacy);
    }
    let legacy = dominant?;
    let i = legacy.index();
    if evidence.legacy_votes[i] > 0 || evidence.unicode_votes[i] > 0 {
        return None;
    }
    let holds_legacy_word = run_words.iter().any(|&(s, e)| {
        let word = line.get(s..e).unwrap_or("");
        let strong = match legacy {
            Legacy::Tcvn3 => word.chars().any(is_tcvn3_strong),
            Legacy::Vni => word.chars().any(is_vni_strong),
        };
        strong && word.chars().count() >= 2 && word.chars().any(|c| c.is_ascii_alphabetic())
    });
    holds_legacy_word.then_some(legacy)
}

const MAX_LISTED_WARNINGS: usize = 10;

/// Converts the legacy segments of already-decoded text and reports which legacy encoding it
/// found (the one converted most often when both occur, with a warning).
///
/// A run (the words of a line between words holding letters above U+00FF) is converted
/// when it holds a word with a character Unicode Vietnamese never uses, and more of its
/// words read as Vietnamese once converted than as they stand. When the whole document holds
/// no letter above U+00FF and its evidence points to one legacy encoding, every run is
/// converted except those whose own evidence contradicts it. A run that looks legacy but is
/// left unchanged is reported in a warning with its 1-based line number. Line breaks are kept.
pub fn fix_legacy_segments(s: &str) -> (String, Option<Encoding>, Vec<String>) {
    if !contains_legacy_signal(s) {
        return (s.to_owned(), None, Vec::new());
    }
    fix_legacy_segments_without_fast_path(s)
}

fn fix_legacy_segments_without_fast_path(s: &str) -> (String, Option<Encoding>, Vec<String>) {
    // Pass 1: evidence for the whole document. The dominant legacy encoding is the one with
    // most votes among those that some run supports on its own (with a strong character).
    let mut document_evidence = RunEvidence::default();
    let mut runs_supporting = [0usize; 2];
    let mut document_has_unicode = false;
    for line in s.split_inclusive('\n') {
        if !line_has_latin1(line) {
            document_has_unicode |= !line.is_ascii() && line_has_unicode_letter(line);
            continue;
        }
        document_has_unicode |= line_has_unicode_letter(line);
        let words = word_spans(line);
        for run in line_runs(line, &words) {
            document_evidence.add(&run.evidence);
            if let Some(legacy) = run.evidence.verdict(None) {
                runs_supporting[legacy.index()] += 1;
            }
        }
    }
    let dominant =
        LEGACIES.into_iter().filter(|l| runs_supporting[l.index()] > 0).max_by_key(|l| document_evidence.legacy_votes[l.index()]);
    let whole_document = if document_has_unicode { None } else { dominant };

    // Pass 2: convert.
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut converted_counts = [0usize; 2];
    let mut unconverted: Vec<(usize, Legacy)> = Vec::new();
    for (line_index, line) in s.split_inclusive('\n').enumerate() {
        if !line_has_latin1(line) {
            out.push_str(line);
            continue;
        }
        let words = word_spans(line);
        let runs = line_runs(line, &words);
        let mut replacements: Vec<Option<String>> = vec![None; words.len()];
        for run in &runs {
            let run_words = words.get(run.first_word..run.end_word).unwrap_or(&[]);
            let Some(legacy) = choose_run_encoding(line, run_words, &run.evidence, dominant, whole_document) else {
                if let Some(suspect) = run.evidence.suspected() {
                    unconverted.push((line_index + 1, suspect));
                }
                continue;
            };
            let mut converted = Vec::with_capacity(run_words.len());
            match legacy {
                Legacy::Tcvn3 => convert_tcvn3_run_into(line, run_words, &mut converted),
                Legacy::Vni => converted.extend(run_words.iter().map(|&(s, e)| vni_to_unicode(line.get(s..e).unwrap_or("")))),
            }
            let mut any_change = false;
            for (slot, (new_word, &(s, e))) in replacements.iter_mut().skip(run.first_word).zip(converted.into_iter().zip(run_words)) {
                if line.get(s..e) != Some(new_word.as_str()) {
                    any_change = true;
                    *slot = Some(new_word);
                }
            }
            if any_change {
                converted_counts[legacy.index()] += 1;
            }
        }
        if replacements.iter().any(Option::is_some) {
            out.push_str(&rebuild_line(line, &words, &replacements));
        } else {
            out.push_str(line);
        }
    }

    let mut warnings = Vec::new();
    let found = match (converted_counts[0] > 0, converted_counts[1] > 0) {
        (false, false) => None,
        (true, false) => Some(Legacy::Tcvn3),
        (false, true) => Some(Legacy::Vni),
        (true, true) => {
            let (main, other) =
                if converted_counts[1] > converted_counts[0] { (Legacy::Vni, Legacy::Tcvn3) } else { (Legacy::Tcvn3, Legacy::Vni) };
            warnings.push(format!(
                "text mixes legacy encodings: converted {} segment(s) of {} and {} of {}; reported as {}",
                converted_counts[main.index()],
                main.label(),
                converted_counts[other.index()],
                other.label(),
                main.encoding().as_str()
            ));
            Some(main)
        }
    };
    for (line_number, suspect) in unconverted.iter().take(MAX_LISTED_WARNINGS) {
        warnings.push(format!(
            "line {line_number}: text looks like {} legacy encoding but was left unchanged (evidence too weak or contradicted)",
            suspect.label()
        ));
    }
    if unconverted.len() > MAX_LISTED_WARNINGS {
        warnings
            .push(format!("{} more line(s) look like a legacy encoding but were left unchanged", unconverted.len() - MAX_LISTED_WARNINGS));
    }
    (out, found.map(Legacy::encoding), warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip_tcvn3(phrase: &str) {
        let legacy = unicode_to_tcvn3(phrase);
        assert_ne!(legacy, phrase, "{phrase} should change when encoded");
        assert_eq!(tcvn3_to_unicode(&legacy), phrase, "TCVN3 form {legacy:?}");
    }

    fn round_trip_vni(phrase: &str) {
        let legacy = unicode_to_vni(phrase);
        assert_ne!(legacy, phrase, "{phrase} should change when encoded");
        assert_eq!(vni_to_unicode(&legacy), phrase, "VNI form {legacy:?}");
    }

    const PHRASES: [&str; 10] = [
        "Kế hoạch",
        "Ủy ban nhân dân tỉnh",
        "Quyết định số 12/QĐ-UBND",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "KẾ HOẠCH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Thủ tướng Chính phủ",
        "Hà Nội, ngày 17 tháng 4 năm 2023",
        "Giao Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan",
    ];

    #[test]
    fn tcvn3_known_strings_decode() {
        assert_eq!(tcvn3_to_unicode("KÕ ho¹ch"), "Kế hoạch");
        assert_eq!(tcvn3_to_unicode("KÕ HO¹CH"), "KẾ HOẠCH");
        assert_eq!(tcvn3_to_unicode("Céng hoµ x· héi chñ nghÜa ViÖt Nam"), "Cộng hoà xã hội chủ nghĩa Việt Nam");
        assert_eq!(tcvn3_to_unicode("§éc lËp - Tù do - H¹nh phóc"), "Độc lập - Tự do - Hạnh phúc");
        assert_eq!(tcvn3_to_unicode("Thñ t\u{AD}íng ChÝnh phñ"), "Thủ tướng Chính phủ");
        assert_eq!(tcvn3_to_unicode("Uû ban nh©n d©n tØnh"), "Uỷ ban nhân dân tỉnh");
        assert_eq!(tcvn3_to_unicode("a) ®Èy m¹nh"), "a) Đẩy mạnh");
        // A capital toned letter inside a lower-case line cannot be restored.
        assert_eq!(tcvn3_to_unicode("cña ñy nhiÖm"), "của ủy nhiệm");
        assert_eq!(tcvn3_to_unicode("cña ñy ban"), "của Ủy ban");
        assert_eq!(tcvn3_to_unicode("- ®Èy m¹nh"), "- Đẩy mạnh");
    }

    #[test]
    fn tcvn3_round_trips() {
        for phrase in PHRASES {
            round_trip_tcvn3(phrase);
        }
    }

    #[test]
    fn tcvn3_encodes_known_forms() {
        assert_eq!(unicode_to_tcvn3("Kế hoạch"), "KÕ ho¹ch");
        assert_eq!(unicode_to_tcvn3("KẾ HOẠCH"), "KÕ HO¹CH");
        assert_eq!(unicode_to_tcvn3("Quyết định"), "QuyÕt ®Þnh");
    }

    #[test]
    fn vni_known_strings_decode() {
        assert_eq!(vni_to_unicode("Keá hoaïch"), "Kế hoạch");
        assert_eq!(vni_to_unicode("KEÁ HOAÏCH"), "KẾ HOẠCH");
        assert_eq!(vni_to_unicode("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"), "Cộng hòa xã hội chủ nghĩa Việt Nam");
        assert_eq!(vni_to_unicode("Ñoäc laäp - Töï do - Haïnh phuùc"), "Độc lập - Tự do - Hạnh phúc");
        assert_eq!(vni_to_unicode("Thuû töôùng Chính phuû"), "Thủ tướng Chính phủ");
        assert_eq!(vni_to_unicode("naêm"), "năm");
    }

    #[test]
    fn vni_round_trips() {
        for phrase in PHRASES {
            round_trip_vni(phrase);
        }
    }

    #[test]
    fn syllable_checker_accepts_real_syllables() {
        for word in [
            "kế", "hoạch", "Quyết", "định", "nghiêng", "khuyến", "người", "giữ", "gì", "giếng", "quốc", "khuya", "xoong", "HOẠCH", "Ủy",
            "thủy", "hóa", "hoá", "tướng", "uyên", "anh", "ếch", "Nguyễn", "với", "của", "và", "tỉnh", "ở", "a",
        ] {
            assert!(is_vietnamese_syllable(word), "{word} should be a syllable");
        }
    }

    #[test]
    fn syllable_checker_rejects_non_syllables() {
        for word in [
            "KÕ", "ho¹ch", "Keá", "hoaïch", "kõ", "hoat", "cỏc", "ngi", "ghô", "ka", "quu", "ic", "HOạCH", "hOẠch", "café", "xyz", "ngh",
            "tiêx", "lớớ", "â", "nghóa", "ñòa",
        ] {
            assert!(!is_vietnamese_syllable(word), "{word} should not be a syllable");
        }
    }

    #[test]
    fn fix_converts_only_the_legacy_line() {
        let text = "Kế hoạch số 12\nKÕ ho¹ch ph¸t triÓn kinh tÕ\nỦy ban nhân dân tỉnh\n";
        let (fixed, found, warnings) = fix_legacy_segments(text);
        assert_eq!(fixed, "Kế hoạch số 12\nKế hoạch phát triển kinh tế\nỦy ban nhân dân tỉnh\n");
        assert_eq!(found, Some(Encoding::Tcvn3));
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn fix_converts_a_legacy_stretch_inside_a_unicode_line() {
        let text = "Căn cứ Quyết định số 12 QuyÕt ®Þnh vÒ viÖc ban hµnh, Ủy ban nhân dân";
        let (fixed, found, _) = fix_legacy_segments(text);
        assert_eq!(fixed, "Căn cứ Quyết định số 12 Quyết định về việc ban hành, Ủy ban nhân dân");
        assert_eq!(found, Some(Encoding::Tcvn3));
    }

    #[test]
    fn fix_converts_vni_lines() {
        let text = "Kế hoạch\nKeá hoaïch phaùt trieån kinh teá\n";
        let (fixed, found, warnings) = fix_legacy_segments(text);
        assert_eq!(fixed, "Kế hoạch\nKế hoạch phát triển kinh tế\n");
        assert_eq!(found, Some(Encoding::Vni));
        assert!(warnings.is_empty());
    }

    #[test]
    fn fix_restores_upper_case_headings() {
        let (fixed, found, _) = fix_legacy_segments("KÕ HO¹CH\nTriÓn khai thùc hiÖn n¨m 2023\n");
        assert_eq!(fixed, "KẾ HOẠCH\nTriển khai thực hiện năm 2023\n");
        assert_eq!(found, Some(Encoding::Tcvn3));
    }

    #[test]
    fn fix_leaves_unicode_with_stray_symbols_alone() {
        for text in [
            "Bản quyền © 2024 Sở Tài chính",
            "Diện tích 3 × 4 m, nhiệt độ 25°C, § 3 điều khoản",
            "Trích dẫn «Kế hoạch» và ½ kinh phí",
            "Café Zürich, Ñandú, naïve façade",
        ] {
            let (fixed, found, warnings) = fix_legacy_segments(text);
            assert_eq!(fixed, text);
            assert_eq!(found, None);
            assert!(warnings.is_empty(), "{text}: {warnings:?}");
        }
    }

    #[test]
    fn fix_warns_when_evidence_is_contradicted() {
        // Two words read as TCVN3, two plain Unicode words contradict: left as is, warned.
        let text = "Kế hoạch\nho¹ch tr×nh và là\n";
        let (fixed, found, warnings) = fix_legacy_segments(text);
        assert_eq!(fixed, text);
        assert_eq!(found, None);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].starts_with("line 2:"), "{warnings:?}");
    }

    #[test]
    fn fix_keeps_line_breaks() {
        let text = "KÕ ho¹ch\r\n\r\nph¸t triÓn\rkinh tÕ\n";
        let (fixed, _, _) = fix_legacy_segments(text);
        assert_eq!(fixed, "Kế hoạch\r\n\r\nphát triển\rkinh tế\n");
    }

    #[test]
    fn long_legacy_line_is_linear() {
        let line = "KÕ ho¹ch ph¸t triÓn. ".repeat(10_000);
        let started = std::time::Instant::now();
        let (fixed, found, _) = fix_legacy_segments(&line);
        assert_eq!(found, Some(Encoding::Tcvn3));
        assert!(fixed.starts_with("Kế hoạch phát triển. Kế hoạch"));
        assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
        let one_word = "¹".repeat(200_000);
        let _ = fix_legacy_segments(&one_word);
        let _ = tcvn3_to_unicode(&one_word);
    }

    #[test]
    fn signal_scan_matches_char_test() {
        for c in '\u{80}'..='\u{FF}' {
            let text = format!("ab{c}cd");
            assert_eq!(contains_legacy_signal(&text), is_legacy_signal_char(c), "{c:?}");
        }
        assert!(!contains_legacy_signal("Kế hoạch phát triển, nhiệt độ 25°C\u{A0}"));
        // The scan works in blocks: a signal is found wherever it starts or ends.
        for prefix in 0..140 {
            for tail in ["", "x", "ệ"] {
                let text = format!("{}µ{tail}", "ế".repeat(prefix / 3) + &"a".repeat(prefix % 3));
                assert!(contains_legacy_signal(&text), "{text:?}");
                assert!(!contains_legacy_signal(&text.replace('µ', "é")), "{text:?}");
            }
        }
    }

    #[test]
    fn corpus_lines_are_never_converted_even_without_fast_path() {
        let entries = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")).expect("corpus/ exists");
        let mut checked = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("txt") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let (fixed, found, warnings) = fix_legacy_segments_without_fast_path(&text);
            assert!(fixed == text, "{} changed", path.display());
            assert_eq!(found, None, "{}", path.display());
            assert!(warnings.is_empty(), "{}: {warnings:?}", path.display());
            checked += 1;
        }
        assert!(checked > 0, "no corpus/*.txt");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn vietnamese_letter() -> impl Strategy<Value = char> {
            let mut letters: Vec<char> = VOWEL_ROWS.iter().flatten().copied().collect();
            letters.extend("đbcdghklmnpqrstvx".chars());
            proptest::sample::select(letters)
        }

        fn lower_word() -> impl Strategy<Value = String> {
            proptest::collection::vec(vietnamese_letter(), 1..7).prop_map(|letters| letters.into_iter().collect())
        }

        /// Lines that start with a Title-case ASCII word, then lower-case Vietnamese words,
        /// ASCII acronyms, numbers and punctuation.
        fn tcvn3_line() -> impl Strategy<Value = String> {
            let item = prop_oneof![
                4 => lower_word(),
                1 => "[A-Z]{2,4}",
                1 => "[0-9]{1,4}([/-][0-9]{1,2})?",
            ];
            ("[B-Z][a-z]{1,3}", proptest::collection::vec(item, 0..8)).prop_map(|(first, rest)| {
                let mut line = first;
                for word in rest {
                    line.push(' ');
                    line.push_str(&word);
                }
                line
            })
        }

        fn any_case_text() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                6 => vietnamese_letter().prop_map(String::from),
                2 => vietnamese_letter().prop_map(|c| single_uppercase(c).to_string()),
                1 => "[ ,.;:/()0-9\n-]",
            ];
            proptest::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
        }

        proptest! {
            #[test]
            fn tcvn3_round_trip_on_generated_text(lines in proptest::collection::vec(tcvn3_line(), 1..5)) {
                let text = lines.join("\n");
                prop_assert_eq!(tcvn3_to_unicode(&unicode_to_tcvn3(&text)), text.clone());
                let upper_lines: Vec<String> = lines.iter().map(|line| format!("KHOA {line}")).collect();
                let upper: String = upper_lines.join("\n").chars().map(single_uppercase).collect();
                prop_assert_eq!(tcvn3_to_unicode(&unicode_to_tcvn3(&upper)), upper);
            }

            #[test]
            fn vni_round_trip_on_generated_text(text in any_case_text()) {
                prop_assert_eq!(vni_to_unicode(&unicode_to_vni(&text)), text);
            }

            #[test]
            fn fix_never_panics_and_keeps_line_count(text in "\\PC{0,200}") {
                let (fixed, _, _) = fix_legacy_segments_without_fast_path(&text);
                prop_assert_eq!(fixed.matches('\n').count(), text.matches('\n').count());
            }
        }
    }
}
