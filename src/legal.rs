//! Legal references: the documents a plan cites by number and symbol (SPEC §5.4).
//!
//! In: the document's lines as `(line number, normalized text)` pairs (NFC, markup removed,
//! whitespace collapsed; TAB separates table cells). Out: one [`LegalRef`] per distinct cited
//! document, in order of first mention, with its canonical type, symbol, issue date, issuer,
//! short-form alias and mention count. Also small helpers used elsewhere: the numbers cited in a
//! task's text ([`ref_numbers_in`]), the parse of one reference phrase such as the header's
//! `Số: 22 /KH-BCĐ` ([`parse_reference`]), the type-code table ([`doc_type_for_code`]) and the
//! symbol normalization ([`normalize_number`]).
//!
//! What it recognises:
//! - state symbols `N/TYPE-ISSUER(-UNIT)*` (`1335/QĐ-BNN-TT`), `N/YYYY/TYPE-ISSUER`
//!   (`62/2019/NĐ-CP`), `N/YYYY/ISSUER` (`197/2025/QH15`, typed by the word before it), symbols
//!   whose first part is an issuer rather than a type code (`Công văn số 123/UBND-KT`, typed by
//!   the word before it), and Party symbols `N-TYPE/ISSUER` (`359-KL/TU`, `02-KH/BCĐTW`);
//! - numbers with a letter suffix (`30c`) and leading zeros, kept as written;
//! - a stray space on one side of a separator (`22 /KH-BCĐ`, `71/NQ -CP`, `54- CTr/TU`) and an
//!   en dash for the hyphen (normalised to `-`); ` - ` with spaces on both sides is prose;
//! - the date and the issuer (`của ...`) written right after a reference, and short forms
//!   introduced by `(gọi tắt là ...)` / `(sau đây gọi là ...)`;
//! - lists (`Quyết định số 217-QĐ/TW và 218-QĐ/TW`, `các Quyết định: số 36/QĐ-TTg ...; số ...`).
//!
//! What it does not do: it does not decide which reference is the document's own number (the
//! caller marks `is_self`), it does not join references broken across lines, it never creates a
//! reference from a phrase without a symbol (`Luật Viễn thông`, `Đề án 06`, `Kế hoạch này`), and
//! it does not repair symbols that are written wrongly (`27/NQ- TW` stays `27/NQ-TW`). A date
//! is taken only when it is written right after the symbol or after its `của ...` issuer; a date
//! written before the reference or after its subject is not. Cost is linear in the line length.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use regex::{Captures, Regex};

use crate::date::{find_dates, Date, DateMatch};

// ---------------------------------------------------------------------------------------------
// Lexicons: type codes and word lists live in `crate::lexicon`.
// ---------------------------------------------------------------------------------------------

use crate::lexicon::{
    ALIAS_INTRODUCERS, DOC_TYPE_CODES, ISSUER_STOP_VERBS_LOWER_CASE, ISSUER_STOP_WORDS, PARTY_AMBIGUOUS_CODES, REFERENCE_TYPE_WORDS,
    TYPE_WORD_FILLERS,
};

/// Longest issuer kept, in words; longer phrases are cut (a subject ran on without a stop word).
const MAX_ISSUER_WORDS: usize = 14;
/// How far back (bytes) the type word of a reference is looked for.
const TYPE_WORD_LOOKBACK: usize = 200;
/// How far (bytes) an issuer phrase or a short-form definition is looked for after a reference.
const TAIL_LOOKAHEAD: usize = 400;

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/// One distinct cited document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalRef {
    /// Canonical type: "Quyết định", "Nghị quyết", "Kế hoạch", "Chương trình", "Quy định", ...
    pub doc_type: String,
    /// Symbol with all whitespace removed: "09/2020/TT-BKHĐT", "22/KH-BCĐ", "359-KL/TU".
    pub number: String,
    /// The date written after any mention.
    pub issued_date: Option<Date>,
    /// The phrase after "của" when present, without the trailing subject.
    pub issuer: Option<String>,
    /// The short form from "(gọi tắt là Nghị quyết số 26)" / "(sau đây gọi là ...)".
    pub alias: Option<String>,
    /// The first mention as written (type word through date/issuer).
    pub text: String,
    /// Number of occurrences, including short-form mentions.
    pub mentions: usize,
    /// Line number of the first mention.
    pub line: usize,
}

/// All distinct documents cited with a number/symbol, in order of first mention.
/// `lines` are (line number, normalized line text) pairs in document order.
pub fn extract_legal_refs(lines: &[(usize, &str)]) -> Vec<LegalRef> {
    let mut collector = Collector::default();
    for &(line_number, line_text) in lines {
        for cell in line_text.split('\t') {
            let scan = scan_cell(cell);
            collector.record_cell(&scan, cell, line_number);
        }
    }
    collector.refs
}

/// The normalized numbers (same form as [`LegalRef::number`]) of the references cited in `text`,
/// in order, no duplicates.
pub fn ref_numbers_in(text: &str) -> Vec<String> {
    let mut numbers: Vec<String> = Vec::new();
    let mut seen_keys: HashSet<String> = HashSet::new();
    for cell in text.split('\t') {
        for citation in scan_cell_for(cell, Want::Numbers).citations {
            if !citation.is_reference() {
                continue;
            }
            if seen_keys.insert(citation.key.clone()) {
                numbers.push(citation.number);
            }
        }
    }
    numbers
}

/// Parses one reference phrase such as "Kế hoạch số 92/KH-UBND ngày 16 tháng 8 năm 2024 của Ủy
/// ban nhân dân tỉnh Trà Vinh" or "Số: 22 /KH-BCĐ" and returns (doc_type if determinable, number,
/// date). Used for the document's own number.
pub fn parse_reference(text: &str) -> Option<(Option<String>, String, Option<Date>)> {
    for cell in text.split('\t') {
        if let Some(citation) = scan_cell_for(cell, Want::Citations).citations.into_iter().find(Citation::is_reference) {
            return Some((citation.doc_type.map(str::to_string), citation.number, citation.date));
        }
    }
    None
}

/// Canonical document type for a symbol type code ("QĐ" -> "Quyết định", "CTr" ->
/// "Chương trình", ...), None if not a known code.
pub fn doc_type_for_code(code: &str) -> Option<&'static str> {
    let code = code.trim();
    if let Some(&(_, doc_type)) = DOC_TYPE_CODES.iter().find(|(c, _)| *c == code) {
        return Some(doc_type);
    }
    let upper = code.to_uppercase();
    DOC_TYPE_CODES.iter().find(|(c, _)| c.to_uppercase() == upper).map(|&(_, doc_type)| doc_type)
}

/// Whitespace removed: "22 /KH-BCĐ" -> "22/KH-BCĐ".
pub fn normalize_number(symbol: &str) -> String {
    symbol.chars().filter(|c| !c.is_whitespace()).collect()
}

// ---------------------------------------------------------------------------------------------
// Scanning one table cell (or one line without TABs)
// ---------------------------------------------------------------------------------------------

/// One symbol occurrence in a cell, with what was read around it.
#[derive(Debug, Clone)]
struct Citation {
    /// Start of the mention as written (the type word when there is one).
    text_start: usize,
    number_start: usize,
    symbol_end: usize,
    /// End of the date / issuer that follow the symbol.
    tail_end: usize,
    number: String,
    /// Dedup key: number upper-cased.
    key: String,
    doc_type: Option<&'static str>,
    /// The type named by the word before the number (or inherited in a list).
    word_type: Option<&'static str>,
    /// A symbol whose shape alone makes it a reference (it has a type code, an issuer unit or a
    /// year); a bare `N/ABC` needs a type word.
    strong_shape: bool,
    date: Option<Date>,
    issuer: Option<String>,
    alias: Option<String>,
}

impl Citation {
    /// True when this occurrence names a document on its own.
    fn is_reference(&self) -> bool {
        self.doc_type.is_some() || self.strong_shape
    }
}

