//! Task extraction (SPEC §5.5, §5.6): who must do what, with whom, by when.
//!
//! In: normalized lines, the layout and the plan year. Out: [`RawTask`]s, in document order,
//! with agency names still as canonical strings (the caller registers them).
//!
//! Three sources:
//! * **table**: every data row of a task-assignment table;
//! * **labelled fields**: a numbered item followed by `Cơ quan chủ trì: …`, `Đơn vị phối hợp:
//!   …`, `Thời gian thực hiện: …` lines, anywhere in the body, one task per field group;
//! * **agency subsections**: in the execution section (`Tổ chức thực hiện`) and in any other
//!   section whose subsections are headed by agencies, one task per lettered item or one per
//!   subsection without items; in the execution section also numbered paragraphs and closing
//!   paragraphs that direct named agencies (`Giao A chủ trì, phối hợp với B …`).
//!
//! This module does not decide what an agency name is (`agency`) nor parse time phrases
//! (`deadline`); it decides where a task is and what text describes it.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

use crate::agency;
use crate::deadline::{self, Deadline};
use crate::lexicon::{
    EXECUTION_HEADINGS, GENERIC_ADDRESSEES, LEAD_FIELD_LABELS, NON_TASK_CLOSING_OPENINGS, PARTNER_FIELD_LABELS, RESULT_FIELD_LABELS,
    TIME_FIELD_LABELS,
};
use crate::model::TaskSource;
use crate::normalize::Line;
use crate::segment::{Layout, Section, SectionKind};
use crate::table::{ColumnRole, RowKind};

/// A task before agency registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTask {
    pub source: TaskSource,
    pub table: Option<usize>,
    pub section: Option<usize>,
    pub number: String,
    pub group: Option<String>,
    pub description: String,
    pub lead: Vec<String>,
    pub partners: Vec<String>,
    pub deadline: Option<Deadline>,
    pub result: Option<String>,
    pub note: Option<String>,
    pub line: usize,
}

impl RawTask {
    /// A task of the body: agencies deduplicated in written order, no table, group or note.
    fn body(
        section: Option<usize>,
        number: String,
        description: String,
        lead: Vec<String>,
        partners: Vec<String>,
        deadline: Option<Deadline>,
        line: usize,
    ) -> RawTask {
        RawTask {
            source: TaskSource::Body,
            table: None,
            section,
            number,
            group: None,
            description,
            lead: dedup(lead),
            partners: dedup(partners),
            deadline,
            result: None,
            note: None,
            line,
        }
    }
}

