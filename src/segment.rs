//! Segmentation: normalized lines in, the document's skeleton out.
//!
//! Finds the zones of a plan (body, closing block, appendices), its numbered sections
//! (Roman `I.`, Arabic `1.`, dotted `2.1.`, letter items `a)`, appendix headings) with their
//! parents, article lines of an enclosing decision (`Điều 2.`), and its TAB-separated tables
//! (see `table`). Segmentation is total: any input gives a layout, never an error.
//!
//! It does not interpret what sections or cells mean (agencies, deadlines, tasks): that is
//! `extract`'s job.

use std::sync::OnceLock;

use regex::Regex;

use crate::normalize::Line;
use crate::table::{self, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionKind {
    Roman,
    Arabic,
    Dotted,
    Letter,
    Appendix,
}

impl SectionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Roman => "roman",
            SectionKind::Arabic => "arabic",
            SectionKind::Dotted => "dotted",
            SectionKind::Letter => "letter",
            SectionKind::Appendix => "appendix",
        }
    }
}

/// A numbered heading or item of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub parent: Option<usize>,
    pub level: u8,
    pub kind: SectionKind,
    /// The numeral as written, without its dot or parenthesis: `II`, `3`, `2.1`, `đ`.
    pub marker: String,
    /// The heading by the labelling rules: up to a colon when running text follows; a numbered
    /// paragraph with no colon gives its first 60 characters; otherwise the whole line.
    pub heading: String,
    /// The whole text of the marker line without the marker.
    pub line_text: String,
    /// Running text after the heading's colon on the same line, if any.
    pub rest: Option<String>,
    /// The marker line is a whole numbered paragraph rather than a title.
    pub paragraph: bool,
    /// Index into the document's lines.
    pub line_idx: usize,
    /// 1-based line number in the original input.
    pub line: usize,
    pub emphasis: bool,
}

/// The skeleton of one document.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub sections: Vec<Section>,
    pub tables: Vec<Table>,
    /// First line index after the (first) body: the closing block (`Nơi nhận`, signature) or
    /// the first appendix, whichever comes first.
    pub body_end: usize,
    /// Line ranges `[start, end)` of body text: the document's own body and the body of any
    /// document attached after its closing block (`KẾ HOẠCH … (Ban hành kèm theo Quyết định
    /// số …)` after a decision's signature).
    pub body: Vec<(usize, usize)>,
    /// Line index where the first appendix starts.
    pub appendix_start: Option<usize>,
    /// Line index of the `Nơi nhận` line, if any.
    pub recipients_start: Option<usize>,
    /// Line indices of article lines (`Điều 1.`) of an enclosing decision.
    pub articles: Vec<usize>,
    /// For each section: its children, in order.
    pub children_of: Vec<Vec<usize>>,
    /// For each line: the section that starts on it.
    pub section_at: Vec<Option<usize>>,
    /// For each line: the table it belongs to.
    pub table_at: Vec<Option<usize>>,
}

impl Layout {
    /// Whether a line is body text (not header-free closing block or appendix).
    pub fn in_body(&self, idx: usize) -> bool {
        self.body.iter().any(|&(s, e)| idx >= s && idx < e)
    }

    /// The end of the body range holding `idx` (or `idx` itself when it is not body text).
    pub fn body_range_end(&self, idx: usize) -> usize {
        self.body.iter().find(|&&(s, e)| idx >= s && idx < e).map_or(idx, |&(_, e)| e)
    }

    /// Where the closing block that starts at `idx` ends: the next attached body or appendix.
    pub fn closing_end(&self, idx: usize) -> usize {
        let next_body = self.body.iter().map(|&(s, _)| s).filter(|&s| s > idx).min();
        let next_appendix = self.appendix_start.filter(|&a| a > idx);
        next_body.into_iter().chain(next_appendix).min().unwrap_or(self.section_at.len())
    }

    /// Children of a section, in order.
    pub fn children(&self, parent: usize) -> impl Iterator<Item = usize> + '_ {
        self.children_of.get(parent).into_iter().flatten().copied()
    }

    /// The line index where a section's content ends (exclusive): the next section of the same
    /// or a higher rank, an article line, or the end of the body.
    pub fn section_end(&self, idx: usize) -> usize {
        let sec = &self.sections[idx];
        let rank = rank_of(sec);
        let mut end = if self.in_body(sec.line_idx) { self.body_range_end(sec.line_idx) } else { self.section_at.len() };
        for later in &self.sections[idx + 1..] {
            if later.line_idx >= end {
                break;
            }
            if rank_of(later) <= rank || later.kind == SectionKind::Appendix {
                end = later.line_idx;
                break;
            }
        }
        if let Some(&art) = self.articles.iter().find(|&&a| a > sec.line_idx) {
            end = end.min(art);
        }
        end
    }
}