/// A type word followed by a bare number (`Kết luận số 359`): a possible short mention.
#[derive(Debug, Clone)]
struct ShortMention {
    start: usize,
    doc_type: &'static str,
    leading_number: String,
}

#[derive(Debug, Default)]
struct CellScan {
    citations: Vec<Citation>,
    short_mentions: Vec<ShortMention>,
}

/// The parts of a symbol match.
struct SymbolParts {
    start: usize,
    end: usize,
    /// The first component after the number (Party: the type code; state: code or issuer).
    first_component: String,
    party: bool,
    has_year: bool,
    has_units: bool,
}

fn scan_cell(cell: &str) -> CellScan {
    scan_cell_for(cell, Want::CitationsAndMentions)
}

/// What a scan of a cell is for: short mentions cost a pass of their own, and the tails (date,
/// issuer, alias) are not read when only the numbers and types are wanted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    /// Number, type and shape of each citation; no tails.
    Numbers,
    Citations,
    CitationsAndMentions,
}

fn scan_cell_for(cell: &str, want: Want) -> CellScan {
    let mut scan = CellScan::default();
    if !cell.bytes().any(|b| b.is_ascii_digit()) {
        return scan;
    }
    // Every symbol has a `/`; without one only short forms (`Nghị quyết số 26`) can occur.
    if !cell.contains('/') {
        if want == Want::CitationsAndMentions {
            scan.short_mentions = find_short_mentions(cell, &scan.citations, &[]);
        }
        return scan;
    }
    let symbols = find_symbols(cell);
    for parts in &symbols {
        let previous = scan.citations.last();
        let lower_bound = previous.map_or(0, |c| c.symbol_end);
        if let Some(citation) = read_citation(cell, parts, lower_bound, previous) {
            scan.citations.push(citation);
        }
    }
    // A citation's number and type come from the symbol and the words before it only.
    if want == Want::Numbers {
        return scan;
    }
    let dates = dates_outside_symbols(find_dates(cell), &symbols);

    // Tails: date, issuer, then a short-form definition, each bounded by the next reference.
    let mut alias_spans: Vec<(usize, usize)> = Vec::new();
    for i in 0..scan.citations.len() {
        let limit = scan.citations.get(i + 1).map_or(cell.len(), |next| next.text_start.max(scan.citations[i].symbol_end));
        let citation = &mut scan.citations[i];
        read_tail(cell, citation, limit, &dates);
        if let Some(span) = read_alias(cell, citation, limit) {
            alias_spans.push(span);
        }
    }
    share_common_dates(cell, &mut scan.citations, &dates);

    if want == Want::CitationsAndMentions {
        scan.short_mentions = find_short_mentions(cell, &scan.citations, &alias_spans);
    }
    scan
}

/// Drops the dates that overlap a symbol (`số 5/12/2020/...`). Both lists are in text order.
fn dates_outside_symbols(dates: Vec<DateMatch>, symbols: &[SymbolParts]) -> Vec<DateMatch> {
    let mut kept = Vec::with_capacity(dates.len());
    let mut next_symbol = 0;
    for date in dates {
        while symbols.get(next_symbol).is_some_and(|s| s.end <= date.start) {
            next_symbol += 1;
        }
        let overlaps = symbols.get(next_symbol).is_some_and(|s| s.start < date.end);
        if !overlaps {
            kept.push(date);
        }
    }
    kept
}

/// Every syntactically valid symbol in `cell`, in order.
fn find_symbols(cell: &str) -> Vec<SymbolParts> {
    let mut out = Vec::new();
    for m in symbol_regex().find_iter(cell) {
        if cell[..m.start()].chars().next_back().is_some_and(|c| c.is_alphanumeric() || matches!(c, '/' | '-' | '–' | '.')) {
            continue;
        }
        if let Some(parts) = settle_symbol(cell, m.start(), m.end()) {
            out.push(parts);
        }
    }
    out
}

/// Checks that the symbol ends at a word boundary; a last component cut in the middle of a word
/// (`54/KH-UBND -Sở`) is dropped with its separator, and the rest is checked again.
fn settle_symbol(cell: &str, start: usize, mut end: usize) -> Option<SymbolParts> {
    loop {
        let cut_mid_word = cell[end..].chars().next().is_some_and(char::is_alphanumeric);
        if cut_mid_word {
            let separator = cell[start..end].rfind(['-', '/', '–'])?;
            end = start + cell[start..start + separator].trim_end().len();
            continue;
        }
        let caps = symbol_exact_regex().captures(&cell[start..end])?;
        return Some(symbol_parts(&caps, start, end));
    }
}

fn symbol_parts(caps: &Captures, start: usize, end: usize) -> SymbolParts {
    if let Some(code) = caps.name("pcode") {
        SymbolParts { start, end, first_component: code.as_str().to_string(), party: true, has_year: false, has_units: true }
    } else {
        SymbolParts {
            start,
            end,
            first_component: caps.name("first").map_or(String::new(), |m| m.as_str().to_string()),
            party: false,
            has_year: caps.name("year").is_some(),
            has_units: caps.name("rest").is_some_and(|m| !m.as_str().is_empty()),
        }
    }
}

/// Types one symbol occurrence from its code and the words before it. Returns None for shapes
/// that cannot be a reference (a Party symbol with an unknown code).
fn read_citation(cell: &str, parts: &SymbolParts, lower_bound: usize, previous: Option<&Citation>) -> Option<Citation> {
    let known_code = doc_type_for_code(&parts.first_component).is_some();
    if parts.party && !known_code {
        return None;
    }
    let code_is_type = known_code && (parts.party || parts.has_units || !parts.has_year);
    let strong_shape = parts.party || parts.has_units || parts.has_year;

    let lookback_start =
        floor_char_boundary(cell, parts.start.saturating_sub(TYPE_WORD_LOOKBACK).max(lower_bound)).max(lower_bound.min(parts.start));
    let before = &cell[lookback_start..parts.start];
    let named = type_word_before(before, !code_is_type);
    let word_start = named.map(|(offset, _)| lookback_start + offset);
    let mut word_type = named.map(|(_, t)| t);
    if word_type.is_none() && continues_list(before) {
        word_type = previous.and_then(|p| p.word_type.or(p.doc_type));
    }

    let doc_type = if !strong_shape && word_type.is_none() {
        // A bare `N/ABC` is a reference only after a type word.
        None
    } else if code_is_type {
        Some(type_from_code(&parts.first_component, parts.party, word_type))
    } else {
        word_type
    };

    // An en dash in a symbol is a converter's hyphen.
    let number = normalize_number(&cell[parts.start..parts.end]).replace('–', "-");
    Some(Citation {
        text_start: word_start.unwrap_or(parts.start),
        number_start: parts.start,
        symbol_end: parts.end,
        tail_end: parts.end,
        key: number.to_uppercase(),
        number,
        doc_type,
        word_type,
        strong_shape,
        date: None,
        issuer: None,
        alias: None,
    })
}