/// Collapses whitespace (including the `\n` of multi-line cells) to single spaces.
pub fn collapse_ws(s: &str) -> String {
    if crate::text::is_single_spaced(s) {
        return s.to_string();
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Strips a leading bullet (`- `, `+ `, `• `).
fn strip_bullet(s: &str) -> &str {
    let t = s.trim_start();
    for b in ["- ", "+ ", "• ", "– ", "-", "•"] {
        if let Some(rest) = t.strip_prefix(b) {
            return rest.trim_start();
        }
    }
    t
}

fn is_bullet(s: &str) -> bool {
    let t = s.trim_start();
    t.starts_with("- ") || t.starts_with("+ ") || t.starts_with("• ") || t.starts_with("– ")
}

fn dedup(names: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    names.into_iter().filter(|n| !n.trim().is_empty() && seen.insert(crate::text::lowercase(n))).collect()
}

/// Agency list of a multi-line table cell. A line that starts with an agency name starts a new
/// list (cells often put one agency per line); any other line continues the line above (a name
/// or an enumeration cut by a line or page break: `Sở Khoa học và` / `Công nghệ`).
fn cell_agencies(cell: &str) -> Vec<String> {
    let mut lists: Vec<String> = Vec::new();
    for line in cell.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        let starts_new = lists.last().is_none_or(|prev| !crate::table::stops_mid_phrase(prev) && agency::is_agency_heading(line));
        match lists.last_mut() {
            Some(prev) if !starts_new => {
                prev.push(' ');
                prev.push_str(line);
            }
            _ => lists.push(line.to_string()),
        }
    }
    dedup(lists.iter().flat_map(|l| agency::split_agencies(l)).collect())
}

/// Extracts every task of a document.
pub fn extract_tasks(lines: &[Line], layout: &Layout, plan_year: Option<i32>) -> Vec<RawTask> {
    let mut tasks = Vec::new();
    let (field_tasks, field_sections) = labelled_field_tasks(lines, layout, plan_year);
    tasks.extend(field_tasks);
    tasks.extend(body_tasks(lines, layout, plan_year, &field_sections));
    tasks.extend(table_tasks(layout, plan_year));
    tasks.sort_by_key(|t| t.line);
    tasks
}

fn table_tasks(layout: &Layout, plan_year: Option<i32>) -> Vec<RawTask> {
    let mut out = Vec::new();
    for (t_idx, table) in layout.tables.iter().enumerate() {
        if !table.is_task_table() {
            continue;
        }
        for row in table.rows.iter().filter(|r| r.kind == RowKind::Data) {
            let description = collapse_ws(strip_bullet(table.cell(row, ColumnRole::Task)));
            if description.is_empty() {
                continue;
            }
            let deadline_text = collapse_ws(table.cell(row, ColumnRole::Deadline));
            // A lead cell may itself say who cooperates (`Sở A chủ trì, phối hợp với Sở B`).
            let lead_cell = table.cell(row, ColumnRole::Lead);
            let lead_outside_notes = without_parentheticals(lead_cell);
            let lead_and_partners = if lead_outside_notes.to_lowercase().contains("phối hợp") {
                let (lead, mut partners) = split_doer_field(&collapse_ws(&lead_outside_notes));
                partners.extend(cell_agencies(table.cell(row, ColumnRole::Partners)));
                (dedup(lead), dedup(partners))
            } else {
                (cell_agencies(lead_cell), cell_agencies(table.cell(row, ColumnRole::Partners)))
            };
            let opt = |s: &str| {
                let s = collapse_ws(s);
                if s.is_empty() {
                    None
                } else {
                    Some(s)
                }
            };
            out.push(RawTask {
                source: TaskSource::Table,
                table: Some(t_idx),
                section: table.section,
                number: row.number.clone(),
                group: row.group.as_deref().map(collapse_ws),
                description,
                lead: lead_and_partners.0,
                partners: lead_and_partners.1,
                deadline: deadline::parse_deadline(&deadline_text, plan_year),
                result: opt(table.cell(row, ColumnRole::Result)),
                note: opt(table.cell(row, ColumnRole::Note)),
                line: row.line,
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Labelled-field tasks

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Lead,
    Partners,
    Time,
    Result,
}

/// Every field label, longest first, as a regex alternation.
fn field_label_alternation() -> String {
    let mut labels: Vec<&str> =
        LEAD_FIELD_LABELS.iter().chain(PARTNER_FIELD_LABELS).chain(TIME_FIELD_LABELS).chain(RESULT_FIELD_LABELS).copied().collect();
    labels.sort_by_key(|l| std::cmp::Reverse(l.len()));
    labels.iter().map(|l| regex::escape(l)).collect::<Vec<_>>().join("|")
}

fn field_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(r"(?i)^(?:[-+•–]\s*)?(?P<label>{})(?P<extra>[^:]{{0,40}}):\s*(?P<value>.*)$", field_label_alternation()))
            .expect("field regex")
    })
}

/// Recognises a labelled field line.
fn parse_field(text: &str) -> Option<(Field, String, String)> {
    if !text.contains(':') {
        return None;
    }
    let c = field_re().captures(text.trim())?;
    let label = c["label"].to_lowercase();
    let extra = c["extra"].to_lowercase();
    // The label's qualifier must be short words in parentheses or a few words (`thực hiện`,
    // `(hoàn thành)`), not a sentence.
    if extra.split_whitespace().count() > 5 {
        return None;
    }
    let field = if PARTNER_FIELD_LABELS.contains(&label.as_str())
        || extra.contains("phối hợp") && !LEAD_FIELD_LABELS.contains(&label.as_str())
    {
        Field::Partners
    } else if LEAD_FIELD_LABELS.contains(&label.as_str()) {
        if extra.contains("phối hợp") {
            Field::Partners
        } else {
            Field::Lead
        }
    } else if TIME_FIELD_LABELS.contains(&label.as_str()) {
        Field::Time
    } else {
        Field::Result
    };
    Some((field, label + &extra, c["value"].trim().to_string()))
}

/// All the fields of a field line. One line may hold several, separated by `;`, and may be
/// wrapped in parentheses: `(Chủ trì: Phòng Kinh tế; phối hợp: Công an xã; thời gian: quý
/// III/2025)`.
fn parse_fields(text: &str) -> Vec<(Field, String, String)> {
    static SUB: OnceLock<Regex> = OnceLock::new();
    let t = text.trim();
    let t = t.strip_prefix('(').map_or(t, |inner| inner.trim_end().trim_end_matches('.').trim_end_matches(')'));
    let Some(first) = parse_field(t) else { return Vec::new() };
    let sub =
        SUB.get_or_init(|| Regex::new(&format!(r"(?i);\s*(?:{})[^:;]{{0,40}}:", field_label_alternation())).expect("sub-field regex"));
    let value = first.2.clone();
    let cuts: Vec<usize> = sub.find_iter(&value).map(|m| m.start()).collect();
    if cuts.is_empty() {
        return vec![first];
    }
    let mut out = vec![(first.0, first.1, value[..cuts[0]].trim().to_string())];
    for (k, &cut) in cuts.iter().enumerate() {
        let piece_end = cuts.get(k + 1).copied().unwrap_or(value.len());
        let piece = value[cut + 1..piece_end].trim();
        if let Some(f) = parse_field(piece) {
            out.push(f);
        }
    }
    out
}

/// The item a line belongs to: the nearest section starting at or before it.
fn enclosing_section(layout: &Layout, idx: usize) -> Option<usize> {
    (0..=idx.min(layout.section_at.len().saturating_sub(1))).rev().find_map(|i| layout.section_at[i])
}

fn task_number(layout: &Layout, sec: usize) -> String {
    let s = &layout.sections[sec];
    if s.kind == SectionKind::Letter {
        if let Some(p) = s.parent {
            return format!("{}.{}", layout.sections[p].marker, s.marker);
        }
    }
    s.marker.clone()
}

fn labelled_field_tasks(lines: &[Line], layout: &Layout, plan_year: Option<i32>) -> (Vec<RawTask>, HashSet<usize>) {
    let mut tasks = Vec::new();
    let mut used_sections = HashSet::new();
    let end = lines.len();
    let mut i = 0;
    let mut last_group_end = 0usize;
    while i < end {
        if layout.table_at[i].is_some() || !layout.in_body(i) || parse_fields(&lines[i].text).is_empty() {
            i += 1;
            continue;
        }
        // A group of consecutive field lines, with lower-case run-on lines.
        let group_start = i;
        let mut fields: Vec<(Field, String, String)> = Vec::new();
        while i < end {
            let t = lines[i].text.trim();
            if t.is_empty() {
                i += 1;
                continue;
            }
            if layout.section_at[i].is_some() {
                break;
            }
            let line_fields = parse_fields(t);
            if !line_fields.is_empty() {
                fields.extend(line_fields);
            } else if t.chars().next().is_some_and(|c| c.is_lowercase()) && !fields.is_empty() {
                let last = fields.last_mut().expect("non-empty");
                last.2.push(' ');
                last.2.push_str(t);
            } else {
                break;
            }
            i += 1;
        }
        let group_end = i;
        let has_lead = fields.iter().any(|(f, _, _)| *f == Field::Lead);
        if !has_lead {
            continue;
        }
        let sec = enclosing_section(layout, group_start);
        let boundary = sec.map_or(0, |s| layout.sections[s].line_idx + 1).max(last_group_end);
        let text_lines: Vec<&Line> =
            lines[boundary..group_start].iter().filter(|l| !l.is_blank() && !l.footnote && parse_fields(&l.text).is_empty()).collect();
        let (description, line) = if text_lines.is_empty() {
            match sec {
                Some(s) => (collapse_ws(&layout.sections[s].line_text), layout.sections[s].line),
                None => (String::new(), lines[group_start].no),
            }
        } else {
            let joined: Vec<&str> = text_lines.iter().map(|l| strip_bullet(&l.text)).collect();
            (collapse_ws(&joined.join(" ")), text_lines[0].no)
        };
        last_group_end = group_end;
        if description.is_empty() {
            continue;
        }
        let mut lead = Vec::new();
        let mut partners = Vec::new();
        let mut deadline_value: Option<Deadline> = None;
        let mut result = None;
        for (field, _label, value) in &fields {
            let value = value.trim().trim_end_matches('.').trim();
            match field {
                Field::Lead => {
                    let (l, p) = split_doer_field(value);
                    lead.extend(l);
                    partners.extend(p);
                }
                Field::Partners => partners.extend(agency::split_agencies(value)),
                Field::Time => {
                    if deadline_value.is_none() {
                        deadline_value = deadline::parse_deadline(value, plan_year);
                    }
                }
                Field::Result => {
                    if result.is_none() && !value.is_empty() {
                        result = Some(value.to_string());
                    }
                }
            }
        }
        if let Some(s) = sec {
            used_sections.insert(s);
        }
        tasks.push(RawTask {
            source: TaskSource::Body,
            table: None,
            section: sec,
            number: sec.map(|s| task_number(layout, s)).unwrap_or_default(),
            group: None,
            description,
            lead: dedup(lead),
            partners: dedup(partners),
            deadline: deadline_value,
            result,
            note: None,
            line,
        });
    }
    (tasks, used_sections)
}

/// Text with its parenthesised notes removed (`Sở Y tế (phối hợp với …)` → `Sở Y tế`).
fn without_parentheticals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A `Cơ quan/Đơn vị thực hiện` field names the agencies doing the work: they lead, except those
/// the field itself marks as cooperating (`A chủ trì, B phối hợp`, `A chủ trì, phối hợp với B`).
fn split_doer_field(value: &str) -> (Vec<String>, Vec<String>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"(?i)\b(chủ trì|phối hợp(?:\s+với)?)\b").expect("role words"));
    let mut lead = Vec::new();
    let mut partners = Vec::new();
    let mut last = 0;
    let mut pending_partner_object = false;
    for m in re.find_iter(value) {
        let before = value[last..m.start()].trim().trim_matches([',', ';']).trim();
        if !before.is_empty() {
            let names = agency::split_agencies(before);
            if pending_partner_object || m.as_str().to_lowercase() == "phối hợp" {
                partners.extend(names);
            } else {
                lead.extend(names);
            }
        }
        pending_partner_object =
            m.as_str().to_lowercase().starts_with("phối hợp với") || m.as_str().to_lowercase() == "phối hợp" && before.is_empty();
        last = m.end();
    }
    let rest = value[last..].trim().trim_matches([',', ';', '.']).trim();
    if !rest.is_empty() {
        let names = agency::split_agencies(rest);
        if pending_partner_object {
            partners.extend(names);
        } else {
            lead.extend(names);
        }
    }
    (lead, partners)
}