fn roman_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^([IVXL]{1,7})\s*[.:]\s*").expect("roman"))
}

fn arabic_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\S)").expect("arabic"))
}

fn arabic_dot_required_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^\d{1,2}(?:\.\d{1,2}){0,3}\.\s").expect("arabic dot"))
}

/// Starts with a letter and `)` ([`parse_marker`] checks that first).
fn letter_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^([a-zđêôơư])\)\s*(\S)").expect("letter"))
}

fn article_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^Điều\s+\d{1,3}\s*[.:]").expect("article"))
}

/// Every alternative starts with `PHỤ` or `Phụ` ([`is_appendix_line`] checks that first).
fn appendix_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:PHỤ LỤC|Phụ lục|PHỤ LỤ C)(?:\s+(?:số\s+)?([IVXL]+|\d{1,3}[a-z]?))?\s*[.:]?\s*(.*)$").expect("appendix")
    })
}

/// Valid Roman numerals from I to L.
pub fn is_roman(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"^(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})$").expect("roman check"));
    !s.is_empty() && re.is_match(s)
}

/// Rank for nesting: a section nests under the closest earlier section of lower rank.
fn rank_of(sec: &Section) -> u8 {
    match sec.kind {
        SectionKind::Appendix => 0,
        SectionKind::Roman => 1,
        SectionKind::Arabic => 2,
        SectionKind::Dotted => 1 + sec.marker.matches('.').count() as u8 + 1,
        SectionKind::Letter => 10,
    }
}

/// True for a line that opens the closing block: `Nơi nhận`.
pub fn is_recipients_line(text: &str) -> bool {
    let t = text.trim_start_matches(['-', ' ', '\t']);
    t.starts_with("Nơi nhận") || t.starts_with("NƠI NHẬN")
}

/// True for a signature-block line (`KT. CHỦ TỊCH`, `TM. ỦY BAN NHÂN DÂN`).
pub fn is_signature_line(text: &str) -> bool {
    let t = text.trim();
    ["KT. ", "TM. ", "KT ", "TM ", "Q. ", "TL. ", "TUQ. "]
        .iter()
        .any(|p| t.starts_with(p) && t.chars().filter(|c| c.is_alphabetic()).all(|c| !c.is_lowercase()))
}

/// Is this line the heading of an appendix (`PHỤ LỤC`, `Phụ lục II`)?
pub fn is_appendix_line(text: &str) -> bool {
    let t = text.trim();
    // Every form `appendix_re` accepts starts with one of these (checked first: most lines fail).
    if !(t.starts_with("PHỤ") || t.starts_with("Phụ")) || t.chars().nth(80).is_some() || t.contains('\t') {
        return false;
    }
    match appendix_re().captures(t) {
        Some(c) => {
            let rest = c.get(2).map_or("", |m| m.as_str());
            // `Phụ lục kèm theo ...` inside prose is not a heading; an upper-case or empty rest is.
            rest.is_empty() || rest.chars().filter(|c| c.is_alphabetic()).all(|c| !c.is_lowercase()) || c.get(1).is_some()
        }
        None => false,
    }
}