/// The canonical type of a known code; for a Party code with two readings, the word decides.
fn type_from_code(code: &str, party: bool, word_type: Option<&'static str>) -> &'static str {
    if party {
        let upper = code.to_uppercase();
        if let Some((_, readings)) = PARTY_AMBIGUOUS_CODES.iter().find(|(c, _)| c.to_uppercase() == upper) {
            if let Some(word) = word_type.filter(|w| readings.contains(w)) {
                return word;
            }
            if let Some(first) = readings.first() {
                return first;
            }
        }
    }
    doc_type_for_code(code).unwrap_or("")
}

/// The type word standing right before a number: `Quyết định số `, `Kế hoạch số: `,
/// `Chương trình hành động số `, `Thông tư `, `các Quyết định: số `. With `allow_name`, also a
/// named document whose type word is a few words earlier (`Luật Đất đai số `).
/// Returns (offset of the word in `before`, canonical type).
fn type_word_before(before: &str, allow_name: bool) -> Option<(usize, &'static str)> {
    let words: Vec<(usize, usize, &'static str)> = type_word_regex()
        .find_iter(before)
        .filter(|m| is_word_boundary(before, m.start(), m.end()))
        .filter_map(|m| canonical_type_word(m.as_str()).map(|t| (m.start(), m.end(), t)))
        .collect();
    let (mut start, end, mut doc_type) = *words.last()?;
    let between = &before[end..];
    let found = immediate_filler_regex().is_match(between) || (allow_name && named_filler_regex().is_match(between));
    if !found {
        return None;
    }
    // `Công văn hướng dẫn số ...`, `Văn bản hướng dẫn số ...`: the first of two adjacent type
    // words names the document, the second its purpose.
    if words.len() >= 2 {
        let (outer_start, outer_end, outer_type) = words[words.len() - 2];
        if before[outer_end..start].trim().is_empty() {
            start = outer_start;
            doc_type = outer_type;
        }
    }
    Some((start, doc_type))
}

/// True when the text before a number continues a list of references (`và`, `,`, `;`, `số`).
fn continues_list(before: &str) -> bool {
    list_continuation_regex().is_match(before)
}

fn canonical_type_word(written: &str) -> Option<&'static str> {
    let lowered = crate::text::lowercase(&written.split_whitespace().collect::<Vec<_>>().join(" "));
    REFERENCE_TYPE_WORDS.iter().find(|(w, _)| *w == lowered).map(|&(_, t)| t)
}

/// Reads the date and the issuer written right after a symbol (before `limit`, the next
/// reference): `ngày 10/5/2024 của Bộ ...`, `của Chính phủ ngày ...`, `, ngày ...`.
fn read_tail(cell: &str, citation: &mut Citation, limit: usize, dates: &[DateMatch]) {
    let limit = limit.min(cell.len());
    let mut pos = skip_separators(cell, citation.symbol_end, limit, " ,(:");
    if let Some(date) = date_at(pos, limit, dates) {
        citation.date = Some(date.date);
        citation.tail_end = date.end;
        pos = skip_separators(cell, date.end, limit, " ,");
    }
    let issuer_limit = floor_char_boundary(cell, limit.min(pos + TAIL_LOOKAHEAD));
    if let Some((issuer, issuer_end)) = read_issuer(cell, pos, issuer_limit) {
        citation.issuer = Some(issuer);
        citation.tail_end = issuer_end;
        pos = skip_separators(cell, issuer_end, limit, " ,");
        if citation.date.is_none() {
            if let Some(date) = date_at(pos, limit, dates) {
                citation.date = Some(date.date);
                citation.tail_end = date.end;
            }
        }
    }
    if citation.date.is_none() {
        // `Quyết định số 12/QĐ-UBND ban hành ngày ...`, `... ký ngày ...`
        let window = &cell[pos..floor_char_boundary(cell, limit.min(pos + 40))];
        if let Some(m) = issued_verb_regex().find(window) {
            if let Some(date) = date_at(pos + m.end(), limit, dates) {
                citation.date = Some(date.date);
                citation.tail_end = date.end;
            }
        }
    }
}

/// `Nghị quyết số 12/… và Nghị quyết số 13/… cùng ngày 18/4/2025`: a date introduced by
/// `cùng` belongs to every reference of the list it closes.
fn share_common_dates(cell: &str, citations: &mut [Citation], dates: &[DateMatch]) {
    for i in 0..citations.len() {
        if citations[i].date.is_some() {
            continue;
        }
        let limit = citations.get(i + 1).map_or(cell.len(), |n| n.text_start.max(citations[i].symbol_end));
        let pos = skip_separators(cell, citations[i].symbol_end, limit, " ,");
        let Some(rest) = cell.get(pos..limit) else { continue };
        let Some(after) = rest.strip_prefix("cùng ").or_else(|| rest.strip_prefix("Cùng ")) else { continue };
        let Some(date) = date_at(limit - after.len(), limit, dates) else { continue };
        citations[i].date = Some(date.date);
        citations[i].tail_end = date.end;
        // Earlier references joined to this one by `và` / `,` share it.
        let mut j = i;
        while j > 0 {
            let gap = cell.get(citations[j - 1].tail_end.max(citations[j - 1].symbol_end)..citations[j].text_start).unwrap_or("");
            let gap = gap.trim().trim_matches(',').trim();
            if citations[j - 1].date.is_some() || !(gap.is_empty() || gap == "và" || gap == ",") {
                break;
            }
            citations[j - 1].date = Some(date.date);
            j -= 1;
        }
    }
}

/// The date whose phrase starts exactly at `pos` and ends before `limit`.
fn date_at(pos: usize, limit: usize, dates: &[DateMatch]) -> Option<&DateMatch> {
    let index = dates.partition_point(|d| d.start < pos);
    dates.get(index).filter(|d| d.start == pos && d.end <= limit)
}

fn skip_separators(cell: &str, from: usize, limit: usize, separators: &str) -> usize {
    let mut pos = from;
    for c in cell[from..limit].chars() {
        if !separators.contains(c) && !c.is_whitespace() {
            break;
        }
        pos += c.len_utf8();
    }
    pos
}

/// `của <issuer>` starting at `pos`: the issuer runs to punctuation, a stop word, the next
/// reference or [`MAX_ISSUER_WORDS`]. Returns the issuer and where it ends.
fn read_issuer(cell: &str, pos: usize, limit: usize) -> Option<(String, usize)> {
    let window = &cell[pos..limit];
    let intro = issuer_intro_regex().find(window)?;
    let body_start = pos + intro.end();
    let body = &cell[body_start..limit];
    let body = match body.find([';', ',', '.', '(', ')', ':', '“', '”', '"']) {
        Some(stop) => &body[..stop],
        None => body,
    };
    let words: Vec<(usize, &str)> = word_spans(body);
    let mut kept = words.len().min(MAX_ISSUER_WORDS);
    let lower: Vec<String> = words.iter().map(|(_, w)| crate::text::lowercase(w)).collect();
    'words: for i in 0..kept {
        for stop in issuer_stops_starting_with(&lower[i]) {
            if words_start_with(&lower[i..], stop) {
                kept = i;
                break 'words;
            }
        }
        for stop in ISSUER_STOP_VERBS_LOWER_CASE {
            if words_start_with_exactly(&words[i..], stop) {
                kept = i;
                break 'words;
            }
        }
        if i > 0 && lower[i] == "và" {
            // `của Tỉnh ủy và Kế hoạch ...` ends here; `Bộ Nông nghiệp và PTNT` does not.
            let next_is_name = words.get(i + 1).is_some_and(|(_, w)| w.chars().next().is_some_and(char::is_uppercase));
            let next_is_type = lower.get(i + 1..).is_some_and(|rest| REFERENCE_TYPE_WORDS.iter().any(|(t, _)| words_start_with(rest, t)));
            if !next_is_name || next_is_type {
                kept = i;
                break;
            }
        }
    }
    while kept > 0 && matches!(words[kept - 1].1.to_lowercase().as_str(), "và" | "của" | "-") {
        kept -= 1;
    }
    if kept == 0 {
        return None;
    }
    let (last_start, last_word) = words[kept - 1];
    let end = last_start + last_word.len();
    let issuer = body[..end].split_whitespace().collect::<Vec<_>>().join(" ");
    Some((issuer, body_start + end))
}

