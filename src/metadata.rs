//! Document metadata: type, number, issuer, place, date, title, plan year, signer, recipients.
//!
//! In: normalized lines and the layout. Out: [`Metadata`]. Each field is read from wherever the
//! document states it: the header block, or failing that the `(Kèm theo Kế hoạch số …)` line of
//! an appendix (a file may hold only an appendix, SPEC §5.1). Nothing here guesses a value the
//! text does not give; missing fields stay `None`.

use std::sync::OnceLock;

use regex::Regex;

use crate::date::{find_dates, Date};
use crate::lexicon::{ADMINISTRATIVE_UNITS, DOCUMENT_TYPE_WORDS, SIGNER_ROLES};
use crate::model::{Metadata, Signer};
use crate::normalize::Line;
use crate::segment::{is_recipients_line, is_signature_line, Layout};

/// How many lines from the top the header block may span.
const HEADER_WINDOW: usize = 40;

fn number_line_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(?:Số|SỐ)\s*[:.]?\s*(\S.*)$").expect("number line"))
}

fn place_date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(?P<place>[^,\d\t]{2,40}?)\s*,\s*ngày\s+\S").expect("place date"))
}

fn plan_year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)(?P<pre>\S+\s+)?năm\s+(?P<y>\d{4})\b").expect("plan year"))
}

/// The reference written in a `(Kèm theo Kế hoạch số …)` line: type, number, date, issuer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attachment {
    pub doc_type: Option<String>,
    pub number: Option<String>,
    pub date: Option<Date>,
    pub issuer: Option<String>,
    pub line: usize,
}

/// The canonical type name for a type word written on its own line (`KẾ HOẠCH` → `Kế hoạch`).
pub fn doc_type_from_word(text: &str) -> Option<&'static str> {
    if !crate::segment::is_document_type_line(text) {
        return None;
    }
    let t = crate::text::lowercase(text.trim().trim_end_matches(':').trim());
    DOCUMENT_TYPE_WORDS.iter().find(|(word, _)| t == *word).map(|(_, canonical)| *canonical)
}

/// Reads the `Kèm theo` line of an appendix.
pub fn attachment(lines: &[Line], layout: &Layout) -> Option<Attachment> {
    let from = layout.appendix_start.unwrap_or(0);
    for line in &lines[from..] {
        let t = line.text.trim();
        if !crate::segment::is_attachment_line(t) {
            continue;
        }
        let inner = t.trim_start_matches('(').trim_end_matches(')');
        let (doc_type, number, date) = match crate::legal::parse_reference(inner) {
            Some((ty, num, date)) => (ty, Some(num), date),
            None => (None, None, find_dates(inner).first().map(|m| m.date)),
        };
        let issuer = inner
            .rfind(" của ")
            .map(|p| inner[p + " của ".len()..].trim().trim_end_matches(['.', ')']).to_string())
            .filter(|s| !s.is_empty());
        let doc_type = doc_type.or_else(|| {
            let lower = inner.to_lowercase();
            DOCUMENT_TYPE_WORDS.iter().find(|(w, _)| lower.contains(&format!("kèm theo {w}"))).map(|(_, c)| c.to_string())
        });
        return Some(Attachment { doc_type, number, date, issuer, line: line.no });
    }
    None
}

