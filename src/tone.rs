//! Traditional tone-mark placement (SPEC §3.2).
//!
//! Goes in: NFC text.
//! Comes out: the same text where open syllables ending in `oa`, `oe`, `uy` carry their tone
//! on the first vowel, as these documents write them: `hoá`→`hóa`, `khoẻ`→`khỏe`,
//! `thuỷ`→`thủy`, `Uỷ ban`→`Ủy ban`, `HOÁ`→`HÓA`. Each letter keeps its case; every other
//! byte is unchanged; applying it twice changes nothing more. Borrowed when nothing changes.
//!
//! What it does not do: syllables with a final consonant or vowel (`hoạch`, `toàn`,
//! `khuyến`, `thuyết`, `hoài`, `uyên`) and `qu` syllables (`quý`, `quỹ`, `quá`) are left as
//! they are (their placement is not in dispute); other vowel pairs (`ua`, `ia`, `ưa`) are not
//! touched; NFD input is not composed (a combining mark is part of its word, and a word holding
//! one is left as it is).

use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;

/// Tone rows for the vowels involved, column = tone: 0 none, 1 grave, 2 hook, 3 tilde,
/// 4 acute, 5 dot below.
const TONE_ROWS: [[char; 6]; 5] = [
    ['a', 'à', 'ả', 'ã', 'á', 'ạ'],
    ['e', 'è', 'ẻ', 'ẽ', 'é', 'ẹ'],
    ['y', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ'],
    ['o', 'ò', 'ỏ', 'õ', 'ó', 'ọ'],
    ['u', 'ù', 'ủ', 'ũ', 'ú', 'ụ'],
];

/// Vietnamese onsets that may stand before `oa`, `oe`, `uy` (every onset except `qu`, whose
/// `u` is part of the consonant). Empty onset included (`oà`, `uỷ`).
const ONSETS_BEFORE_OA_OE_UY: [&str; 27] = [
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph", "r", "s", "t", "th", "tr",
    "v", "x",
];

/// Longest syllable handled: a three-letter onset plus two vowels.
const MAX_SYLLABLE_CHARS: usize = 5;

/// Vowels carrying a tone mark in the new-style position after `o`: the `a`/`e` of `oa`/`oe`.
fn is_marked_a_or_e(c: char) -> bool {
    matches!(
        c,
        'á' | 'à'
            | 'ả'
            | 'ã'
            | 'ạ'
            | 'Á'
            | 'À'
            | 'Ả'
            | 'Ã'
            | 'Ạ'
            | 'é'
            | 'è'
            | 'ẻ'
            | 'ẽ'
            | 'ẹ'
            | 'É'
            | 'È'
            | 'Ẻ'
            | 'Ẽ'
            | 'Ẹ'
    )
}

/// Vowels carrying a tone mark in the new-style position after `u`: the `y` of `uy`.
fn is_marked_y(c: char) -> bool {
    matches!(c, 'ý' | 'ỳ' | 'ỷ' | 'ỹ' | 'ỵ' | 'Ý' | 'Ỳ' | 'Ỷ' | 'Ỹ' | 'Ỵ')
}

/// Traditional tone placement (SPEC §3.2): hoá→hóa, khoẻ→khỏe, thuỷ→thủy, Uỷ ban→Ủy ban,
/// oà→òa … for open syllables ending in oa, oe, uy (no final consonant or vowel after them);
/// syllables with a final (hoạch, toàn, khuyến, thuyết, hoài, uyên) and qu- syllables (quý,
/// quỹ, quá) are left as they are. Works on NFC input, keeps case (HOÁ→HÓA, Uỷ→Ủy), leaves
/// everything else byte-identical. Idempotent.
///
/// A word is a run of letters and the combining marks after them. Only a word that ends in an
/// `o` followed by a marked `a`/`e`, or a `u` followed by a marked `y`, can change, so the line
/// is scanned for those pairs at a word's end and only those words are examined: the cost is
/// one pass over the characters.
pub fn normalize_tone_placement(s: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut copied_to = 0;
    let bytes = s.as_bytes();
    // Every marked vowel is outside ASCII and `o`/`u` are ASCII: candidates are found by bytes.
    for index in 1..bytes.len() {
        if bytes[index].is_ascii() || !matches!(bytes[index - 1], b'o' | b'O' | b'u' | b'U') {
            continue;
        }
        // `index` follows an ASCII byte, so it starts a character.
        let Some(c) = s.get(index..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        // Only `o` + marked `a`/`e` and `u` + marked `y` are pairs (`của`, `quá` are not).
        let pairs = match bytes[index - 1] {
            b'o' | b'O' => is_marked_a_or_e(c),
            _ => is_marked_y(c),
        };
        if !pairs {
            continue;
        }
        let end = index + c.len_utf8();
        let ends_word = s.get(end..).and_then(|rest| rest.chars().next()).is_none_or(|next| !is_word_char(next));
        if !ends_word {
            continue;
        }
        let start = word_start_before(s, index);
        if let Some(fixed) = s.get(start..end).and_then(traditional_form) {
            let buffer = out.get_or_insert_with(|| String::with_capacity(s.len()));
            buffer.push_str(s.get(copied_to..start).unwrap_or(""));
            buffer.push_str(&fixed);
            copied_to = end;
        }
    }
    match out {
        None => Cow::Borrowed(s),
        Some(mut buffer) => {
            buffer.push_str(s.get(copied_to..).unwrap_or(""));
            Cow::Owned(buffer)
        }
    }
}

/// A character that continues a word: a letter, or a combining mark (which belongs to the
/// letter before it: `hoá` followed by U+0301 is left alone, since moving its tone would let
/// NFC compose the mark onto the `a`).
fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || is_combining_mark(c)
}

/// Where the word holding the letter at `index` starts: the run of letters and combining marks
/// before it, without combining marks that no letter precedes.
fn word_start_before(s: &str, index: usize) -> usize {
    let head = s.get(..index).unwrap_or("");
    let run_start = head.char_indices().rev().take_while(|&(_, c)| is_word_char(c)).last().map_or(index, |(i, _)| i);
    let run = s.get(run_start..).unwrap_or("");
    run.char_indices().find(|&(_, c)| c.is_alphabetic()).map_or(index, |(i, _)| run_start + i)
}

/// (row index in TONE_ROWS, tone, upper case) of a vowel from the rows.
fn vowel_parts(c: char) -> Option<(usize, usize, bool)> {
    let mut lower_iter = c.to_lowercase();
    let lower = match (lower_iter.next(), lower_iter.next()) {
        (Some(l), None) => l,
        _ => return None,
    };
    TONE_ROWS.iter().enumerate().find_map(|(row_index, row)| row.iter().position(|&v| v == lower).map(|tone| (row_index, tone, lower != c)))
}

fn vowel_with(row_index: usize, tone: usize, upper: bool) -> Option<char> {
    let lower = *TONE_ROWS.get(row_index)?.get(tone)?;
    if !upper {
        return Some(lower);
    }
    let mut upper_iter = lower.to_uppercase();
    match (upper_iter.next(), upper_iter.next()) {
        (Some(u), None) => Some(u),
        _ => None,
    }
}

const ROW_A: usize = 0;
const ROW_E: usize = 1;
const ROW_Y: usize = 2;
const ROW_O: usize = 3;
const ROW_U: usize = 4;

/// The traditional spelling of `word` when it is an open `oa`/`oe`/`uy` syllable whose tone
/// sits on the second vowel; `None` when nothing is to change.
fn traditional_form(word: &str) -> Option<String> {
    if word.len() > MAX_SYLLABLE_CHARS * 4 {
        return None;
    }
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 2 || chars.len() > MAX_SYLLABLE_CHARS {
        return None;
    }
    let (onset, vowels) = chars.split_at(chars.len() - 2);
    let (first, second) = match vowels {
        [first, second] => (*first, *second),
        _ => return None,
    };
    let (first_row, first_tone, first_upper) = vowel_parts(first)?;
    let (second_row, second_tone, second_upper) = vowel_parts(second)?;
    let pair_ok = matches!((first_row, second_row), (ROW_O, ROW_A) | (ROW_O, ROW_E) | (ROW_U, ROW_Y));
    if !pair_ok || first_tone != 0 || second_tone == 0 {
        return None;
    }
    let onset_lower: String = onset.iter().flat_map(|c| c.to_lowercase()).collect();
    if !ONSETS_BEFORE_OA_OE_UY.contains(&onset_lower.as_str()) {
        return None;
    }
    let mut fixed = String::with_capacity(word.len());
    fixed.extend(onset.iter());
    fixed.push(vowel_with(first_row, second_tone, first_upper)?);
    fixed.push(vowel_with(second_row, 0, second_upper)?);
    Some(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASES: [(&str, &str); 42] = [
        ("hoá", "hóa"),
        ("hoà", "hòa"),
        ("hoả", "hỏa"),
        ("hoã", "hõa"),
        ("hoạ", "họa"),
        ("khoẻ", "khỏe"),
        ("xoè", "xòe"),
        ("loé", "lóe"),
        ("thuỷ", "thủy"),
        ("tuỳ", "tùy"),
        ("luỹ", "lũy"),
        ("Thuỵ Điển", "Thụy Điển"),
        ("Nguỵ", "Ngụy"),
        ("uỷ", "ủy"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("UỶ BAN", "ỦY BAN"),
        ("oà", "òa"),
        ("HOÁ", "HÓA"),
        ("Hoá", "Hóa"),
        ("THUỶ LỢI", "THỦY LỢI"),
        ("chuyển đổi số hoá, hiện đại hoá.", "chuyển đổi số hóa, hiện đại hóa."),
        ("(xoá)", "(xóa)"),
        ("hoá1", "hóa1"),
        // Left as they are: qu- syllables.
        ("quý", "quý"),
        ("quỹ", "quỹ"),
        ("quá", "quá"),
        ("quẻ", "quẻ"),
        ("Quỳ", "Quỳ"),
        // Left as they are: a final consonant or vowel follows.
        ("hoạch", "hoạch"),
        ("toàn", "toàn"),
        ("khuyến", "khuyến"),
        ("thuyết", "thuyết"),
        ("hoài", "hoài"),
        ("uyên", "uyên"),
        ("khuỷu", "khuỷu"),
        ("ngoẹo", "ngoẹo"),
        ("hoặc", "hoặc"),
        // Already traditional, no tone, or not Vietnamese.
        ("hóa", "hóa"),
        ("khỏe", "khỏe"),
        ("hoa", "hoa"),
        ("zoá", "zoá"),
        ("mùa", "mùa"),
    ];

    #[test]
    fn placement_table() {
        for (input, expected) in CASES {
            assert_eq!(normalize_tone_placement(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn placement_is_idempotent_on_the_table() {
        for (_, expected) in CASES {
            assert_eq!(normalize_tone_placement(expected), expected);
        }
    }

    #[test]
    fn unchanged_text_is_borrowed() {
        let text = "Kế hoạch hóa gia đình, Ủy ban nhân dân, quý I";
        assert!(matches!(normalize_tone_placement(text), Cow::Borrowed(_)));
        assert!(matches!(normalize_tone_placement(""), Cow::Borrowed(_)));
    }

    #[test]
    fn only_the_moved_marks_change() {
        let text = "  Tăng cường công tác thuỷ lợi\tvà vệ sinh môi trường (khoẻ mạnh)\r\n";
        let fixed = normalize_tone_placement(text);
        assert_eq!(fixed, "  Tăng cường công tác thủy lợi\tvà vệ sinh môi trường (khỏe mạnh)\r\n");
    }

    /// `hoá` followed by a dot below composes to `hoạ` + U+0301; moving the tone to the `o`
    /// used to leave `họa` + U+0301, which is not NFC (NFC composes `á`).
    #[test]
    fn regression_word_with_a_combining_mark_is_left_alone() {
        assert_eq!(normalize_tone_placement("ho\u{1EA1}\u{301} hoá"), "ho\u{1EA1}\u{301} hóa");
        assert_eq!(normalize_tone_placement("thuỷ\u{323}"), "thuỷ\u{323}");
        assert_eq!(normalize_tone_placement("\u{301}hoá"), "\u{301}hóa");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// The plain definition: every word (letters, then the combining marks and letters
        /// after them) rewritten by `traditional_form` where it applies.
        fn every_word(s: &str) -> String {
            let mut out = String::new();
            let mut word = String::new();
            let flush = |word: &mut String, out: &mut String| {
                out.push_str(&traditional_form(word).unwrap_or_else(|| word.clone()));
                word.clear();
            };
            for c in s.chars() {
                if c.is_alphabetic() || (!word.is_empty() && is_combining_mark(c)) {
                    word.push(c);
                } else {
                    flush(&mut word, &mut out);
                    out.push(c);
                }
            }
            flush(&mut word, &mut out);
            out
        }

        proptest! {
            #[test]
            fn idempotent_on_arbitrary_strings(text in "\\PC{0,80}") {
                let once = normalize_tone_placement(&text).into_owned();
                let twice = normalize_tone_placement(&once).into_owned();
                prop_assert_eq!(once, twice);
            }

            #[test]
            fn same_as_checking_every_word(text in "([bchklmnqtxgQHTK\u{301}\u{323} ]{0,3}[oOuUa][aAeEyYàáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ\u{301}\u{323}][ntci\u{301}]?[ ,.\t]?){0,12}") {
                prop_assert_eq!(normalize_tone_placement(&text).into_owned(), every_word(&text));
            }

            #[test]
            fn idempotent_on_vietnamese_like_strings(
                text in "([bchklmnqtxgQHTK]{0,2}[oOuU][aAeEyYàáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ][ntci]?[ ,.]){0,12}"
            ) {
                let once = normalize_tone_placement(&text).into_owned();
                let twice = normalize_tone_placement(&once).into_owned();
                prop_assert_eq!(&once, &twice);
                prop_assert_eq!(once.chars().count(), text.chars().count());
            }
        }
    }
}
