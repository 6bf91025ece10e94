//! Normalization: decoded text in, clean lines out (SPEC §3).
//!
//! Every output line corresponds to exactly one line of the original input (line breaks are
//! never added or removed), so `Line::no` is the 1-based line number of the ORIGINAL file.
//! Per line: zero-width characters, BOM and soft hyphens are removed; NBSP and other Unicode
//! spaces become a plain space; text is composed to NFC; tone marks are placed in the
//! traditional style (`crate::tone`); markup (`<b>`, `<i>`, `<sup>…</sup>` footnote markers,
//! other HTML tags, markdown `#`, `**`, `*`) is stripped while remembering that the line was
//! emphasised; runs of spaces collapse to one and trailing spaces are trimmed.
//!
//! TAB characters are structure (table cells) and are kept. A space directly before a leading
//! TAB is kept as one space, because the cell-per-line table layout uses ` \t` to mark a blank
//! first cell.
//!
//! This module does not decode bytes (see `decode`) and never fails.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// One normalized line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the original input.
    pub no: usize,
    /// Clean text: NFC, no markup, single spaces, TABs kept.
    pub text: String,
    /// The line was a markdown heading or wholly wrapped in bold markup.
    pub emphasis: bool,
    /// The line was a footnote body (`<sup>1</sup> Thời gian …` at the start of the line).
    pub footnote: bool,
}

impl Line {
    /// Empty or only spaces. A line holding only TABs is not blank: in a cell-per-line table
    /// it is an empty cell.
    pub fn is_blank(&self) -> bool {
        self.text.bytes().all(|b| b == b' ')
    }

    pub fn has_tab(&self) -> bool {
        self.text.contains('\t')
    }
}

/// Splits text into lines on LF, CRLF or a lone CR, the way editors count lines.
pub fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(&text[start..i]);
                start = i + 1;
            }
            b'\r' => {
                lines.push(&text[start..i]);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// Normalizes a whole decoded document into lines.
pub fn normalize(text: &str) -> Vec<Line> {
    split_lines(text).into_iter().enumerate().map(|(idx, raw)| normalize_line(raw, idx + 1)).collect()
}

/// The normalized text as `vnplan normalize` prints it: clean lines joined with LF.
pub fn normalize_to_string(text: &str) -> String {
    let lines = normalize(text);
    let mut out = String::with_capacity(text.len());
    for line in &lines {
        out.push_str(&line.text);
        out.push('\n');
    }
    out
}

/// Character-level cleanup that is independent of markup: invisible characters removed,
/// exotic spaces made plain, NFC, traditional tone placement.
pub fn clean_chars(raw: &str) -> Cow<'_, str> {
    let needs_char_fix = raw.chars().any(|c| is_invisible(c) || is_exotic_space(c));
    let text: Cow<'_, str> = if needs_char_fix {
        Cow::Owned(raw.chars().filter(|&c| !is_invisible(c)).map(|c| if is_exotic_space(c) { ' ' } else { c }).collect())
    } else {
        Cow::Borrowed(raw)
    };
    let text: Cow<'_, str> = if raw.is_ascii() {
        text
    } else {
        match is_nfc_quick(text.chars()) {
            IsNormalized::Yes => text,
            _ => Cow::Owned(text.nfc().collect()),
        }
    };
    match crate::tone::normalize_tone_placement(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(s) => Cow::Owned(s),
    }
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{00AD}' | '\u{200E}' | '\u{200F}')
}

fn is_exotic_space(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\u{000B}' | '\u{000C}')
}

fn tag_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"</?[A-Za-z][A-Za-z0-9]{0,10}(?:\s[^<>]{0,200})?/?>").expect("tag regex"))
}

fn sup_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)<sup>[^<]{0,20}</sup>").expect("sup regex"))
}

fn bold_open_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)^\s*(?:<(?:b|strong)>|\*\*|__)").expect("bold regex"))
}

/// Normalizes one original line.
pub fn normalize_line(raw: &str, no: usize) -> Line {
    let chars = clean_chars(raw);
    let mut text: &str = &chars;
    let mut emphasis = false;
    let mut footnote = false;

    // Markdown heading: leading #'s.
    let trimmed = text.trim_start_matches(' ');
    if trimmed.starts_with('#') {
        let rest = trimmed.trim_start_matches('#');
        if rest.is_empty() || rest.starts_with(' ') {
            emphasis = true;
            text = rest;
        }
    }
    if bold_open_regex().is_match(text) {
        emphasis = true;
    }

    let mut owned: Cow<'_, str> = Cow::Borrowed(text);
    if owned.contains('<') {
        let t = owned.trim_start();
        if sup_regex().find(t).is_some_and(|m| m.start() == 0) {
            footnote = true;
        }
        let no_sup = sup_regex().replace_all(&owned, "").into_owned();
        owned = Cow::Owned(tag_regex().replace_all(&no_sup, "").into_owned());
    }
    if owned.contains('&') {
        owned = Cow::Owned(decode_entities(&owned));
    }
    let owned = strip_markdown_emphasis(&owned);
    let text = collapse_spaces(&owned);
    Line { no, text, emphasis, footnote }
}