// ---------------------------------------------------------------------------------------------
// Agency subsections and the execution section

fn is_execution_heading(heading: &str) -> bool {
    let h = crate::text::lowercase(heading);
    EXECUTION_HEADINGS.iter().any(|e| h.contains(e))
}

/// The line indices of a section's own content: after its marker line up to its first child
/// section or its end, without blank, footnote or table lines.
fn own_content(lines: &[Line], layout: &Layout, sec: usize) -> Vec<usize> {
    let start = layout.sections[sec].line_idx + 1;
    let end = layout.section_end(sec);
    let first_child = layout.children(sec).map(|c| layout.sections[c].line_idx).next().unwrap_or(end);
    (start..first_child.min(end)).filter(|&i| !lines[i].is_blank() && !lines[i].footnote && layout.table_at[i].is_none()).collect()
}

/// The whole text of an item: marker line text plus its content lines (bullets stripped).
fn item_text(lines: &[Line], sec: &Section, content: &[usize]) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if !sec.line_text.is_empty() {
        parts.push(&sec.line_text);
    }
    parts.extend(content.iter().map(|&i| strip_bullet(&lines[i].text)));
    collapse_ws(&parts.join(" "))
}

/// Splits a subsection's content into its own text and the paragraphs that follow it: a
/// subsection written as bullets ends at the first unbulleted paragraph; one written as a
/// paragraph ends at the next paragraph that starts a new sentence. Lower-case lines always
/// continue (page breaks). `marker_text` is text already on the marker line (`1. Sở Y tế:
/// Chủ trì …` or a numbered paragraph); when it ends a sentence, even the first content line
/// must continue it to belong to the subsection.
fn split_first_block(lines: &[Line], content: &[usize], marker_text: Option<&str>) -> (Vec<usize>, Vec<usize>) {
    let mut own = Vec::new();
    let mut after = Vec::new();
    let mut prev_text: Option<&str> = marker_text.map(str::trim).filter(|t| !t.is_empty());
    let mut bullets = false;
    for &i in content {
        if !after.is_empty() {
            after.push(i);
            continue;
        }
        let t = lines[i].text.trim();
        let Some(prev) = prev_text else {
            // The first line of a subsection whose marker line is only a title.
            bullets = is_bullet(t);
            own.push(i);
            prev_text = Some(t);
            continue;
        };
        if own.is_empty() && marker_text.is_some() {
            bullets = is_bullet(t);
        }
        let lower_start = t.chars().next().is_some_and(|c| c.is_lowercase());
        let prev_ends_sentence = prev.trim_end().ends_with(['.', ';', ':', '!']);
        let continues = lower_start || is_bullet(t) && (bullets || prev.trim_end().ends_with(':')) || !prev_ends_sentence;
        if continues {
            own.push(i);
            prev_text = Some(t);
        } else {
            after.push(i);
        }
    }
    (own, after)
}