/// Extracts metadata.
pub fn extract_metadata(lines: &[Line], layout: &Layout) -> Metadata {
    let mut meta = Metadata::default();
    let first_section_idx = layout.sections.first().map_or(lines.len(), |s| s.line_idx);
    let header_end = lines.len().min(HEADER_WINDOW).min(first_section_idx).min(layout.body_end);

    let mut type_line: Option<usize> = None;
    // A header drawn as a two-column layout table keeps its columns apart with TABs: every cell
    // is read as a header line of its own.
    let header_cells = lines[..header_end].iter().enumerate().flat_map(|(i, l)| l.text.split('\t').map(move |c| (i, c.trim())));
    for (i, t) in header_cells {
        if meta.number.is_none() {
            if let Some(c) = number_line_re().captures(t) {
                if let Some((_, num, _)) = crate::legal::parse_reference(&format!("số {}", &c[1])) {
                    meta.number = Some(num);
                }
            }
        }
        if meta.issued_date.is_none() {
            if let Some(c) = place_date_re().captures(t) {
                if let Some(m) = find_dates(t).first() {
                    meta.issued_date = Some(m.date);
                    meta.place = Some(c["place"].trim().to_string());
                }
            }
        }
        if type_line.is_none() {
            if let Some(ty) = doc_type_from_word(t) {
                meta.doc_type = Some(ty.to_string());
                type_line = Some(i);
            }
        }
    }
    if let Some(ti) = type_line {
        meta.title = title_after(lines, ti, header_end.max(ti + 1).min(lines.len()), &header_issuer_lines(&lines[..header_end]));
    }
    meta.issuer = issuer_from_header(&lines[..header_end]);

    let attachment = attachment(lines, layout);
    if let Some(att) = &attachment {
        let appendix_only = layout.appendix_start.is_some_and(|a| lines[..a].iter().all(|l| l.is_blank()));
        if meta.number.is_none() || appendix_only {
            if let Some(n) = &att.number {
                meta.number = Some(n.clone());
            }
        }
        if meta.issued_date.is_none() || appendix_only {
            meta.issued_date = att.date.or(meta.issued_date);
        }
        if meta.doc_type.is_none() || appendix_only {
            meta.doc_type = att.doc_type.clone().or(meta.doc_type.take());
        }
        if meta.issuer.is_none() {
            meta.issuer = att.issuer.clone();
        }
        if appendix_only && meta.title.is_none() {
            meta.title = layout.tables.first().and_then(|t| t.title.clone());
        }
    }
    if meta.doc_type.is_none() {
        meta.doc_type = meta.number.as_deref().and_then(type_code_of_number).and_then(crate::legal::doc_type_for_code).map(str::to_string);
    }
    meta.province = meta.issuer.as_deref().and_then(province_of);
    meta.plan_year = meta.title.as_deref().and_then(plan_year_of_title).or(meta.issued_date.map(|d| d.year));
    meta.recipients = recipients(lines, layout);
    meta.signer = signer(lines, layout);
    meta
}

/// The type code of a symbol: `22/KH-BCĐ` → `KH`, `359-KL/TU` → `KL`, `62/2019/NĐ-CP` → `NĐ`.
pub fn type_code_of_number(number: &str) -> Option<&str> {
    let parts: Vec<&str> = number.split('/').collect();
    if parts.len() >= 2 && parts[0].contains('-') {
        return parts[0].split('-').nth(1);
    }
    parts.iter().skip(1).find(|p| !p.chars().all(|c| c.is_ascii_digit())).and_then(|p| p.split('-').next())
}

/// The upper-case lines naming the issuing body above the national motto.
fn header_issuer_lines(lines: &[Line]) -> Vec<String> {
    let Some(motto) = lines.iter().position(|l| l.text.to_uppercase().contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA")) else {
        return Vec::new();
    };
    lines[..motto].iter().map(|l| l.text.trim().to_uppercase()).filter(|t| t.chars().any(char::is_alphabetic)).collect()
}

/// The title: the lines after the type word, up to the bases (`Căn cứ`), the first section,
/// or the issuing body repeated before a decision's preamble (`THỦ TƯỚNG CHÍNH PHỦ`).
fn title_after(lines: &[Line], type_idx: usize, limit: usize, issuer_lines: &[String]) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let limit = limit.max(type_idx + 6).min(lines.len());
    for line in &lines[type_idx + 1..limit] {
        let t = line.text.trim();
        if !t.is_empty() && issuer_lines.iter().any(|i| *i == t.to_uppercase()) {
            break;
        }
        if t.is_empty() {
            if parts.is_empty() {
                continue;
            }
            break;
        }
        let lower = crate::text::lowercase(t);
        // `Thực hiện Kết luận số 359-KL/TU …;` is a basis line; `Thực hiện Chương trình … năm
        // 2019` right after the type word is the title.
        let basis = !parts.is_empty()
            && lower.starts_with("thực hiện ")
            && (!crate::legal::ref_numbers_in(t).is_empty() || t.ends_with([';', ',', ':']));
        if lower.starts_with("căn cứ")
            || basis
            || lower.starts_with("số") && number_line_re().is_match(t)
            || doc_type_from_word(t).is_some()
            || crate::segment::parse_marker(t).is_some()
        {
            break;
        }
        // A second line of an upper-case title is upper case too; a sentence ends the title.
        if !parts.is_empty() && is_upper(parts[0]) != is_upper(t) {
            break;
        }
        parts.push(t);
        if parts.len() == 3 {
            break;
        }
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(" "))
    }
}