fn decode_entities(s: &str) -> String {
    s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Removes markdown emphasis markers. A leading `* ` or `+ ` bullet is kept as a `- ` bullet.
fn strip_markdown_emphasis(s: &str) -> Cow<'_, str> {
    if !s.contains('*') && !s.contains("__") {
        return Cow::Borrowed(s);
    }
    let lead_len = s.len() - s.trim_start_matches([' ', '\t']).len();
    let (lead, body) = s.split_at(lead_len);
    let mut out = String::with_capacity(s.len());
    out.push_str(lead);
    let body = if let Some(rest) = body.strip_prefix("* ") {
        out.push_str("- ");
        rest
    } else {
        body
    };
    out.push_str(&body.replace("__", "").replace('*', ""));
    Cow::Owned(out)
}

/// Collapses runs of spaces to one, trims spaces at the ends of the line and around TABs,
/// except that a space run directly before the line's first TAB (with nothing else before it)
/// is kept as one space: it marks a blank first cell.
fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let leading_space_tab = {
        let t = s.trim_start_matches(' ');
        t.starts_with('\t') && t.len() < s.len()
    };
    for (i, cell) in s.split('\t').enumerate() {
        if i > 0 {
            out.push('\t');
        }
        let mut prev_space = true;
        for c in cell.chars() {
            if c == ' ' {
                if !prev_space {
                    out.push(' ');
                }
                prev_space = true;
            } else {
                out.push(c);
                prev_space = false;
            }
        }
        if out.ends_with(' ') {
            out.pop();
        }
    }
    if leading_space_tab {
        out.insert(0, ' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize_line(s, 1).text
    }

    #[test]
    fn line_numbers_follow_the_original_line_breaks() {
        let lines = normalize("a\r\nb\rc\n\nd");
        let nos: Vec<_> = lines.iter().map(|l| (l.no, l.text.as_str())).collect();
        assert_eq!(nos, [(1, "a"), (2, "b"), (3, "c"), (4, ""), (5, "d")]);
    }

    #[test]
    fn spaces_and_invisible_characters() {
        assert_eq!(norm("\u{FEFF}Kế\u{00A0}hoạch  số\u{200B} 12  "), "Kế hoạch số 12");
        assert_eq!(norm("  Căn cứ"), "Căn cứ");
        assert_eq!(norm("1\t Nhiệm vụ \tSở Y tế  \t"), "1\tNhiệm vụ\tSở Y tế\t");
        assert_eq!(norm("\t\u{00A0}"), "\t");
        assert_eq!(norm(" \tNội dung"), " \tNội dung");
        assert_eq!(norm("phân\u{00AD}công"), "phâncông");
    }

    #[test]
    fn decomposed_text_is_composed() {
        let nfd: String = "Kế hoạch".nfd().collect();
        assert_eq!(norm(&nfd), "Kế hoạch");
    }

    #[test]
    fn markup_is_stripped_and_emphasis_remembered() {
        let l = normalize_line("### **2. Sở Kế hoạch và Đầu tư**", 1);
        assert_eq!(l.text, "2. Sở Kế hoạch và Đầu tư");
        assert!(l.emphasis);
        let l = normalize_line("<b>I</b>\t<b>Văn bản</b>\t\t", 1);
        assert_eq!(l.text, "I\tVăn bản\t\t");
        assert!(l.emphasis);
        let l = normalize_line("đơn vị (*huyện Trà Cú*) và <i>xã</i>", 1);
        assert_eq!(l.text, "đơn vị (huyện Trà Cú) và xã");
        assert!(!l.emphasis);
        assert_eq!(norm("* Mục một"), "- Mục một");
        assert_eq!(norm("A &amp; B"), "A & B");
    }

    #[test]
    fn footnotes_are_marked_and_markers_dropped() {
        let l = normalize_line("<sup>1</sup> Thời gian cụ thể: trước ngày 12/6", 1);
        assert!(l.footnote);
        assert_eq!(l.text, "Thời gian cụ thể: trước ngày 12/6");
        let l = normalize_line("định kỳ 6 tháng và năm<sup>1</sup>; đối với", 1);
        assert!(!l.footnote);
        assert_eq!(l.text, "định kỳ 6 tháng và năm; đối với");
    }

    #[test]
    fn tone_marks_are_placed_traditionally() {
        assert_eq!(norm("cụ thể hoá"), "cụ thể hóa");
        assert_eq!(norm("Uỷ ban"), "Ủy ban");
    }

    #[test]
    fn unbalanced_markup_does_not_panic() {
        assert_eq!(norm("<b>Kế hoạch"), "Kế hoạch");
        assert_eq!(norm("**a"), "a");
        assert_eq!(norm("<"), "<");
        assert_eq!(norm("a < b > c"), "a < b > c");
    }
}