/// Segments normalized lines.
pub fn segment(lines: &[Line]) -> Layout {
    let n = lines.len();
    let mut layout = Layout { body_end: n, section_at: vec![None; n], table_at: vec![None; n], ..Layout::default() };

    // Tables first: their lines are never sections.
    layout.tables = table::find_tables(lines);
    for (t_idx, t) in layout.tables.iter().enumerate() {
        for slot in &mut layout.table_at[t.first_idx..t.end_idx] {
            *slot = Some(t_idx);
        }
    }

    // Zones.
    let first_text = lines.iter().position(|l| !l.is_blank()).unwrap_or(n);
    for (i, line) in lines.iter().enumerate() {
        if layout.table_at[i].is_some() {
            continue;
        }
        if layout.recipients_start.is_none() && is_recipients_line(&line.text) {
            layout.recipients_start = Some(i);
            layout.body_end = layout.body_end.min(i);
        }
        if layout.appendix_start.is_none() && is_appendix_line(&line.text) && i >= first_text {
            layout.appendix_start = Some(i);
            layout.body_end = layout.body_end.min(i);
        }
        if i < layout.body_end && i > first_text && is_signature_line(&line.text) && layout.recipients_start.is_none() {
            // A signature before any recipients list closes the body too.
            layout.body_end = layout.body_end.min(i);
        }
    }
    layout.body = vec![(0, layout.body_end)];
    layout.body.extend(attached_bodies(lines, &layout));
    for (i, line) in lines.iter().enumerate() {
        if layout.table_at[i].is_none() && layout.in_body(i) && article_re().is_match(line.text.trim()) {
            layout.articles.push(i);
        }
    }

    // Sections.
    let mut stack: Vec<usize> = Vec::new();
    for i in 0..n {
        if layout.table_at[i].is_some() || lines[i].footnote {
            continue;
        }
        let text = lines[i].text.trim();
        if i > 0 && layout.body.iter().skip(1).any(|&(start, _)| start == i) {
            stack.clear(); // an attached document starts its own numbering
        }
        let parsed = if !layout.in_body(i) {
            if is_appendix_line(text) && i >= layout.appendix_start.unwrap_or(n) {
                Some((SectionKind::Appendix, appendix_marker(text), String::new()))
            } else {
                None
            }
        } else {
            parse_marker(text)
        };
        let Some((kind, marker, line_text)) = parsed else { continue };
        let mut sec = Section {
            parent: None,
            level: 1,
            kind,
            marker,
            heading: String::new(),
            line_text: line_text.clone(),
            rest: None,
            paragraph: false,
            line_idx: i,
            line: lines[i].no,
            emphasis: lines[i].emphasis,
        };
        if kind == SectionKind::Appendix {
            sec.heading = appendix_title(lines, i);
            sec.line_text = sec.heading.clone();
            stack.clear();
        } else {
            sec.paragraph = is_paragraph(lines, i, &line_text, &layout);
            let (heading, rest) = heading_of(&line_text, sec.paragraph);
            sec.heading = heading;
            sec.rest = rest;
        }
        let rank = rank_of(&sec);
        while let Some(&top) = stack.last() {
            if rank_of(&layout.sections[top]) >= rank && layout.sections[top].kind != SectionKind::Appendix {
                stack.pop();
            } else {
                break;
            }
        }
        sec.parent = stack.last().copied();
        sec.level = stack.len() as u8 + 1;
        let idx = layout.sections.len();
        layout.section_at[i] = Some(idx);
        layout.sections.push(sec);
        stack.push(idx);
    }

    layout.children_of = vec![Vec::new(); layout.sections.len()];
    for (i, sec) in layout.sections.iter().enumerate() {
        if let Some(p) = sec.parent {
            layout.children_of[p].push(i);
        }
    }

    // Tables belong to the section they stand in.
    for t in &mut layout.tables {
        t.section = (0..t.first_idx.min(n)).rev().find_map(|i| layout.section_at[i]);
    }
    layout
}

fn appendix_marker(text: &str) -> String {
    appendix_re().captures(text.trim()).and_then(|c| c.get(1).map(|m| m.as_str().to_string())).unwrap_or_default()
}

/// The title of an appendix: the heading's own text after `PHỤ LỤC N`, else the next
/// non-blank lines up to the `(Kèm theo …)` line.
fn appendix_title(lines: &[Line], idx: usize) -> String {
    if let Some(c) = appendix_re().captures(lines[idx].text.trim()) {
        let rest = c.get(2).map_or("", |m| m.as_str()).trim();
        if !rest.is_empty() {
            return rest.to_string();
        }
    }
    let mut parts = Vec::new();
    for line in lines.iter().skip(idx + 1).take(6) {
        let t = line.text.trim();
        if t.is_empty() {
            if parts.is_empty() {
                continue;
            }
            break;
        }
        if t.starts_with('(') || line.has_tab() {
            break;
        }
        parts.push(t.to_string());
    }
    parts.join(" ")
}

/// A `(Ban hành) kèm theo …` line: the reference of the document an appendix or an attached
/// plan belongs to.
pub fn is_attachment_line(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)^\(?\s*(?:ban hành\s+)?kèm theo\b").expect("attached")).is_match(text.trim())
}