/// Paragraphs (line groups) of a run of content lines: a new paragraph starts at a line that
/// begins in upper case after a line that ends a sentence.
fn paragraphs(lines: &[Line], idxs: &[usize]) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut prev_end = true;
    for &i in idxs {
        let t = lines[i].text.trim();
        let starts_upper = t.chars().next().is_some_and(|c| !c.is_lowercase());
        if prev_end && starts_upper || out.is_empty() {
            out.push((lines[i].no, strip_bullet(t).to_string()));
        } else if let Some(last) = out.last_mut() {
            last.1.push(' ');
            last.1.push_str(strip_bullet(t));
        }
        prev_end = t.ends_with(['.', ';', '!']) || t.ends_with("./.");
    }
    out.into_iter().map(|(n, s)| (n, collapse_ws(&s))).collect()
}

fn is_closing_without_task(text: &str) -> bool {
    let lower = crate::text::lowercase(text);
    NON_TASK_CLOSING_OPENINGS.iter().any(|p| lower.starts_with(p))
}

fn all_generic(names: &[String]) -> bool {
    names.iter().all(|n| GENERIC_ADDRESSEES.contains(&crate::text::lowercase(n).as_str()))
}

/// `Đề nghị A, B, C: …` at the start of a subsection's text names its leads.
fn requested_agencies(text: &str) -> Vec<String> {
    let lower = crate::text::lowercase(text);
    if !lower.starts_with("đề nghị ") {
        return Vec::new();
    }
    let Some(colon) = text.find(':') else { return Vec::new() };
    let Some(list) = text.get("đề nghị ".len()..colon) else { return Vec::new() };
    if list.chars().count() > 300 {
        return Vec::new();
    }
    agency::split_agencies(list)
}