fn is_upper(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).all(|c| !c.is_lowercase())
}

/// The issuing body from the header lines above the national motto.
fn issuer_from_header(lines: &[Line]) -> Option<String> {
    let motto = lines.iter().position(|l| is_motto(&l.text))?;
    let parts: Vec<&str> = if lines[motto].has_tab() {
        // Two-column header: the issuer is the left column beside the motto.
        lines[motto..]
            .iter()
            .map(|l| l.text.split('\t').next().unwrap_or("").trim())
            .take_while(|t| !t.is_empty() && !number_line_re().is_match(t))
            .filter(|t| t.chars().any(|c| c.is_alphabetic()))
            .collect()
    } else {
        lines[..motto]
            .iter()
            .map(|l| l.text.trim())
            .filter(|t| !t.is_empty() && t.chars().any(|c| c.is_alphabetic()))
            .filter(|t| !number_line_re().is_match(t) && !place_date_re().is_match(t))
            .collect()
    };
    if parts.is_empty() {
        return None;
    }
    let name = sentence_case_name(&parts.join(" "));
    // Official capitalisation of a body (`Bộ khoa học và công nghệ` → `Bộ Khoa học và Công nghệ`).
    let canonical = crate::agency::canonical_agency(&name);
    Some(if canonical.is_empty() { name } else { canonical })
}

/// The national motto of a state document or the Party's heading (`ĐẢNG CỘNG SẢN VIỆT NAM`).
fn is_motto(text: &str) -> bool {
    let upper = text.to_uppercase();
    upper.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA") || upper.contains("ĐẢNG CỘNG SẢN VIỆT NAM")
}

/// `ỦY BAN NHÂN DÂN TỈNH TRÀ VINH` → `Ủy ban nhân dân tỉnh Trà Vinh`: lower case, then the
/// first letter and the place name after an administrative-unit word are capitalised.
pub fn sentence_case_name(text: &str) -> String {
    if !is_upper(text) {
        return text.to_string();
    }
    let lower = crate::text::lowercase(text);
    let words: Vec<&str> = lower.split_whitespace().collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut capitalize_rest = false;
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let two = if i + 1 < words.len() { format!("{} {}", w, words[i + 1]) } else { String::new() };
        if !capitalize_rest && ADMINISTRATIVE_UNITS.contains(&two.as_str()) {
            out.push(two.clone());
            i += 2;
            capitalize_rest = true;
            continue;
        }
        if !capitalize_rest && ADMINISTRATIVE_UNITS.contains(&w) && i > 0 {
            out.push(w.to_string());
            i += 1;
            capitalize_rest = true;
            continue;
        }
        out.push(if capitalize_rest || i == 0 { capitalize(w) } else { w.to_string() });
        i += 1;
    }
    out.join(" ")
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The province named in an issuer (`… tỉnh Trà Vinh`, `… thành phố Hà Nội`).
pub fn province_of(issuer: &str) -> Option<String> {
    // Compared word by word: offsets in a lower-cased copy need not match the original's
    // (some capitals change byte length in lower case).
    let words: Vec<&str> = issuer.split_whitespace().collect();
    for unit in [&["tỉnh"][..], &["thành", "phố"][..]] {
        let at = (0..words.len())
            .rev()
            .find(|&i| i + unit.len() < words.len() && unit.iter().enumerate().all(|(k, u)| words[i + k].to_lowercase() == *u));
        if let Some(i) = at {
            let rest = words[i + unit.len()..].join(" ");
            let name = rest.split([',', '(', ')', ';']).next().unwrap_or("").trim().to_string();
            if name.chars().next().is_some_and(|c| c.is_uppercase()) {
                return Some(name);
            }
        }
    }
    None
}

/// The year the plan is for: a `năm YYYY` in the title that is not a horizon (`đến năm 2030`,
/// `tầm nhìn đến năm 2045`) or a period bound.
pub fn plan_year_of_title(title: &str) -> Option<i32> {
    let mut year = None;
    for c in plan_year_re().captures_iter(title) {
        let pre = c.name("pre").map_or("", |m| m.as_str()).trim().to_lowercase();
        if matches!(pre.as_str(), "đến" | "tới" | "nhìn" | "sau" | "từ") {
            continue;
        }
        if let Ok(y) = c["y"].parse::<i32>() {
            // a year that opens a span (`năm 2021 - 2025`) is a period, not the plan year
            let end = c.get(0).map_or(0, |m| m.end());
            if title[end..].trim_start().starts_with(['-', '–']) {
                continue;
            }
            year = Some(y);
        }
    }
    year
}