/// Bodies of documents attached after the closing block: a document-type line (`KẾ HOẠCH`)
/// followed within a few lines by `(Ban hành kèm theo Quyết định số …)`, up to the next
/// recipients list, signature or appendix.
fn attached_bodies(lines: &[Line], layout: &Layout) -> Vec<(usize, usize)> {
    let n = lines.len();
    let mut out = Vec::new();
    let mut i = layout.body_end;
    while i < n {
        if Some(i) == layout.appendix_start || layout.table_at[i].is_some() || !is_document_type_line(&lines[i].text) {
            i += 1;
            continue;
        }
        let attached = lines[i + 1..n.min(i + 8)].iter().any(|l| is_attachment_line(&l.text));
        if !attached {
            i += 1;
            continue;
        }
        let end = (i + 1..n)
            .find(|&j| {
                layout.table_at[j].is_none()
                    && (is_recipients_line(&lines[j].text) || is_appendix_line(&lines[j].text) || is_signature_line(&lines[j].text))
            })
            .unwrap_or(n);
        out.push((i, end));
        i = end.max(i + 1);
    }
    out
}

/// A line holding only a document-type word (`KẾ HOẠCH`, `Chương trình`).
pub fn is_document_type_line(text: &str) -> bool {
    let t = crate::text::lowercase(text.trim().trim_end_matches(':').trim());
    crate::lexicon::DOCUMENT_TYPE_WORDS.iter().any(|(word, _)| t == *word)
}

/// Recognises a marker at the start of a body line (one line: the title after the marker runs
/// to the end and holds no line break). The marker regexes match only the marker and the
/// first character of the title, so a long line is not scanned to its end.
pub fn parse_marker(text: &str) -> Option<(SectionKind, String, String)> {
    if text.is_empty() || text.starts_with('-') || text.starts_with('+') {
        return None;
    }
    let title = |start: usize| text.get(start..).filter(|rest| !rest.contains('\n')).map(|rest| rest.trim().to_string());
    let first = text.as_bytes()[0];
    if first.is_ascii_digit() {
        if !arabic_dot_required_re().is_match(text) {
            return None;
        }
        let c = arabic_re().captures(text)?;
        let marker = c[1].to_string();
        let rest = title(c.get(2)?.start())?;
        // `2023. ...`, `15.6.2023 ...`: not numbering.
        let kind = if marker.contains('.') { SectionKind::Dotted } else { SectionKind::Arabic };
        return Some((kind, marker, rest));
    }
    if matches!(first, b'I' | b'V' | b'X' | b'L') {
        let c = roman_re().captures(text)?;
        let marker = c[1].to_string();
        if !is_roman(&marker) {
            return None;
        }
        let rest = title(c.get(0)?.end())?;
        if rest.is_empty() {
            return None;
        }
        return Some((SectionKind::Roman, marker, rest));
    }
    // `letter_re` needs a letter, then `)`: checked first, since most lines are prose.
    let mut chars = text.chars();
    let letter_then_paren = matches!(chars.next(), Some('a'..='z' | 'đ' | 'ê' | 'ô' | 'ơ' | 'ư')) && chars.next() == Some(')');
    if !letter_then_paren {
        return None;
    }
    let c = letter_re().captures(text)?;
    Some((SectionKind::Letter, c[1].to_string(), title(c.get(2)?.start())?))
}

/// A numbered paragraph (a whole sentence on the marker line) rather than a title line: longer
/// than a heading key, and either ending a sentence or followed directly by the next marker.
fn is_paragraph(lines: &[Line], idx: usize, line_text: &str, layout: &Layout) -> bool {
    let n_chars = line_text.chars().count();
    if n_chars <= 60 {
        return false;
    }
    if line_text.trim_end().ends_with(['.', ';']) && heading_colon(line_text).is_none() {
        return true;
    }
    // The next non-blank line: another marker (or the end of the body) means the numbered line
    // holds all its content, i.e. it is a paragraph.
    let next = lines.iter().enumerate().skip(idx + 1).find(|(_, l)| !l.is_blank() && !l.footnote).map(|(i, l)| (i, l.text.trim()));
    match next {
        None => true,
        Some((i, t)) => {
            !layout.in_body(i)
                || layout.table_at[i].is_some()
                || parse_marker(t).is_some_and(|(k, _, _)| k != SectionKind::Letter)
                || article_re().is_match(t)
        }
    }
}