/// `(gọi tắt là Kết luận số 359)` after a reference and before the next one: records the short
/// form when it names this document (its type and leading number, or its full symbol).
/// Returns the span of the definition so that it is not counted as a mention.
fn read_alias(cell: &str, citation: &mut Citation, limit: usize) -> Option<(usize, usize)> {
    let search_end = floor_char_boundary(cell, (limit + TAIL_LOOKAHEAD).min(cell.len()));
    let window = &cell[citation.symbol_end..search_end];
    for caps in alias_regex().captures_iter(window) {
        let whole = caps.get(0)?;
        if citation.symbol_end + whole.start() >= limit.max(citation.symbol_end + 1) {
            break;
        }
        let alias_text = caps.name("alias")?.as_str();
        let alias_text = alias_text.trim_matches(|c: char| c.is_whitespace() || matches!(c, '“' | '”' | '"' | '\''));
        if alias_names(alias_text, citation) {
            citation.alias = Some(alias_text.to_string());
            return Some((citation.symbol_end + whole.start(), citation.symbol_end + whole.end()));
        }
    }
    None
}

fn alias_names(alias_text: &str, citation: &Citation) -> bool {
    if normalize_number(alias_text).to_uppercase().contains(&citation.key) {
        return true;
    }
    let Some(doc_type) = citation.doc_type else {
        return false;
    };
    let Some(caps) = short_mention_regex().captures(alias_text) else {
        return false;
    };
    let (Some(word), Some(number)) = (caps.name("word"), caps.name("num")) else {
        return false;
    };
    word.start() == 0
        && number.end() == alias_text.len()
        && canonical_type_word(word.as_str()) == Some(doc_type)
        && same_leading_number(number.as_str(), &citation.number)
}

/// `Kết luận số 359`, `Nghị quyết 26`: a type word and a number that is not part of a symbol,
/// outside references and short-form definitions.
fn find_short_mentions(cell: &str, citations: &[Citation], alias_spans: &[(usize, usize)]) -> Vec<ShortMention> {
    let mut out = Vec::new();
    let mut excluded: Vec<(usize, usize)> =
        citations.iter().map(|c| (c.number_start, c.symbol_end)).chain(alias_spans.iter().copied()).collect();
    excluded.sort_unstable();
    let mut next_excluded = 0;
    for caps in short_mention_regex().captures_iter(cell) {
        let (Some(whole), Some(word), Some(number)) = (caps.get(0), caps.name("word"), caps.name("num")) else {
            continue;
        };
        if !is_word_boundary(cell, word.start(), word.end()) {
            continue;
        }
        if cell[number.end()..].chars().next().is_some_and(|c| c.is_alphanumeric() || matches!(c, '/' | '-' | '–')) {
            continue;
        }
        while excluded.get(next_excluded).is_some_and(|&(_, end)| end <= whole.start()) {
            next_excluded += 1;
        }
        let overlaps = excluded[next_excluded.min(excluded.len())..]
            .iter()
            .take_while(|&&(start, _)| start < whole.end())
            .any(|&(_, end)| end > whole.start());
        if overlaps {
            continue;
        }
        if let Some(doc_type) = canonical_type_word(word.as_str()) {
            out.push(ShortMention { start: whole.start(), doc_type, leading_number: number.as_str().to_string() });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Collecting distinct documents
// ---------------------------------------------------------------------------------------------

enum CellEvent<'a> {
    Citation(&'a Citation),
    Short(&'a ShortMention),
}

/// The distinct documents found so far, with indexes by full symbol and by (type, leading
/// number) for short mentions.
#[derive(Default)]
struct Collector {
    refs: Vec<LegalRef>,
    index_by_key: HashMap<String, usize>,
    index_by_short_form: HashMap<(String, String), usize>,
}

impl Collector {
    fn record_cell(&mut self, scan: &CellScan, cell: &str, line_number: usize) {
        let mut events: Vec<(usize, CellEvent)> = scan
            .citations
            .iter()
            .map(|c| (c.number_start, CellEvent::Citation(c)))
            .chain(scan.short_mentions.iter().map(|s| (s.start, CellEvent::Short(s))))
            .collect();
        events.sort_by_key(|(pos, _)| *pos);

        for (_, event) in events {
            match event {
                CellEvent::Citation(citation) => self.record_citation(citation, cell, line_number),
                CellEvent::Short(short) => {
                    let key = (short.doc_type.to_string(), leading_number_key(&short.leading_number));
                    if let Some(entry) = self.index_by_short_form.get(&key).and_then(|&i| self.refs.get_mut(i)) {
                        entry.mentions += 1;
                    }
                }
            }
        }
    }

    fn record_citation(&mut self, citation: &Citation, cell: &str, line_number: usize) {
        if let Some(&index) = self.index_by_key.get(&citation.key) {
            if let Some(entry) = self.refs.get_mut(index) {
                entry.mentions += 1;
                if entry.issued_date.is_none() {
                    entry.issued_date = citation.date;
                }
                if entry.issuer.is_none() {
                    entry.issuer.clone_from(&citation.issuer);
                }
                if entry.alias.is_none() {
                    entry.alias.clone_from(&citation.alias);
                }
            }
            return;
        }
        let Some(doc_type) = citation.doc_type else {
            return;
        };
        let text_end = citation.tail_end.max(citation.symbol_end).min(cell.len());
        let text_start = citation.text_start.min(text_end);
        let index = self.refs.len();
        self.index_by_key.insert(citation.key.clone(), index);
        // A later entry with the same type and leading number takes over its short form.
        self.index_by_short_form.insert((doc_type.to_string(), leading_number_key(&citation.number)), index);
        self.refs.push(LegalRef {
            doc_type: doc_type.to_string(),
            number: citation.number.clone(),
            issued_date: citation.date,
            issuer: citation.issuer.clone(),
            alias: citation.alias.clone(),
            text: cell[text_start..text_end].trim().trim_end_matches(',').to_string(),
            mentions: 1,
            line: line_number,
        });
    }
}

/// The number before the first separator, without leading zeros, lower-cased: `06-NQ/TW` → `6`.
fn leading_number_key(number: &str) -> String {
    let leading: String = number.chars().take_while(|c| !matches!(c, '/' | '-' | '–')).collect::<String>().to_lowercase();
    let trimmed = leading.trim_start_matches('0');
    if trimmed.is_empty() || !trimmed.starts_with(|c: char| c.is_ascii_digit()) {
        leading
    } else {
        trimmed.to_string()
    }
}

/// `359` names `359-KL/TU`; `06` and `6` are the same number; `30c` names `30c/NQ-CP`.
fn same_leading_number(short: &str, number: &str) -> bool {
    let key = leading_number_key(number);
    !key.is_empty() && leading_number_key(short) == key
}

// ---------------------------------------------------------------------------------------------
// Small text helpers
// ---------------------------------------------------------------------------------------------

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    if index >= text.len() {
        return text.len();
    }
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// True when `text[start..end]` is not glued to letters or digits on either side.
fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before_ok = !text[..start].chars().next_back().is_some_and(char::is_alphanumeric);
    let after_ok = !text[end..].chars().next().is_some_and(char::is_alphanumeric);
    before_ok && after_ok
}

fn word_spans(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((s, &text[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// The rows of `ISSUER_STOP_WORDS` whose first word is `first` (lower case).
fn issuer_stops_starting_with(first: &str) -> &'static [&'static str] {
    static BY_FIRST: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    let by_first = BY_FIRST.get_or_init(|| {
        let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for stop in ISSUER_STOP_WORDS {
            map.entry(stop.split(' ').next().unwrap_or("")).or_default().push(stop);
        }
        map
    });
    by_first.get(first).map_or(&[], Vec::as_slice)
}

/// True when the words begin with `phrase` (case-insensitive, word by word).
fn words_start_with(lower_words: &[String], phrase: &str) -> bool {
    let mut count = 0;
    for (i, part) in phrase.split(' ').enumerate() {
        match lower_words.get(i) {
            Some(w) if w == part => count += 1,
            _ => return false,
        }
    }
    count > 0
}

/// True when the words begin with `phrase` exactly as written (case-sensitive).
fn words_start_with_exactly(words: &[(usize, &str)], phrase: &str) -> bool {
    phrase.split(' ').enumerate().all(|(i, part)| words.get(i).is_some_and(|(_, w)| *w == part))
}

// ---------------------------------------------------------------------------------------------
// Regexes (compiled once)
// ---------------------------------------------------------------------------------------------

/// A symbol component: a code or issuer abbreviation (`QĐ`, `UBND`, `TTg`, `BCĐTW`, `QH15`,
/// `BNN&PTNT`, `TƯ`). Vietnamese capitals other than Đ are rare but written by some issuers.
const COMPONENT: &str = r"[A-ZĐƯƠÔÂÊĂ][A-Za-zĐđƯƠÔÂÊĂ0-9&]*";
/// A dash with at most one stray space on one side (`NQ -CP`, `TT- BKHĐT`); ` - ` is prose.
const DASH: &str = r"(?: ?[-–]|[-–] )";
/// A slash with at most one stray space on one side (`22 /KH-BCĐ`).
const SLASH: &str = r"(?: ?/|/ )";

fn symbol_pattern() -> String {
    let party = format!(r"(?P<pnum>[0-9]{{1,5}}[a-zđ]?){DASH}(?P<pcode>{COMPONENT}){SLASH}{COMPONENT}(?:{DASH}{COMPONENT})*");
    let state = format!(
        r"(?P<snum>[0-9]{{1,5}}[a-zđ]?){SLASH}(?:(?P<year>[0-9]{{4}}){SLASH})?(?P<first>{COMPONENT})(?P<rest>(?:{DASH}{COMPONENT})*)"
    );
    format!("{party}|{state}")
}

fn symbol_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(&symbol_pattern()).expect("symbol regex"))
}

fn symbol_exact_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(&format!("^(?:{})$", symbol_pattern())).expect("exact symbol regex"))
}

/// Alternation of [`REFERENCE_TYPE_WORDS`], longest first, spaces matching any whitespace.
fn type_words_alternation() -> String {
    let mut words: Vec<&str> = REFERENCE_TYPE_WORDS.iter().map(|(w, _)| *w).collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.iter().map(|w| w.split(' ').map(regex::escape).collect::<Vec<_>>().join(r"\s+")).collect::<Vec<_>>().join("|")
}

fn type_word_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(&format!("(?i)(?:{})", type_words_alternation())).expect("type word regex"))
}

