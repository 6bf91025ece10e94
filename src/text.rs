//! Lower-casing for the comparisons every stage makes, quick on Vietnamese text.
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

#[cfg(test)]
mod tests {
    use super::*;
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
    fn vietnamese_words() {
        assert_eq!(lowercase("ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP – SỞ TƯ PHÁP"), "ủy ban nhân dân tỉnh đồng tháp – sở tư pháp");
        assert_eq!(lowercase("ΟΔΟΣ Sở"), "οδος sở");
    }

    proptest! {
        #[test]
        fn same_as_to_lowercase(text in "\\PC{0,30}|[aAđĐƠơƯưẠạỸỹΣσ İ\u{300}–]{0,30}") {
            prop_assert_eq!(lowercase(&text), text.to_lowercase());
        }
    }
}