fn body_tasks(lines: &[Line], layout: &Layout, plan_year: Option<i32>, skip: &HashSet<usize>) -> Vec<RawTask> {
    let mut out = Vec::new();
    let exec_sections: Vec<usize> = execution_sections(layout);
    let mut handled: HashSet<usize> = HashSet::new();
    for &e in &exec_sections {
        handled.insert(e);
        out.extend(section_tasks(lines, layout, e, true, plan_year, skip));
    }
    // Other sections whose subsections are headed by agencies.
    for (idx, sec) in layout.sections.iter().enumerate() {
        if handled.contains(&idx) || !matches!(sec.kind, SectionKind::Roman | SectionKind::Arabic) || !layout.in_body(sec.line_idx) {
            continue;
        }
        if exec_sections.iter().any(|&e| is_ancestor(layout, e, idx)) {
            continue;
        }
        let children: Vec<usize> = layout.children(idx).filter(|&c| layout.sections[c].kind != SectionKind::Letter).collect();
        let agency_headed = children.iter().filter(|&&c| is_agency_subsection(&layout.sections[c])).count();
        if agency_headed >= 2 && agency_headed * 2 >= children.len() {
            out.extend(section_tasks(lines, layout, idx, false, plan_year, skip));
        }
    }
    out
}

fn is_ancestor(layout: &Layout, ancestor: usize, mut idx: usize) -> bool {
    while let Some(p) = layout.sections[idx].parent {
        if p == ancestor {
            return true;
        }
        idx = p;
    }
    false
}

/// Execution sections: Roman sections with an execution heading; failing those, any top-level
/// section with one.
fn execution_sections(layout: &Layout) -> Vec<usize> {
    let in_body = |s: &Section| layout.in_body(s.line_idx);
    let roman: Vec<usize> = layout
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == SectionKind::Roman && in_body(s) && is_execution_heading(&s.heading))
        .map(|(i, _)| i)
        .collect();
    if !roman.is_empty() {
        return roman;
    }
    layout
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            matches!(s.kind, SectionKind::Arabic | SectionKind::Dotted)
                && in_body(s)
                && is_execution_heading(&s.heading)
                && s.heading.chars().count() < 60
        })
        .map(|(i, _)| i)
        .collect()
}

/// Text after a heading's colon that only lists names (`UBND các huyện: Tân An, Phú Mỹ và
/// Long Điền`): each piece is short and capitalised.
fn is_name_list(rest: &str) -> bool {
    let rest = rest.trim().trim_end_matches(['.', ';']);
    !rest.is_empty()
        && rest
            .split(',')
            .flat_map(|p| p.split(" và "))
            .map(str::trim)
            .all(|p| !p.is_empty() && p.split_whitespace().count() <= 4 && p.chars().next().is_some_and(char::is_uppercase))
}

/// The agencies a subsection heading names; an enumeration after its colon belongs to them.
fn heading_leads_of(sec: &Section, names_after_colon: bool) -> Vec<String> {
    if names_after_colon {
        let all = agency::split_agencies(&sec.line_text);
        if !all.is_empty() {
            return all;
        }
    }
    agency::heading_agencies(&sec.heading)
}

fn is_agency_subsection(sec: &Section) -> bool {
    if sec.paragraph && sec.rest.is_none() {
        return false;
    }
    agency::is_agency_heading(&sec.heading)
}