fn fillers_alternation() -> String {
    TYPE_WORD_FILLERS.iter().map(|w| w.split(' ').map(regex::escape).collect::<Vec<_>>().join(r"\s+")).collect::<Vec<_>>().join("|")
}

/// Between a type word and the number: nothing, `số`, `số:`, `: số`, `hành động số`.
fn immediate_filler_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(r"(?i)^\s*(?:(?:{})\s*)?(?::\s*)?(?:số\s*)?(?::\s*)?$", fillers_alternation())).expect("filler regex")
    })
}

/// Between a type word and the number of a named document: `Đất đai số `, `Thi đua, khen thưởng số `.
fn named_filler_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)^(?:\s+[^\s;:()]+){1,10}\s+số\s*:?\s*$").expect("named filler regex"))
}

/// The end of a list before its next item: `và `, `, `, `; `, `và số `, `; số `.
fn list_continuation_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)(?:(?:^|\s)(?:và|hoặc)\s*|[,;]\s*)(?:số\s*:?\s*)?$|(?:^|[\s,;:])số\s*:?\s*$").expect("list regex"))
}

fn issuer_intro_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)^\s*của\s+").expect("issuer regex"))
}

fn issued_verb_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)^(?:được\s+)?(?:ban hành|ký)\s+").expect("issued verb regex"))
}

fn alias_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let introducers = ALIAS_INTRODUCERS
            .iter()
            .map(|w| w.split(' ').map(regex::escape).collect::<Vec<_>>().join(r"\s+"))
            .collect::<Vec<_>>()
            .join("|");
        Regex::new(&format!(r"(?i)\(\s*(?:sau\s+đây\s+)?(?:được\s+)?(?:{introducers})\s*:?\s*(?P<alias>[^()]{{1,120}})\)"))
            .expect("alias regex")
    })
}

