//! Character helpers every stage uses, quick on Vietnamese text: lower-casing, the NFC test and
//! the single-spacing test.
//!
//! `str::to_lowercase` looks every non-ASCII character up in the full Unicode case table. The
//! letters of Vietnamese (Latin-1, `Ă Đ Ĩ Ũ Ơ Ư`, U+1EA0..=U+1EF9), the combining marks and the
//! general punctuation have a one-to-one lower case that needs no table: [`lowercase`] maps
//! them directly and falls back to `str::to_lowercase` for text holding anything else, so its
//! result is always exactly `str::to_lowercase`'s.

/// `c` lower-cased when that needs no table lookup; `None` for characters outside the ranges
/// handled here (the caller then asks the standard library).
pub fn lower_char(c: char) -> Option<char> {
    let code = u32::from(c);
    let lowered = match code {
        0..=0x7F => u32::from(c.to_ascii_lowercase() as u8),
        // À..=Þ except ×: one apart.
        0xC0..=0xDE if code != 0xD7 => code + 0x20,
        0x80..=0xFF => code,
        // Ă Đ Ĩ Ũ and their lower cases.
        0x102 | 0x110 | 0x128 | 0x168 => code + 1,
        0x103 | 0x111 | 0x129 | 0x169 => code,
        // Ơ Ư and their lower cases.
        0x1A0 => 0x1A1,
        0x1AF => 0x1B0,
        0x1A1 | 0x1B0 => code,
        // Combining diacritical marks have no case.
        0x300..=0x36F => code,
        // Vietnamese letters with marks: upper case even, lower case odd.
        0x1EA0..=0x1EF9 => code | 1,
        // General punctuation (dashes, quotes, spaces) has no case.
        0x2000..=0x206F => code,
        _ => return None,
    };
    char::from_u32(lowered)
}

/// Exactly `text.to_lowercase()`, without a table lookup per Vietnamese letter.
pub fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match lower_char(c) {
            Some(lower) => out.push(lower),
            None => return text.to_lowercase(),
        }
    }
    out
}

/// Whether `s` is words separated by single spaces: no other whitespace, none at either end
/// (most text is). A byte scan that recognizes every character of the Unicode `White_Space`
/// property by its UTF-8 bytes.
pub fn is_single_spaced(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let mut previous_space = false;
    for (i, &b) in bytes.iter().enumerate() {
        let space = match b {
            b' ' => true,
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => return false,
            // U+0085, U+00A0
            0xC2 => matches!(at(i + 1), 0x85 | 0xA0),
            // U+1680
            0xE1 => at(i + 1) == 0x9A && at(i + 2) == 0x80,
            // U+2000..=U+200A, U+2028, U+2029, U+202F; U+205F
            0xE2 => {
                (at(i + 1) == 0x80 && matches!(at(i + 2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF)) || (at(i + 1) == 0x81 && at(i + 2) == 0x9F)
            }
            // U+3000
            0xE3 => at(i + 1) == 0x80 && at(i + 2) == 0x80,
            _ => false,
        };
        if space && (b != b' ' || previous_space) {
            return false;
        }
        previous_space = space;
    }
    true
}

/// A character that is in NFC whatever surrounds it (canonical combining class 0, NFC quick
/// check Yes, composes with nothing before it): Latin up to U+02FF and the precomposed
/// Vietnamese letters (U+1E00..U+1EFF). Other characters need the full quick check.
pub fn is_nfc_start(c: char) -> bool {
    c < '\u{300}' || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

/// Whether `text` is in NFC: at once for text made of [`is_nfc_start`] characters (nearly all
/// Vietnamese text), by the quick check otherwise.
pub fn is_nfc(text: &str) -> bool {
    text.is_ascii()
        || text.chars().all(is_nfc_start)
        || unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_nfc_characters_are_nfc_in_any_context() {
        use unicode_normalization::char::{canonical_combining_class, compose};
        use unicode_normalization::{is_nfc_quick, IsNormalized};
        let fast: Vec<char> = (0..0x2000u32).filter_map(char::from_u32).filter(|&c| is_nfc_start(c)).collect();
        for &c in &fast {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            for a in (0..0x3400u32).filter_map(char::from_u32) {
                assert!(compose(a, c).is_none(), "{a:?} + {c:?} composes");
            }
        }
    }
    use proptest::prelude::*;

    #[test]
    fn every_handled_character_lowers_as_the_standard_library_does() {
        let mut handled = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if let Some(lower) = lower_char(c) {
                handled += 1;
                assert_eq!(c.to_lowercase().collect::<String>(), lower.to_string(), "{c:?}");
            }
        }
        assert!(handled > 500, "{handled}");
    }

    #[test]
    fn every_unicode_space_is_seen() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32).filter(|&c| c.is_whitespace() && c != ' ') {
            assert!(!is_single_spaced(&format!("a{c}b")), "{c:?}");
        }
        assert!(is_single_spaced("Sở Tư pháp chủ trì"));
        assert!(!is_single_spaced("Sở  Tư pháp"));
        assert!(!is_single_spaced(" Sở"));
        assert!(!is_single_spaced("Sở "));
    }

    #[test]
    fn vietnamese_words() {
        assert_eq!(lowercase("ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP – SỞ TƯ PHÁP"), "ủy ban nhân dân tỉnh đồng tháp – sở tư pháp");
        assert_eq!(lowercase("ΟΔΟΣ Sở"), "οδος sở");
    }

    /// The plain definition of single spacing.
    fn single_spaced_by_chars(s: &str) -> bool {
        !s.starts_with(' ') && !s.ends_with(' ') && !s.contains("  ") && !s.contains(|c: char| c.is_whitespace() && c != ' ')
    }

    proptest! {
        #[test]
        fn single_spacing_as_defined(text in "[a ạ\\t\\n\u{85}\u{a0}\u{1680}\u{2000}\u{200a}\u{200b}\u{2028}\u{202f}\u{205f}\u{3000}ế]{0,30}|\\PC{0,30}") {
            prop_assert_eq!(is_single_spaced(&text), single_spaced_by_chars(&text));
        }

        #[test]
        fn same_as_to_lowercase(text in "\\PC{0,30}|[aAđĐƠơƯưẠạỸỹΣσ İ\u{300}–]{0,30}") {
            prop_assert_eq!(lowercase(&text), text.to_lowercase());
        }
    }
}