/// Tasks of one section whose subsections may be headed by agencies.
fn section_tasks(
    lines: &[Line],
    layout: &Layout,
    parent: usize,
    execution: bool,
    plan_year: Option<i32>,
    skip: &HashSet<usize>,
) -> Vec<RawTask> {
    let mut out = Vec::new();
    let children: Vec<usize> = layout.children(parent).collect();
    let parent_sec = &layout.sections[parent];
    let n_children = children.len();
    for (pos, &c) in children.iter().enumerate() {
        if skip.contains(&c) || layout.children(c).any(|g| skip.contains(&g)) {
            continue;
        }
        let sec = &layout.sections[c];
        let is_last = pos + 1 == n_children;
        let letters: Vec<usize> = layout.children(c).filter(|&g| layout.sections[g].kind == SectionKind::Letter).collect();
        if is_agency_subsection(sec) {
            let names_after_colon = sec.rest.as_deref().is_some_and(is_name_list);
            let heading_leads = heading_leads_of(sec, names_after_colon);
            if !letters.is_empty() {
                for &l in &letters {
                    let lsec = &layout.sections[l];
                    let content = own_content(lines, layout, l);
                    let (own, after) = if is_last && l == *letters.last().expect("letters") && execution {
                        split_last_item(lines, &content)
                    } else {
                        (content, Vec::new())
                    };
                    // `1. Trách nhiệm của các sở, ngành` / `a) Sở Tư pháp: Chủ trì …`: an item
                    // headed by an agency of its own is that agency's task.
                    let own_agency = lsec.rest.as_ref().filter(|_| agency::is_agency_heading(&lsec.heading));
                    let (text, leads) = match own_agency {
                        Some(rest) => {
                            let mut parts = vec![rest.as_str()];
                            parts.extend(own.iter().map(|&i| strip_bullet(&lines[i].text)));
                            (collapse_ws(&parts.join(" ")), agency::heading_agencies(&lsec.heading))
                        }
                        None => (item_text(lines, lsec, &own), heading_leads.clone()),
                    };
                    out.push(body_task(layout, l, text, leads, None, plan_year, lsec.line));
                    if !after.is_empty() {
                        out.extend(closing_tasks(lines, &after, parent_sec, parent, plan_year));
                    }
                }
            } else {
                let content = own_content(lines, layout, c);
                let (own, after) =
                    if execution && is_last { split_first_block(lines, &content, sec.rest.as_deref()) } else { (content, Vec::new()) };
                let mut parts: Vec<String> = Vec::new();
                if let Some(rest) = sec.rest.as_ref().filter(|_| !names_after_colon) {
                    parts.push(rest.clone());
                }
                parts.extend(own.iter().map(|&i| strip_bullet(&lines[i].text).to_string()));
                let text = collapse_ws(&parts.join(" "));
                if !text.is_empty() {
                    let requested = requested_agencies(&text);
                    let leads = if requested.is_empty() { heading_leads.clone() } else { requested };
                    out.push(body_task(layout, c, text, leads, None, plan_year, sec.line));
                }
                if !after.is_empty() {
                    out.extend(closing_tasks(lines, &after, parent_sec, parent, plan_year));
                }
            }
            continue;
        }
        if !execution {
            continue;
        }
        // A topic subsection or a numbered paragraph of the execution section.
        if !letters.is_empty() {
            for &l in &letters {
                let lsec = &layout.sections[l];
                let content = own_content(lines, layout, l);
                let text = item_text(lines, lsec, &content);
                if let Some((lead, partners)) = assignment(&text) {
                    out.push(body_task(layout, l, text, lead, Some(partners), plan_year, lsec.line));
                }
            }
        } else {
            let content = own_content(lines, layout, c);
            let (own, after) = if is_last { split_first_block(lines, &content, Some(&sec.line_text)) } else { (content, Vec::new()) };
            let text = item_text(lines, sec, &own);
            let task = match assignment(&text) {
                Some(assigned) => Some((text, assigned)),
                // `3. Chế độ báo cáo` over `Sở Tư pháp tổng hợp kết quả …`: a title whose
                // paragraph names the agency that does it; the title is not part of the task.
                None if !sec.paragraph && sec.rest.is_none() && !own.is_empty() => {
                    let body = collapse_ws(&own.iter().map(|&i| strip_bullet(&lines[i].text)).collect::<Vec<_>>().join(" "));
                    assignment(&body).map(|assigned| (body, assigned))
                }
                None => None,
            };
            if let Some((text, (lead, partners))) = task {
                out.push(body_task(layout, c, text, lead, Some(partners), plan_year, sec.line));
            }
            if !after.is_empty() {
                out.extend(closing_tasks(lines, &after, parent_sec, parent, plan_year));
            }
        }
    }
    if execution && children.is_empty() {
        let content = own_content(lines, layout, parent);
        out.extend(closing_tasks(lines, &content, parent_sec, parent, plan_year));
    }
    out
}