fn recipients(lines: &[Line], layout: &Layout) -> Vec<String> {
    let Some(start) = layout.recipients_start else { return Vec::new() };
    let end = layout.closing_end(start);
    let mut out = Vec::new();
    let first = lines[start].text.split('\t').next().unwrap_or("").split_once(':').map_or("", |(_, r)| r.trim());
    if !first.is_empty() {
        out.push(clean_recipient(first));
    }
    for line in &lines[start + 1..end] {
        // In a two-column closing block the recipients are the left column.
        let t = line.text.split('\t').next().unwrap_or("").trim();
        if t.is_empty() {
            continue;
        }
        if let Some(item) = t.strip_prefix('-').or_else(|| t.strip_prefix('+')) {
            out.push(clean_recipient(item));
        } else if is_signature_line(t) || is_upper(t) {
            break;
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

fn clean_recipient(s: &str) -> String {
    s.trim().trim_end_matches([';', '.', ',']).trim().to_string()
}

fn signer(lines: &[Line], layout: &Layout) -> Option<Signer> {
    let start = layout.recipients_start.unwrap_or(layout.body_end);
    let end = layout.closing_end(start);
    let block = &lines[start.min(end)..end];
    let mut position_parts: Vec<String> = Vec::new();
    let mut name: Option<String> = None;
    // In a two-column closing block the signature is the right column.
    for t in block.iter().map(|l| l.text.rsplit('\t').next().unwrap_or("").trim()) {
        if t.is_empty() || t.starts_with('-') || t.starts_with('+') || is_recipients_line(t) {
            continue;
        }
        let upper = t.to_uppercase();
        if is_signature_line(t) {
            continue;
        }
        if SIGNER_ROLES.iter().any(|r| upper.starts_with(r)) && is_upper(t) {
            position_parts = vec![sentence_case_role(t)];
            continue;
        }
        if !position_parts.is_empty() && looks_like_person_name(t) {
            name = Some(t.to_string());
        }
    }
    match (name, position_parts.is_empty()) {
        (Some(name), false) => Some(Signer { name: person_name_case(&name), position: position_parts.join(" ") }),
        _ => None,
    }
}

fn sentence_case_role(t: &str) -> String {
    // Abbreviations (`UBND`) keep their capitals.
    let lower: String = t
        .split_whitespace()
        .map(|w| if crate::lexicon::ABBREVIATIONS.iter().any(|(a, _)| *a == w) { w.to_string() } else { w.to_lowercase() })
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = capitalize(&lower);
    for word in ["chủ tịch", "thủ tướng", "bộ trưởng", "giám đốc", "trưởng ban"] {
        if let Some(p) = out.find(word) {
            if p > 0 {
                let cap = capitalize(word);
                out.replace_range(p..p + word.len(), &cap);
            }
        }
    }
    out
}

fn looks_like_person_name(t: &str) -> bool {
    if doc_type_from_word(t).is_some() {
        return false;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && words.iter().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()) && w.chars().all(|c| c.is_alphabetic()))
}

fn person_name_case(name: &str) -> String {
    if is_upper(name) {
        name.split_whitespace().map(|w| capitalize(&w.to_lowercase())).collect::<Vec<_>>().join(" ")
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;
    use crate::segment::segment;

    fn meta(text: &str) -> Metadata {
        let lines = normalize(text);
        let layout = segment(&lines);
        extract_metadata(&lines, &layout)
    }

    #[test]
    fn header_block() {
        let m = meta(
            "ỦY BAN NHÂN DÂN\nTỈNH HẬU GIANG\n--------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 45 /KH-UBND\nVị Thanh, ngày 3 tháng 2 năm 2024\nKẾ HOẠCH\nTRIỂN KHAI CÔNG TÁC PHÒNG CHỐNG THIÊN TAI NĂM 2024\nCăn cứ Luật Phòng, chống thiên tai;\nI. MỤC ĐÍCH\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Văn Bình\n",
        );
        assert_eq!(m.doc_type.as_deref(), Some("Kế hoạch"));
        assert_eq!(m.number.as_deref(), Some("45/KH-UBND"));
        assert_eq!(m.issued_date.map(|d| d.iso()).as_deref(), Some("2024-02-03"));
        assert_eq!(m.place.as_deref(), Some("Vị Thanh"));
        assert_eq!(m.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Hậu Giang"));
        assert_eq!(m.province.as_deref(), Some("Hậu Giang"));
        assert_eq!(m.title.as_deref(), Some("TRIỂN KHAI CÔNG TÁC PHÒNG CHỐNG THIÊN TAI NĂM 2024"));
        assert_eq!(m.plan_year, Some(2024));
        assert_eq!(m.recipients, ["Như trên", "Lưu: VT"]);
        assert_eq!(m.signer, Some(Signer { name: "Trần Văn Bình".into(), position: "Phó Chủ tịch".into() }));
    }

    #[test]
    fn appendix_only_file_takes_the_parent_plan() {
        let m = meta("\nPhụ lục I\n\nDANH MỤC NHIỆM VỤ NĂM 2025\n\n(Kèm theo Kế hoạch số 77/KH-UBND ngày 05 tháng 3 năm 2025 của Ủy ban nhân dân tỉnh Bình Phước)\n\nTT\tNhiệm vụ\tĐơn vị chủ trì\n1\tViệc\tSở A\n");
        assert_eq!(m.doc_type.as_deref(), Some("Kế hoạch"));
        assert_eq!(m.number.as_deref(), Some("77/KH-UBND"));
        assert_eq!(m.issued_date.map(|d| d.iso()).as_deref(), Some("2025-03-05"));
        assert_eq!(m.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Bình Phước"));
        assert_eq!(m.plan_year, Some(2025));
    }

    #[test]
    fn plan_year_skips_horizons() {
        assert_eq!(plan_year_of_title("Kế hoạch phát triển hạ tầng đến năm 2030"), None);
        assert_eq!(plan_year_of_title("Triển khai Chương trình năm 2023"), Some(2023));
        assert_eq!(plan_year_of_title("giai đoạn 2021-2025, tầm nhìn đến năm 2045"), None);
        assert_eq!(plan_year_of_title("từ năm 2024 - 2026"), None);
    }

    #[test]
    fn type_codes_of_symbols() {
        assert_eq!(type_code_of_number("22/KH-BCĐ"), Some("KH"));
        assert_eq!(type_code_of_number("359-KL/TU"), Some("KL"));
        assert_eq!(type_code_of_number("62/2019/NĐ-CP"), Some("NĐ"));
    }

    #[test]
    fn two_column_header_and_closing_drawn_with_tabs() {
        let m = meta(
            "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH PHÚ AN\tĐộc lập - Tự do - Hạnh phúc\nSố: 47/KH-UBND\tPhú Hòa, ngày 21 tháng 02 năm 2019\nKẾ HOẠCH\nThực hiện Chương trình giảm nghèo năm 2019\nI. MỤC TIÊU\n1. Giảm tỷ lệ hộ nghèo.\nNơi nhận:\tKT. CHỦ TỊCH\n- Như trên;\tPHÓ CHỦ TỊCH\n- Lưu: VT.\tLê Văn Hòa\n",
        );
        assert_eq!(m.number.as_deref(), Some("47/KH-UBND"));
        assert_eq!(m.issued_date.map(|d| d.iso()).as_deref(), Some("2019-02-21"));
        assert_eq!(m.place.as_deref(), Some("Phú Hòa"));
        assert_eq!(m.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Phú An"));
        assert_eq!(m.title.as_deref(), Some("Thực hiện Chương trình giảm nghèo năm 2019"));
        assert_eq!(m.recipients, ["Như trên", "Lưu: VT"]);
        assert_eq!(m.signer, Some(Signer { name: "Lê Văn Hòa".into(), position: "Phó Chủ tịch".into() }));
    }

    #[test]
    fn a_decision_repeats_its_issuer_before_the_preamble() {
        let m = meta("THỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 1/QĐ-TTg\nHà Nội, ngày 1 tháng 1 năm 2025\nQUYẾT ĐỊNH\nPHÊ DUYỆT ĐỀ ÁN X\nTHỦ TƯỚNG CHÍNH PHỦ\nCăn cứ Luật Tổ chức Chính phủ;\n");
        assert_eq!(m.title.as_deref(), Some("PHÊ DUYỆT ĐỀ ÁN X"));
        assert_eq!(m.doc_type.as_deref(), Some("Quyết định"));
    }
}