fn short_mention_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?i)(?P<word>{})(?:\s+(?:{}))?\s*(?:số\s*:?\s*)?(?P<num>[0-9]{{1,5}}[a-zđ]?)",
            type_words_alternation(),
            fillers_alternation()
        ))
        .expect("short mention regex")
    })
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(lines: &[&str]) -> Vec<LegalRef> {
        let numbered: Vec<(usize, &str)> = lines.iter().enumerate().map(|(i, l)| (i + 1, *l)).collect();
        extract_legal_refs(&numbered)
    }

    fn pairs(lines: &[&str]) -> Vec<(String, String)> {
        refs(lines).into_iter().map(|r| (r.doc_type, r.number)).collect()
    }

    fn pair(doc_type: &str, number: &str) -> (String, String) {
        (doc_type.to_string(), number.to_string())
    }

    fn date(y: i32, m: u32, d: u32) -> Option<Date> {
        Date::new(y, m, d)
    }

    // --- symbol shapes -----------------------------------------------------------------------

    #[test]
    fn state_symbol_with_issuer_units() {
        let r = refs(&["Căn cứ Quyết định số 2045/QĐ-BYT-KCB ngày 03/3/2021 của Bộ Y tế;"]);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].doc_type, "Quyết định");
        assert_eq!(r[0].number, "2045/QĐ-BYT-KCB");
    }

    #[test]
    fn state_symbol_with_year() {
        assert_eq!(pairs(&["Thực hiện Nghị định số 15/2021/NĐ-CP của Chính phủ."]), [pair("Nghị định", "15/2021/NĐ-CP")]);
    }

    #[test]
    fn law_symbol_typed_by_word_before() {
        assert_eq!(pairs(&["Căn cứ Nghị quyết số 88/2023/QH15 của Quốc hội;"]), [pair("Nghị quyết", "88/2023/QH15")]);
    }

    #[test]
    fn named_law_with_number() {
        assert_eq!(pairs(&["Căn cứ Luật Đất đai số 31/2024/QH15 ngày 18 tháng 01 năm 2024;"]), [pair("Luật", "31/2024/QH15")]);
    }

    #[test]
    fn law_named_by_its_subject() {
        assert_eq!(pairs(&["Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15;"]), [pair("Luật", "64/2025/QH15")]);
    }

    #[test]
    fn purpose_word_does_not_override_code() {
        assert_eq!(pairs(&["theo Thông tư hướng dẫn số 02/2023/TT-BNV"]), [pair("Thông tư", "02/2023/TT-BNV")]);
    }

    #[test]
    fn year_issuer_symbol_without_type_word_is_not_a_new_reference() {
        assert!(pairs(&["theo mã 12/2023/QH15 trong danh mục"]).is_empty());
    }

    #[test]
    fn party_symbols() {
        assert_eq!(
            pairs(&["Thực hiện Kết luận số 47-KL/TU và Chỉ thị số 05-CT/HU;"]),
            [pair("Kết luận", "47-KL/TU"), pair("Chỉ thị", "05-CT/HU")]
        );
    }

    #[test]
    fn party_symbol_with_composite_issuer() {
        assert_eq!(pairs(&["Căn cứ Hướng dẫn số 07-HD/BTGTW ngày 02/02/2023;"]), [pair("Hướng dẫn", "07-HD/BTGTW")]);
    }

    #[test]
    fn party_symbol_with_unknown_code_is_rejected() {
        assert!(pairs(&["mã hàng 12-AB/CD được dùng"]).is_empty());
    }

    #[test]
    fn number_with_letter_suffix() {
        assert_eq!(pairs(&["Theo Nghị quyết số 41b/NQ-CP của Chính phủ."]), [pair("Nghị quyết", "41b/NQ-CP")]);
    }

    #[test]
    fn leading_zero_is_kept() {
        assert_eq!(pairs(&["Thực hiện Kế hoạch số 0087/KH-UBND ngày 02/01/2024."]), [pair("Kế hoạch", "0087/KH-UBND")]);
    }

    #[test]
    fn stray_spaces_are_removed() {
        let r = pairs(&[
            "Theo Thông tư số 12/2019/TT- BTC và Nghị quyết số 45/NQ -CP; Chương trình số 07- CTr/TU; Kế hoạch số 18 /KH-BCĐ; Nghị quyết số 11/NQ- TW.",
        ]);
        assert_eq!(
            r,
            [
                pair("Thông tư", "12/2019/TT-BTC"),
                pair("Nghị quyết", "45/NQ-CP"),
                pair("Chương trình", "07-CTr/TU"),
                pair("Kế hoạch", "18/KH-BCĐ"),
                pair("Nghị quyết", "11/NQ-TW"),
            ]
        );
    }

    #[test]
    fn spaced_prose_dash_is_not_part_of_symbol() {
        assert_eq!(pairs(&["Kế hoạch số 33/KH-UBND - UBND huyện thực hiện"]), [pair("Kế hoạch", "33/KH-UBND")]);
    }

    #[test]
    fn component_cut_mid_word_is_dropped() {
        assert_eq!(pairs(&["Kế hoạch số 33/KH-UBND -Sở Y tế"]), [pair("Kế hoạch", "33/KH-UBND")]);
    }

    #[test]
    fn without_so_between_word_and_number() {
        assert_eq!(pairs(&["theo Thông tư 17/2018/TT-BNNPTNT của Bộ."]), [pair("Thông tư", "17/2018/TT-BNNPTNT")]);
    }

    #[test]
    fn so_with_colon() {
        assert_eq!(pairs(&["(Kèm theo Kế hoạch số: 77/KH-UBND ngày 05/5/2022)"]), [pair("Kế hoạch", "77/KH-UBND")]);
    }

    #[test]
    fn cong_van_without_code_typed_by_word() {
        assert_eq!(pairs(&["Theo Công văn số 2310/UBND-KT ngày 01/8/2023 của UBND tỉnh."]), [pair("Công văn", "2310/UBND-KT")]);
        assert_eq!(pairs(&["Thực hiện văn bản số 51/SNN-KH của Sở."]), [pair("Công văn", "51/SNN-KH")]);
    }

    #[test]
    fn cong_van_with_purpose_word() {
        assert_eq!(pairs(&["Theo Công văn hướng dẫn số 77/SYT-NVY của Sở Y tế."]), [pair("Công văn", "77/SYT-NVY")]);
    }

    #[test]
    fn bare_code_without_issuer_needs_a_word() {
        assert!(pairs(&["tỷ lệ 5/KH trong bảng"]).is_empty());
        assert_eq!(pairs(&["theo Kế hoạch số 5/KH"]), [pair("Kế hoạch", "5/KH")]);
    }

    #[test]
    fn en_dash_and_vietnamese_capitals_in_symbols() {
        assert_eq!(
            pairs(&["Theo Nghị quyết số 12/NQ–CP và Kết luận số 3-KL/TƯ; Quyết định số 8/QĐ-BNN&PTNT."]),
            [pair("Nghị quyết", "12/NQ-CP"), pair("Kết luận", "3-KL/TƯ"), pair("Quyết định", "8/QĐ-BNN&PTNT"),]
        );
    }

    #[test]
    fn issuer_only_symbol_without_word_is_not_listed() {
        assert!(pairs(&["mã 2310/UBND-KT trong hồ sơ"]).is_empty());
    }

    #[test]
    fn dates_in_symbols_are_not_symbols() {
        assert!(pairs(&["ngày 17/4/2023 và tháng 8-9/2024, 50 ha/mô hình"]).is_empty());
    }

    // --- type decisions ----------------------------------------------------------------------

    #[test]
    fn code_decides_type_over_word() {
        assert_eq!(pairs(&["Triển khai Chương trình hành động số 21-CTr/TU ngày 01/02/2023."]), [pair("Chương trình", "21-CTr/TU")]);
        assert_eq!(pairs(&["Kế hoạch được ban hành kèm theo Quyết định số 5/QĐ-UBND."]), [pair("Quyết định", "5/QĐ-UBND")]);
    }

    #[test]
    fn party_qd_is_quy_dinh_when_word_says_so() {
        assert_eq!(pairs(&["Thực hiện Quy định số 131-QĐ/TW ngày 28/10/2023 của Bộ Chính trị."]), [pair("Quy định", "131-QĐ/TW")]);
        assert_eq!(pairs(&["Thực hiện Quyết định số 99-QĐ/TW của Ban Bí thư."]), [pair("Quyết định", "99-QĐ/TW")]);
    }

    #[test]
    fn explicit_quy_dinh_codes() {
        assert_eq!(doc_type_for_code("QĐi"), Some("Quy định"));
        assert_eq!(doc_type_for_code("QyĐ"), Some("Quy định"));
        assert_eq!(pairs(&["Theo số 8/QyĐ-UBND của tỉnh."]), [pair("Quy định", "8/QyĐ-UBND")]);
    }

    #[test]
    fn upper_case_heading_mention() {
        let r = refs(&["Thực hiện Kết luận số 12-KL/TU ngày 02/3/2020.", "CHỈ TIÊU THEO KẾT LUẬN 12-KL/TU"]);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].mentions, 2);
    }

    #[test]
    fn code_table() {
        assert_eq!(doc_type_for_code("QĐ"), Some("Quyết định"));
        assert_eq!(doc_type_for_code("CTr"), Some("Chương trình"));
        assert_eq!(doc_type_for_code("CTR"), Some("Chương trình"));
        assert_eq!(doc_type_for_code("TTLT"), Some("Thông tư liên tịch"));
        assert_eq!(doc_type_for_code("TTr"), Some("Tờ trình"));
        assert_eq!(doc_type_for_code("CĐ"), Some("Công điện"));
        assert_eq!(doc_type_for_code("ĐA"), Some("Đề án"));
        assert_eq!(doc_type_for_code("UBND"), None);
        assert_eq!(doc_type_for_code(""), None);
    }

    #[test]
    fn other_codes_from_the_table() {
        assert_eq!(
            pairs(&["Theo Tờ trình số 40/TTr-SNV, Công điện số 3/CĐ-TTg, Quy chế số 2/QC-UBND và Báo cáo số 9/BC-UBND; Đề án số 4/ĐA-UBND; Thông tư liên tịch số 5/2015/TTLT-BTC-BNV."]),
            [
                pair("Tờ trình", "40/TTr-SNV"),
                pair("Công điện", "3/CĐ-TTg"),
                pair("Quy chế", "2/QC-UBND"),
                pair("Báo cáo", "9/BC-UBND"),
                pair("Đề án", "4/ĐA-UBND"),
                pair("Thông tư liên tịch", "5/2015/TTLT-BTC-BNV"),
            ]
        );
    }

    // --- dates ---------------------------------------------------------------------------------

    #[test]
    fn a_shared_date_belongs_to_the_whole_list() {
        let r = refs(&["Căn cứ Nghị quyết số 12/2025/NQ-HĐND và Nghị quyết số 13/2025/NQ-HĐND cùng ngày 18/4/2025 của HĐND tỉnh;"]);
        let dates: Vec<_> = r.iter().map(|x| x.issued_date).collect();
        assert_eq!(dates, [date(2025, 4, 18), date(2025, 4, 18)]);
        // Without `cùng`, the date stays with the reference it follows.
        let r = refs(&["Nghị định số 62/2019/NĐ-CP sửa đổi Nghị định số 35/2015/NĐ-CP ngày 13/4/2015;"]);
        assert_eq!(r[0].issued_date, None);
    }

    #[test]
    fn date_right_after_symbol() {
        let r = refs(&["Căn cứ Quyết định số 88/QĐ-UBND ngày 03/02/2022 của UBND tỉnh;"]);
        assert_eq!(r[0].issued_date, date(2022, 2, 3));
    }

    #[test]
    fn date_written_in_words_and_with_stray_space() {
        let r = refs(&["Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021; Kế hoạch số 9/KH-UBND ngày 21 /5/2022."]);
        assert_eq!(r[0].issued_date, date(2021, 3, 15));
        assert_eq!(r[1].issued_date, date(2022, 5, 21));
    }

    #[test]
    fn date_after_issuer() {
        let r = refs(&["Theo Kế hoạch số 19/KH-UBND của UBND tỉnh ngày 10/01/2024 về phát triển."]);
        assert_eq!(r[0].issued_date, date(2024, 1, 10));
        assert_eq!(r[0].issuer.as_deref(), Some("UBND tỉnh"));
    }

    #[test]
    fn date_of_later_reference_is_not_taken() {
        let r = refs(&[
            "Vốn theo Nghị định số 98/2018/NĐ-CP của Chính phủ về sửa đổi Nghị định số 57/2015/NĐ-CP ngày 02/6/2015 của Chính phủ.",
        ]);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].issued_date, None);
        assert_eq!(r[1].issued_date, date(2015, 6, 2));
    }

    #[test]
    fn year_inside_symbol_is_not_a_date() {
        let r = refs(&["theo Thông tư 03/2022/TT-BTC."]);
        assert_eq!(r[0].issued_date, None);
    }

    #[test]
    fn distant_date_after_subject_is_not_taken() {
        let r = refs(&["Chỉ thị số 08-CT/TU của Ban Thường vụ về phong trào thi đua năm 2020, sơ kết ngày 10/10/2021."]);
        assert_eq!(r[0].issued_date, None);
    }

    #[test]
    fn date_from_a_later_mention() {
        let r = refs(&["Thực hiện Kế hoạch số 61/KH-UBND của UBND tỉnh.", "Theo Kế hoạch số 61/KH-UBND ngày 08/8/2023."]);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].issued_date, date(2023, 8, 8));
        assert_eq!(r[0].mentions, 2);
        assert_eq!(r[0].line, 1);
    }

    #[test]
    fn issued_verb_before_date() {
        let r = refs(&["Quyết định số 71/QĐ-UBND ban hành ngày 04/4/2024 quy định rõ."]);
        assert_eq!(r[0].issued_date, date(2024, 4, 4));
    }

    // --- issuers -------------------------------------------------------------------------------

    #[test]
    fn issuer_trimmed_of_subject() {
        let r = refs(&["Căn cứ Quyết định số 512/QĐ-BNN-KH ngày 02/3/2023 của Bộ trưởng Bộ Nông nghiệp và PTNT về việc phê duyệt đề án;"]);
        assert_eq!(r[0].issuer.as_deref(), Some("Bộ trưởng Bộ Nông nghiệp và PTNT"));
        assert_eq!(r[0].text, "Quyết định số 512/QĐ-BNN-KH ngày 02/3/2023 của Bộ trưởng Bộ Nông nghiệp và PTNT");
    }

    #[test]
    fn issuer_stops_before_next_reference() {
        let r = refs(&[
            "Thực hiện Nghị quyết số 07-NQ/TU ngày 01/7/2021 của Tỉnh ủy và Nghị quyết số 31/NQ-HĐND ngày 09/12/2021 của Hội đồng nhân dân tỉnh;",
        ]);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].issuer.as_deref(), Some("Tỉnh ủy"));
        assert_eq!(r[1].issuer.as_deref(), Some("Hội đồng nhân dân tỉnh"));
        assert_eq!(r[1].issued_date, date(2021, 12, 9));
    }

    #[test]
    fn issuer_stops_at_comma_and_verbs() {
        let r = refs(&[
            "Chỉ thị số 30-CT/TU của Ban Thường vụ Tỉnh ủy, khóa X về thi đua",
            "Thông báo số 77/TB-VPCP ngày 02/5/2024 của Văn phòng Chính phủ kết luận của Thủ tướng",
        ]);
        assert_eq!(r[0].issuer.as_deref(), Some("Ban Thường vụ Tỉnh ủy"));
        assert_eq!(r[1].issuer.as_deref(), Some("Văn phòng Chính phủ"));
    }

    #[test]
    fn issuer_stops_at_lower_case_subject_verb() {
        let r = refs(&[
            "Theo Chương trình số 5-CTr/TU ngày 02/3/2021 của Ban Thường vụ Tỉnh ủy phát triển du lịch; Nghị định số 7/2020/NĐ-CP của Chính phủ tạo điều kiện thuận lợi; Quyết định số 9/QĐ-BNN của Bộ Nông nghiệp và Phát triển nông thôn về giống",
        ]);
        let issuers: Vec<Option<&str>> = r.iter().map(|r| r.issuer.as_deref()).collect();
        assert_eq!(issuers, [Some("Ban Thường vụ Tỉnh ủy"), Some("Chính phủ"), Some("Bộ Nông nghiệp và Phát triển nông thôn")]);
    }

    #[test]
    fn no_issuer_without_cua() {
        let r = refs(&["Theo Quyết định số 3/QĐ-UBND ngày 05/01/2022 về kiện toàn."]);
        assert_eq!(r[0].issuer, None);
    }

    // --- aliases and short mentions -------------------------------------------------------------

    #[test]
    fn alias_and_short_mentions() {
        let r = refs(&[
            "Thực hiện Nghị quyết số 12-NQ/TU ngày 20/5/2021 của Tỉnh ủy về phát triển du lịch (gọi tắt là Nghị quyết số 12), UBND tỉnh ban hành Kế hoạch.",
            "1. Kết quả thực hiện Nghị quyết số 12",
            "Tiếp tục thực hiện Nghị quyết 12 của Tỉnh ủy.",
        ]);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].alias.as_deref(), Some("Nghị quyết số 12"));
        assert_eq!(r[0].mentions, 3);
        assert_eq!(r[0].issued_date, date(2021, 5, 20));
    }

    #[test]
    fn alias_with_full_symbol() {
        let r = refs(&[
            "Quyết định số 840/QĐ-TTg ngày 01/7/2023 của Thủ tướng Chính phủ phê duyệt chiến lược (sau đây gọi là Quyết định số 840/QĐ-TTg); Quyết định số 3/QĐ-TTg.",
        ]);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].alias.as_deref(), Some("Quyết định số 840/QĐ-TTg"));
        assert_eq!(r[0].mentions, 2);
    }

    #[test]
    fn alias_without_number_is_ignored() {
        let r = refs(&["Thực hiện Thông báo số 15/TB-VPCP ngày 01/02/2024, UBND ban hành Kế hoạch (gọi tắt là Kế hoạch thi đua)."]);
        assert_eq!(r[0].alias, None);
    }

    #[test]
    fn short_mention_needs_matching_type_and_number() {
        let r = refs(&["Căn cứ Kết luận số 88-KL/TU ngày 02/02/2022.", "Thực hiện Kết luận số 89 và Nghị quyết số 88; Đề án 06."]);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].mentions, 1);
    }

    #[test]
    fn short_mention_before_reference_does_not_count() {
        let r = refs(&["Kết luận số 5 là cơ sở.", "Căn cứ Kết luận số 5-KL/TU."]);
        assert_eq!(r[0].mentions, 1);
        assert_eq!(r[0].line, 2);
    }

    // --- lists ---------------------------------------------------------------------------------

    #[test]
    fn list_with_repeated_type_word() {
        assert_eq!(
            pairs(&["Quy định số 11-QĐ/TW và Quy định số 12-QĐ/TW của Bộ Chính trị"]),
            [pair("Quy định", "11-QĐ/TW"), pair("Quy định", "12-QĐ/TW")]
        );
    }

    #[test]
    fn list_sharing_one_type_word() {
        assert_eq!(
            pairs(&["Quy định số 11-QĐ/TW và 12-QĐ/TW của Bộ Chính trị"]),
            [pair("Quy định", "11-QĐ/TW"), pair("Quy định", "12-QĐ/TW")]
        );
        assert_eq!(pairs(&["Công văn số 7/UBND-VX, 8/UBND-VX của tỉnh"]), [pair("Công văn", "7/UBND-VX"), pair("Công văn", "8/UBND-VX")]);
    }

    #[test]
    fn colon_list_with_dates() {
        let r = refs(&[
            "đã phê duyệt tại các Quyết định: số 10/QĐ-TTg ngày 02/01/2023 về quy hoạch vùng; số 20/QĐ-TTg ngày 03/02/2023 về quy hoạch tỉnh và số 30/QĐ-TTg ngày 04/3/2023 về điều chỉnh.",
        ]);
        let got: Vec<(String, Option<Date>)> = r.iter().map(|r| (r.number.clone(), r.issued_date)).collect();
        assert_eq!(
            got,
            [
                ("10/QĐ-TTg".to_string(), date(2023, 1, 2)),
                ("20/QĐ-TTg".to_string(), date(2023, 2, 3)),
                ("30/QĐ-TTg".to_string(), date(2023, 3, 4)),
            ]
        );
        assert!(r.iter().all(|r| r.doc_type == "Quyết định"));
    }

    #[test]
    fn distinct_documents_with_same_leading_number() {
        assert_eq!(
            pairs(&["Nghị quyết số 04-NQ/TU, Nghị quyết số 04/2021/NQ-HĐND và Kế hoạch số 04/KH-UBND"]),
            [pair("Nghị quyết", "04-NQ/TU"), pair("Nghị quyết", "04/2021/NQ-HĐND"), pair("Kế hoạch", "04/KH-UBND"),]
        );
    }

    // --- no-number phrases and blanks ------------------------------------------------------------

    #[test]
    fn phrases_without_numbers_are_not_listed() {
        assert!(pairs(&["Luật Viễn thông; Đề án 06; Kế hoạch này; Chương trình mục tiêu quốc gia"]).is_empty());
    }

    #[test]
    fn blank_symbol_is_not_a_reference() {
        assert!(pairs(&["(Kèm theo Kế hoạch số: /KH-UBND ngày / /2025 của UBND)"]).is_empty());
    }

    // --- tables --------------------------------------------------------------------------------

    #[test]
    fn tab_is_a_boundary() {
        let r = refs(&["1\tTheo Kế hoạch số 5/KH-UBND\t15/3/2024\tSở Tài chính"]);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].issued_date, None);
        assert_eq!(r[0].text, "Kế hoạch số 5/KH-UBND");
    }

    #[test]
    fn mentions_in_several_cells_and_lines() {
        let r = refs(&["1\tTheo Kế hoạch số 5/KH-UBND ngày 01/3/2024\tSở A\tTheo Kế hoạch số 5/KH-UBND", "2\tKế hoạch số 5/KH-UBND"]);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].mentions, 3);
    }

    // --- helpers -------------------------------------------------------------------------------

    #[test]
    fn parse_reference_self_number_forms() {
        assert_eq!(parse_reference("Số: 18 /KH-BCĐ"), Some((Some("Kế hoạch".to_string()), "18/KH-BCĐ".to_string(), None)));
        assert_eq!(parse_reference("Số 201-KL/TU"), Some((Some("Kết luận".to_string()), "201-KL/TU".to_string(), None)));
        assert_eq!(
            parse_reference("(Kèm theo Kế hoạch số 64/KH-UBND ngày 12 tháng 9 năm 2023 của Ủy ban nhân dân tỉnh Long An)"),
            Some((Some("Kế hoạch".to_string()), "64/KH-UBND".to_string(), date(2023, 9, 12)))
        );
        assert_eq!(parse_reference("Số: 412/UBND-VX"), Some((None, "412/UBND-VX".to_string(), None)));
        assert_eq!(parse_reference("Số: /KH-UBND"), None);
        assert_eq!(parse_reference(""), None);
    }

    #[test]
    fn ref_numbers_in_task_text() {
        assert_eq!(
            ref_numbers_in("Triển khai Kế hoạch số 5/KH-UBND và Quyết định số 9/2024/QĐ-UBND; lại Kế hoạch số 5 /KH-UBND"),
            ["5/KH-UBND", "9/2024/QĐ-UBND"]
        );
        assert!(ref_numbers_in("không có văn bản nào").is_empty());
    }

    #[test]
    fn normalize_number_removes_whitespace() {
        assert_eq!(normalize_number("22 /KH-BCĐ"), "22/KH-BCĐ");
        assert_eq!(normalize_number("09/2020/TT- BKHĐT"), "09/2020/TT-BKHĐT");
        assert_eq!(normalize_number(""), "");
    }

    #[test]
    fn order_of_first_mention_and_lines() {
        let r = refs(&[
            "Không có gì.",
            "Căn cứ Nghị quyết số 3/NQ-CP; Quyết định số 7/QĐ-TTg.",
            "Theo Nghị quyết số 3/NQ-CP và Chỉ thị số 1/CT-TTg.",
        ]);
        let got: Vec<(&str, usize, usize)> = r.iter().map(|r| (r.number.as_str(), r.line, r.mentions)).collect();
        assert_eq!(got, [("3/NQ-CP", 2, 2), ("7/QĐ-TTg", 2, 1), ("1/CT-TTg", 3, 1)]);
    }

    // --- totality ------------------------------------------------------------------------------

    #[test]
    fn no_panic_on_odd_input() {
        for text in [
            "",
            "số /",
            "số /KH-",
            "///---",
            "Kế hoạch số: / /",
            "12/",
            "12-",
            "12/ -",
            "Quyết định số 1/QĐ-",
            "(gọi tắt là",
            "(gọi tắt là Kế hoạch số 1)",
            "của",
            "Kế hoạch số 1/KH-UBND của",
            "Kế hoạch số 1/KH-UBND ngày",
            "\t\t\t",
            "Đ/Đ-Đ 9/Đ-Đ 9-Đ/Đ",
            "ỦY BAN 1/ĐA-Ủ",
        ] {
            let _ = refs(&[text]);
            let _ = ref_numbers_in(text);
            let _ = parse_reference(text);
        }
    }

    #[test]
    fn numbers_scan_types_citations_as_the_full_scan() {
        let shape = |want| -> Vec<(String, Option<&'static str>, bool)> {
            let mut out = Vec::new();
            for text in [
                "Căn cứ Quyết định số 12/QĐ-UBND ngày 01/02/2023 của Ủy ban nhân dân tỉnh, Kế hoạch số 5/KH-UBND",
                "các Quyết định: số 1/QĐ-TTg, 2/QĐ-TTg và số 3/2020/NĐ-CP; Thông tư 07/2019/TT-BGDĐT",
                "Nghị quyết số 26-NQ/TW ngày 5/8/2008; văn bản số 15/ABC; Kế hoạch 7/XYZ (gọi tắt là Kế hoạch 7)",
                "ngày 5/12/2020 số 5/12/2020/TT-BYT",
            ] {
                out.extend(scan_cell_for(text, want).citations.into_iter().map(|c| (c.number, c.doc_type, c.strong_shape)));
            }
            out
        };
        let numbers = shape(Want::Numbers);
        assert_eq!(numbers.len(), 9, "{numbers:?}");
        assert_eq!(numbers, shape(Want::CitationsAndMentions));
    }

    #[test]
    fn long_lines_stay_linear() {
        let unit = "Căn cứ Quyết định số 12/QĐ-UBND ngày 01/02/2023 của Ủy ban nhân dân tỉnh về việc; ";
        let long = unit.repeat(20_000);
        let r = refs(&[&long]);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].mentions, 20_000);
        let slashes = "/-/ 1/ 2- số ".repeat(50_000);
        assert!(refs(&[&slashes]).is_empty());
        let words = "Kế hoạch số ".repeat(50_000);
        assert!(refs(&[&words]).is_empty());
    }
}