/// For the last lettered item of the execution section: its text ends where an unbulleted
/// paragraph opens a new sentence (the closing paragraphs).
fn split_last_item(lines: &[Line], content: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let mut own = Vec::new();
    let mut after = Vec::new();
    let mut prev_end_sentence = false;
    for &i in content {
        if !after.is_empty() {
            after.push(i);
            continue;
        }
        let t = lines[i].text.trim();
        let starts_upper = t.chars().next().is_some_and(|c| c.is_uppercase());
        if prev_end_sentence && starts_upper && !is_bullet(t) && looks_like_closing(t) {
            after.push(i);
        } else {
            own.push(i);
            prev_end_sentence = t.ends_with(['.', ';', '!']);
        }
    }
    (own, after)
}

fn looks_like_closing(t: &str) -> bool {
    let lower = crate::text::lowercase(t);
    lower.starts_with("trên đây") || is_closing_without_task(t) || assignment(t).is_some()
}

/// A paragraph that assigns work to named agencies.
fn assignment(text: &str) -> Option<(Vec<String>, Vec<String>)> {
    if is_closing_without_task(text) {
        return None;
    }
    let (lead, partners) = agency::assignment_in_paragraph(text)?;
    if lead.is_empty() {
        return None;
    }
    Some((lead, partners))
}

fn closing_tasks(lines: &[Line], idxs: &[usize], parent_sec: &Section, parent: usize, plan_year: Option<i32>) -> Vec<RawTask> {
    let mut out = Vec::new();
    for (line, text) in paragraphs(lines, idxs) {
        let Some((lead, partners)) = assignment(&text) else { continue };
        if all_generic(&lead) {
            continue;
        }
        let deadline = deadline::find_deadline(&text, plan_year);
        out.push(RawTask::body(Some(parent), parent_sec.marker.clone(), text, lead, partners, deadline, line));
    }
    out
}

fn body_task(
    layout: &Layout,
    sec: usize,
    text: String,
    lead: Vec<String>,
    partners: Option<Vec<String>>,
    plan_year: Option<i32>,
    line: usize,
) -> RawTask {
    let partners = match partners {
        Some(p) if !p.is_empty() => p,
        _ => agency::partners_in_text(&text),
    };
    let deadline = deadline::find_deadline(&text, plan_year);
    RawTask::body(Some(sec), task_number(layout, sec), text, lead, partners, deadline, line)
}