/// Applies the heading rules to the text of a marker line.
pub fn heading_of(line_text: &str, paragraph: bool) -> (String, Option<String>) {
    let text = line_text.trim();
    if let Some(pos) = heading_colon(text) {
        let head = text[..pos].trim().to_string();
        let rest = text[pos + 1..].trim();
        let rest = if rest.is_empty() { None } else { Some(rest.to_string()) };
        return (head, rest);
    }
    let text = text.trim_end_matches(':').trim_end();
    if paragraph {
        let cut: String = text.chars().take(60).collect();
        return (cut.trim_end().to_string(), None);
    }
    (text.to_string(), None)
}

/// Byte position of the colon that ends a heading: the first `:` that is not inside a number
/// (`10:30`) or parentheses.
fn heading_colon(text: &str) -> Option<usize> {
    if !text.contains(':') {
        return None;
    }
    let mut depth = 0i32;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ':' if depth <= 0 => {
                let before_digit = i > 0 && bytes[i - 1].is_ascii_digit();
                let after_digit = bytes.get(i + 1).is_some_and(|b| b.is_ascii_digit());
                if !(before_digit && after_digit) {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    fn layout_of(text: &str) -> (Vec<Line>, Layout) {
        let lines = normalize(text);
        let layout = segment(&lines);
        (lines, layout)
    }

    fn outline(layout: &Layout) -> Vec<(String, String, Option<String>)> {
        layout
            .sections
            .iter()
            .map(|s| (format!("{}:{}", s.kind.as_str(), s.marker), s.heading.clone(), s.parent.map(|p| layout.sections[p].marker.clone())))
            .collect()
    }

    #[test]
    fn markers_of_every_kind_nest() {
        let (_, layout) = layout_of(
            "KẾ HOẠCH\nI. MỤC ĐÍCH\n1. Mục đích\na) Nội dung một\nđ) Nội dung hai\n2.1. Chi tiết\nII. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính: Bố trí kinh phí.\n",
        );
        assert_eq!(
            outline(&layout),
            vec![
                ("roman:I".into(), "MỤC ĐÍCH".into(), None),
                ("arabic:1".into(), "Mục đích".into(), Some("I".into())),
                ("letter:a".into(), "Nội dung một".into(), Some("1".into())),
                ("letter:đ".into(), "Nội dung hai".into(), Some("1".into())),
                ("dotted:2.1".into(), "Chi tiết".into(), Some("1".into())),
                ("roman:II".into(), "TỔ CHỨC THỰC HIỆN".into(), None),
                ("arabic:1".into(), "Sở Tài chính".into(), Some("II".into())),
            ]
        );
        assert_eq!(layout.sections[6].rest.as_deref(), Some("Bố trí kinh phí."));
    }

    #[test]
    fn markdown_and_bold_headings() {
        let (_, layout) = layout_of("## I. MỤC TIÊU\n### **2. Sở Kế hoạch và Đầu tư**\n<b>3. Sở Y tế:</b> Chỉ đạo.\n");
        let o = outline(&layout);
        assert_eq!(o[0].1, "MỤC TIÊU");
        assert_eq!(o[1].1, "Sở Kế hoạch và Đầu tư");
        assert_eq!(o[2].1, "Sở Y tế");
        assert!(layout.sections[1].emphasis);
    }

    #[test]
    fn numbered_paragraphs_are_cut_to_sixty_characters() {
        let para = "1. Phấn đấu đến cuối năm có thêm ít nhất hai mươi xã đạt chuẩn nông thôn mới nâng cao trên địa bàn toàn tỉnh.";
        let (_, layout) = layout_of(&format!("II. MỤC TIÊU\n{para}\n2. Tỷ lệ hộ nghèo giảm.\n"));
        let sixty: String = para["1. ".len()..].chars().take(60).collect();
        assert_eq!(layout.sections[1].heading, sixty.trim_end());
        assert!(layout.sections[1].paragraph);
        assert!(!layout.sections[0].paragraph);
    }

    #[test]
    fn numbers_that_are_not_markers() {
        assert!(parse_marker("2023 là năm bản lề").is_none());
        assert!(parse_marker("1.000 ha lúa").is_none());
        assert!(parse_marker("15/6/2023 hoàn thành").is_none());
        assert!(parse_marker("- 1. gạch đầu dòng").is_none());
        assert!(parse_marker("VIỆT NAM").is_none());
        assert!(parse_marker("IV.").is_none());
        assert_eq!(parse_marker("IV. KINH PHÍ").map(|m| m.1), Some("IV".into()));
        assert_eq!(parse_marker("2.1. Nông nghiệp").map(|m| m.1), Some("2.1".into()));
    }

    #[test]
    fn zones_and_appendix() {
        let (_, layout) = layout_of(
            "I. NỘI DUNG\n1. Việc một\nNơi nhận:\n- Như trên;\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\n(Kèm theo Kế hoạch số 5/KH-UBND)\n1. Không phải mục\n",
        );
        assert_eq!(layout.body_end, 2);
        assert_eq!(layout.recipients_start, Some(2));
        assert_eq!(layout.appendix_start, Some(4));
        let o = outline(&layout);
        assert_eq!(o.len(), 3);
        assert_eq!(o[2], ("appendix:".into(), "DANH MỤC NHIỆM VỤ".into(), None));
    }

    #[test]
    fn articles_end_sections() {
        let (_, layout) = layout_of("Điều 1. Phê duyệt Đề án\nV. TỔ CHỨC THỰC HIỆN\n1. Bộ Xây dựng\na) Chủ trì.\nĐiều 2. Hiệu lực\n");
        assert_eq!(layout.articles, vec![0, 4]);
        let v = layout.sections.iter().position(|s| s.marker == "V").unwrap();
        assert_eq!(layout.section_end(v), 4);
    }

    #[test]
    fn colon_rules() {
        assert_eq!(heading_of("NỘI DUNG, NHIỆM VỤ: (tại phụ lục kèm theo)", false).0, "NỘI DUNG, NHIỆM VỤ");
        assert_eq!(heading_of("Yêu cầu:", false), ("Yêu cầu".into(), None));
        assert_eq!(heading_of("Họp lúc 10:30 sáng", false).0, "Họp lúc 10:30 sáng");
    }

    #[test]
    fn a_plan_attached_after_the_decision_is_body_text() {
        let text = "QUYẾT ĐỊNH\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\nĐiều 2. Quyết định có hiệu lực.\nNơi nhận:\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Văn An\nKẾ HOẠCH\nPhát triển du lịch năm 2024\n(Ban hành kèm theo Quyết định số 18/QĐ-UBND ngày 12/3/2024)\nI. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính: Bố trí kinh phí.\nPHỤ LỤC\n";
        let (_, layout) = layout_of(text);
        assert_eq!(layout.body, vec![(0, 3), (8, 13)]);
        let o = outline(&layout);
        assert_eq!(o[0], ("roman:I".into(), "TỔ CHỨC THỰC HIỆN".into(), None));
        assert_eq!(o[1], ("arabic:1".into(), "Sở Tài chính".into(), Some("I".into())));
        assert_eq!(layout.closing_end(3), 8);
    }
}

#[cfg(test)]
mod marker_properties {
    use super::*;
    use proptest::prelude::*;

    /// The marker grammar written with whole-line regexes.
    fn whole_line(text: &str) -> Option<(SectionKind, String, String)> {
        if text.is_empty() || text.starts_with('-') || text.starts_with('+') {
            return None;
        }
        let arabic = Regex::new(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\S.*)$").unwrap();
        let roman = Regex::new(r"^([IVXL]{1,7})\s*[.:]\s*(\S.*)?$").unwrap();
        let letter = Regex::new(r"^([a-zđêôơư])\)\s*(\S.*)$").unwrap();
        if text.as_bytes()[0].is_ascii_digit() {
            if !arabic_dot_required_re().is_match(text) {
                return None;
            }
            let c = arabic.captures(text)?;
            let kind = if c[1].contains('.') { SectionKind::Dotted } else { SectionKind::Arabic };
            return Some((kind, c[1].to_string(), c[2].trim().to_string()));
        }
        if matches!(text.as_bytes()[0], b'I' | b'V' | b'X' | b'L') {
            let c = roman.captures(text)?;
            let rest = c.get(2).map_or("", |m| m.as_str()).trim().to_string();
            return (is_roman(&c[1]) && !rest.is_empty()).then(|| (SectionKind::Roman, c[1].to_string(), rest));
        }
        letter.captures(text).map(|c| (SectionKind::Letter, c[1].to_string(), c[2].trim().to_string()))
    }

    proptest! {
        #[test]
        fn markers_match_the_whole_line_grammar(text in "[0-9IVXLa-dđ.:)\\- \\t\u{a0}\\nTổ]{0,14}") {
            prop_assert_eq!(parse_marker(&text), whole_line(&text));
        }
    }
}