#[cfg(test)]
mod collapse_properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn same_as_splitting_on_whitespace(text in "[a ạ\\t\\n\u{85}\u{a0}\u{1680}\u{2000}\u{200a}\u{200b}\u{2028}\u{202f}\u{205f}\u{3000}ế]{0,30}|\\PC{0,30}") {
            prop_assert_eq!(collapse_ws(&text), text.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;
    use crate::segment::segment;

    fn tasks_of(text: &str) -> Vec<RawTask> {
        let lines = normalize(text);
        let layout = segment(&lines);
        extract_tasks(&lines, &layout, Some(2024))
    }

    fn brief(t: &RawTask) -> (String, String, Vec<String>, Vec<String>) {
        (t.number.clone(), t.description.clone(), t.lead.clone(), t.partners.clone())
    }

    #[test]
    fn field_lines_are_recognised() {
        assert_eq!(parse_field("- Đơn vị chủ trì: Sở Tư pháp.").map(|f| f.0), Some(Field::Lead));
        assert_eq!(parse_field("Đơn vị chủ trì tham mưu thực hiện: Sở Nội vụ").map(|f| f.0), Some(Field::Lead));
        assert_eq!(parse_field("Đơn vị phối hợp thực hiện: Sở Y tế").map(|f| f.0), Some(Field::Partners));
        assert_eq!(parse_field("Thời gian thực hiện (hoàn thành): Quý II/2024").map(|f| f.0), Some(Field::Time));
        assert_eq!(parse_field("- Sản phẩm: Báo cáo").map(|f| f.0), Some(Field::Result));
        assert!(parse_field("Đơn vị chủ trì cần phải tổ chức thật nhiều hội nghị lớn: không").is_none());
        assert!(parse_field("Sở Y tế chủ trì thực hiện").is_none());
    }

    #[test]
    fn items_headed_by_their_own_agency() {
        let text = "III. TỔ CHỨC THỰC HIỆN\n1. Trách nhiệm của các sở, ngành\na) Sở Tư pháp: Chủ trì hướng dẫn nghiệp vụ hộ tịch.\nb) Công an tỉnh: Phối hợp với Sở Tư pháp kết nối dữ liệu dân cư.\n";
        let tasks = tasks_of(text);
        let got: Vec<_> = tasks.iter().map(brief).collect();
        assert_eq!(got[0], ("1.a".into(), "Chủ trì hướng dẫn nghiệp vụ hộ tịch.".into(), vec!["Sở Tư pháp".into()], vec![]));
        assert_eq!(got[1].2, vec!["Công an tỉnh".to_string()]);
        assert_eq!(got[1].3, vec!["Sở Tư pháp".to_string()]);
    }

    #[test]
    fn topic_subsection_whose_paragraph_names_its_doer() {
        let text = "III. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế\nChủ trì triển khai Kế hoạch.\n2. Chế độ báo cáo\nSở Y tế tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2024.\n3. Kinh phí\nKinh phí thực hiện từ ngân sách tỉnh.\n";
        let tasks = tasks_of(text);
        let got: Vec<_> = tasks.iter().map(brief).collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(
            got[1],
            (
                "2".into(),
                "Sở Y tế tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2024.".into(),
                vec!["Sở Y tế".into()],
                vec![]
            )
        );
    }

    #[test]
    fn several_fields_on_one_line() {
        let f = parse_fields("- Chủ trì: Phòng Kinh tế; phối hợp: Công an xã, Thanh tra tỉnh; thời gian: quý III - IV/2025.");
        let kinds: Vec<Field> = f.iter().map(|x| x.0).collect();
        assert_eq!(kinds, [Field::Lead, Field::Partners, Field::Time]);
        assert_eq!(f[1].2, "Công an xã, Thanh tra tỉnh");
        let f = parse_fields("(Chủ trì: Phòng Kinh tế; phối hợp: Công an xã; thời gian: trong tháng 9/2025)");
        assert_eq!(f.len(), 3);
        assert_eq!(f[2].2, "trong tháng 9/2025");
    }

    #[test]
    fn doer_fields_separate_cooperating_agencies() {
        let (l, p) = split_doer_field("Sở Khoa học và Công nghệ chủ trì, Sở Tư pháp phối hợp");
        assert_eq!((l, p), (vec!["Sở Khoa học và Công nghệ".to_string()], vec!["Sở Tư pháp".to_string()]));
        let (l, p) = split_doer_field("Sở Nội vụ chủ trì, phối hợp với Sở Tài chính");
        assert_eq!((l, p), (vec!["Sở Nội vụ".to_string()], vec!["Sở Tài chính".to_string()]));
        let (l, p) = split_doer_field("Sở Y tế; Sở Nội vụ");
        assert_eq!((l, p), (vec!["Sở Y tế".to_string(), "Sở Nội vụ".to_string()], Vec::<String>::new()));
    }

    #[test]
    fn labelled_field_groups_are_one_task_each() {
        let text = "III. NHIỆM VỤ\n1. Tập huấn kỹ năng soạn thảo văn bản\n- Mở lớp tập huấn cho cán bộ cấp xã\nĐơn vị chủ trì: Sở Tư pháp\nĐơn vị phối hợp: Sở Nội vụ\nThời gian thực hiện: Quý III/2024\n- Biên soạn tài liệu hướng dẫn\nĐơn vị chủ trì: Sở Nội vụ\nThời gian thực hiện: Hằng năm\n2. Kiểm tra việc thực hiện\nĐơn vị thực hiện: Sở Tư pháp\nThời gian: Năm 2025\n";
        let tasks = tasks_of(text);
        let got: Vec<_> = tasks.iter().map(|t| (t.number.as_str(), t.description.as_str())).collect();
        assert_eq!(
            got,
            [("1", "Mở lớp tập huấn cho cán bộ cấp xã"), ("1", "Biên soạn tài liệu hướng dẫn"), ("2", "Kiểm tra việc thực hiện")]
        );
        assert_eq!(tasks[0].deadline.as_ref().map(|d| d.kind.as_str()), Some("quarter"));
    }

    #[test]
    fn agency_subsections_of_the_execution_section() {
        let text = "IV. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính\na) Bố trí kinh phí thực hiện.\nb) Phối hợp với Sở Nội vụ kiểm tra việc sử dụng kinh phí.\n2. Sở Y tế\n- Chỉ đạo các cơ sở y tế.\n- Báo cáo kết quả.\nỦy ban nhân dân tỉnh yêu cầu các sở, ngành nghiêm túc thực hiện.\nV. KINH PHÍ\n1. Sở Xây dựng\n";
        let tasks = tasks_of(text);
        let got: Vec<_> = tasks.iter().map(brief).collect();
        assert_eq!(got[0].0, "1.a");
        assert_eq!(got[0].1, "Bố trí kinh phí thực hiện.");
        assert_eq!(got[1].0, "1.b");
        assert_eq!(got[2].0, "2");
        assert_eq!(got[2].1, "Chỉ đạo các cơ sở y tế. Báo cáo kết quả.");
        assert_eq!(got[1].3, vec!["Sở Nội vụ".to_string()]);
        // The closing paragraph directs named agencies: a task numbered with the section marker.
        assert_eq!(got[3].0, "IV");
        assert_eq!(got[3].2, vec!["Các sở, ngành".to_string()]);
        // `V. KINH PHÍ` has a single agency-headed subsection and is not the execution section.
        assert_eq!(tasks.len(), 4);
    }
}
