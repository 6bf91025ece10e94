//! Agency recognition: canonical agency names from table cells, field values, headings and
//! body prose (SPEC §5.2, §5.5, §5.6 "Body partners", "Titles are not agencies").
//!
//! In: normalized text (NFC, traditional tone placement, markup removed): a lead/partner cell,
//! a labelled field value, a section heading or a paragraph of the execution section.
//! Out: canonical agency names in written order without duplicates, and a coarse
//! classification (kind, level) of one name.
//!
//! What happens, in order: parenthetical notes are dropped; abbreviations are expanded
//! (`crate::lexicon::ABBREVIATIONS`); pieces of official names are respelled and protected
//! from splitting (`NAME_FRAGMENTS`); the list is split at `;`, at `,`/`/` before a new name,
//! at `và` before a head word and between two names run together; collectives (`Các sở, ban,
//! ngành`, `Ủy ban nhân dân các huyện, thị xã`) stay one agency; enumerations of administrative
//! units (`UBND 06 huyện: A, B`, `UBND các huyện, TP X`) are distributed; each name is then
//! repaired (OCR slips, official department names by edit distance) and capitalised.
//!
//! What it does not do: decide which paragraphs are tasks, read table layouts, or know any
//! province or district name — place names are always read from the text. All functions are
//! total: they never panic and run in time linear in the input (each word is compared with a
//! bounded number of lexicon rows).

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use crate::lexicon::{
    ABBREVIATIONS, ADMINISTRATIVE_UNITS, CONDITIONAL_WORDS, DIRECTIVE_NOUN_MARKERS, DIRECTIVE_WORDS, HEAD_WORDS, KIND_NOUNS, KIND_PATTERNS,
    LEVEL_WORDS, LEVEL_WORD_TYPOS, NAME_FRAGMENTS, NAME_QUALIFIERS, NON_COLLECTIVE_HEADS, NON_PARTNER_VERBS, OFFICIAL_DEPARTMENT_NAMES,
    ORGANIZATION_MODIFIERS, PARTNER_ADVERBS, PARTNER_SHARING_VERBS, PHRASE_ENDING_WORDS, REPEATABLE_HEADS, STANDALONE_HEADS, TITLE_WORDS,
    TRAILING_NOTE_STARTS,
};
use crate::text::lowercase;

/// Longest input (in bytes) a single agency name may have before it is cut: names are short,
/// and the cap bounds the cost of the per-name repairs on pathological cells.
const MAX_NAME_BYTES: usize = 600;

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

// The same agency phrases recur in every row and document (`Sở Nông nghiệp và PTNT`), and
// every function here is pure: results are memoized per thread. A cache is cleared when it
// reaches `CACHE_LIMIT` entries, so memory stays bounded whatever the batch.
const CACHE_LIMIT: usize = 20_000;

type Cache<T> = std::thread::LocalKey<std::cell::RefCell<HashMap<String, T>>>;

thread_local! {
    static SPLIT_CACHE: std::cell::RefCell<HashMap<String, Vec<String>>> = std::cell::RefCell::new(HashMap::new());
    static CANONICAL_CACHE: std::cell::RefCell<HashMap<String, String>> = std::cell::RefCell::new(HashMap::new());
    static HEADING_CACHE: std::cell::RefCell<HashMap<String, bool>> = std::cell::RefCell::new(HashMap::new());
    static OFFICIAL_CACHE: std::cell::RefCell<HashMap<String, bool>> = std::cell::RefCell::new(HashMap::new());
    static CLASSIFY_CACHE: std::cell::RefCell<HashMap<String, (&'static str, Option<&'static str>)>> =
        std::cell::RefCell::new(HashMap::new());
}

fn memoized<T: Clone>(cache: &'static Cache<T>, key: &str, compute: fn(&str) -> T) -> T {
    if key.len() > MAX_NAME_BYTES {
        return compute(key);
    }
    if let Some(hit) = cache.with(|c| c.borrow().get(key).cloned()) {
        return hit;
    }
    let value = compute(key);
    cache.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_LIMIT {
            c.clear();
        }
        c.insert(key.to_string(), value.clone());
    });
    value
}

/// A table cell or a labelled field value
/// (`Sở Nông nghiệp và PTNT; UBND 06 huyện: Càng Long, Cầu Kè và Cầu Ngang`)
/// -> canonical agency names in written order, duplicates removed. Empty/blank -> [].
pub fn split_agencies(cell: &str) -> Vec<String> {
    memoized(&SPLIT_CACHE, cell, split_agencies_uncached)
}

fn split_agencies_uncached(cell: &str) -> Vec<String> {
    let prepared = prepare_list_text(cell);
    let mut names = Vec::new();
    for segment in prepared.split(';') {
        names.extend(agencies_in_segment(segment));
    }
    let canonical: Vec<String> = names.iter().map(|name| canonical_agency(name)).filter(|name| is_plausible_name(name)).collect();
    dedupe_case_insensitive(canonical)
}

/// One agency mention -> its canonical name (abbreviations expanded, typos repaired against the
/// lexicon by edit distance on the de-accented form, capitalisation of the official name,
/// trailing verbs/notes and leading "Giao"/"Đề nghị" removed).
pub fn canonical_agency(name: &str) -> String {
    memoized(&CANONICAL_CACHE, name, canonical_agency_uncached)
}

fn canonical_agency_uncached(name: &str) -> String {
    let mut text: String = name.nfc().collect();
    text = text.replace(['\u{a0}', '\t', '\n', '\r'], " ");
    text = strip_parentheticals(&text);
    if text.len() > MAX_NAME_BYTES {
        let mut cut = MAX_NAME_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    text = expand_abbreviations(&text);
    text = collapse_spaces(&text);
    text = strip_leading_noise(&text);
    text = cut_trailing_notes(&text);
    text = respell_fragments(&text);
    text = repair_head_word(&text);
    text = repair_trailing_province_word(&text);
    text = repair_official_department(&text);
    text = text.replace('/', ", ");
    text = capitalise_place_names(&text);
    text = tidy_punctuation(&text);
    capitalise_first(&text)
}

/// True when a heading names agencies (body subsection `1. Sở Tài chính`, `Công an tỉnh, Bộ Chỉ
/// huy Quân sự tỉnh`, `Đề nghị các tổ chức cung cấp dịch vụ chi trả`, `Các sở, ban, ngành tỉnh
/// khác`) rather than a topic (`Mục tiêu`, `Hoàn thiện thể chế`, `Kinh phí thực hiện`).
pub fn is_agency_heading(heading: &str) -> bool {
    memoized(&HEADING_CACHE, heading, is_agency_heading_uncached)
}

fn is_agency_heading_uncached(heading: &str) -> bool {
    let cleaned = clean_heading(heading);
    if cleaned.is_empty() {
        return false;
    }
    if is_shouted(&cleaned) {
        return shouted_heading_is_agency(&cleaned);
    }
    let expanded = expand_abbreviations(&cleaned);
    let tokens = tokenize(&expanded);
    if tokens.is_empty() {
        return false;
    }
    heading_starts_with_agency(&tokens)
}

/// The agencies a heading names (after dropping `Đề nghị`, titles, trailing colon). A heading
/// that runs on into a sentence (`Sở Tài chính chủ trì, phối hợp ...`) gives its subject.
pub fn heading_agencies(heading: &str) -> Vec<String> {
    if !is_agency_heading(heading) {
        return Vec::new();
    }
    let cleaned = sentence_case_if_shouted(&clean_heading(heading));
    let tokens = tokenize(&cleaned);
    let end = agency_phrase_end(&tokens, 0);
    split_agencies(&span_text(&cleaned, &tokens, 0, end))
}

/// Partners in body prose: the objects of `phối hợp với X`, `chủ trì, phối hợp với X`,
/// `phối hợp X` anywhere in the text, in written order, no duplicates. Objects of `chỉ đạo`,
/// `hỗ trợ`, `hướng dẫn`, `tham mưu`, `đôn đốc`, `báo cáo`, `gửi về`, `trình`, `sự thống nhất
/// với`, `liên kết với` are not partners; `phối hợp, hướng dẫn X` gives none; `phối hợp để ...`
/// gives none.
pub fn partners_in_text(text: &str) -> Vec<String> {
    let nfc = crate::text::is_nfc(text);
    if nfc && !mentions_phoi_hop(text) {
        return Vec::new();
    }
    let normalized = normalize_prose_known(text, nfc);
    partners_in_tokens(&normalized, &tokenize(&normalized))
}

/// Whether NFC `text` holds the words `phối hợp` in any case, separated by whitespace: every
/// partner follows them, so text without them names none.
fn mentions_phoi_hop(text: &str) -> bool {
    text.match_indices(['ợ', 'Ợ']).any(|(at, _)| {
        // `phối`, whitespace, `h`, then the `ợ` at `at`.
        let Some(before_h) = text[..at].strip_suffix(['h', 'H']) else {
            return false;
        };
        let word_end = before_h.trim_end();
        let mut reversed = word_end.chars().rev();
        word_end.len() < before_h.len()
            && reversed.by_ref().take(4).flat_map(char::to_lowercase).eq("phối".chars().rev())
            && reversed.next().is_none_or(|c| !is_word_piece(c))
    })
}

/// [`partners_in_text`] of a text already read by [`normalize_prose`] and [`tokenize`].
fn partners_in_tokens(normalized: &str, tokens: &[Token]) -> Vec<String> {
    let mut partners = Vec::new();
    let mut index = 0;
    while index + 1 < tokens.len() {
        if tokens[index].lower == "phối" && tokens[index + 1].lower == "hợp" {
            if let Some(object_start) = partner_object_start(tokens, index + 2) {
                let object_end = agency_phrase_end(tokens, object_start);
                if object_end > object_start {
                    let span = span_text(normalized, tokens, object_start, object_end);
                    partners.extend(split_agencies(&span));
                }
            }
            index += 2;
        } else {
            index += 1;
        }
    }
    dedupe_case_insensitive(partners)
}

/// Agencies that are the grammatical subject/addressee of a paragraph of the execution
/// section: `Giao Sở X chủ trì, phối hợp với Y ...` -> (lead [X], partners [Y]); `Thủ trưởng
/// các sở ... và Chủ tịch UBND các huyện ... chủ động ...` -> the bodies; `Đề nghị A và B quan
/// tâm ...` -> [A, B]; `UBND Thành phố yêu cầu A, B ... triển khai` -> [A, B]. None when the
/// paragraph names no agency as subject or addressee (`Trên đây là ...`, or a request that is
/// only conditional: `Trong quá trình thực hiện, nếu có khó khăn ... đề nghị ...`).
pub fn assignment_in_paragraph(text: &str) -> Option<(Vec<String>, Vec<String>)> {
    let unmarked = strip_list_marker(text);
    let normalized = normalize_prose(&unmarked);
    let tokens = tokenize(&normalized);
    for (start, end) in sentence_ranges(&tokens) {
        let leads = leads_in_sentence(&normalized, &tokens, start, end);
        if !leads.is_empty() {
            return Some((leads, partners_in_tokens(&normalized, &tokens)));
        }
    }
    None
}

/// kind: `people_committee` | `council` | `department` | `ministry` | `party` | `front` |
/// `association` | `bank` | `police` | `military` | `office` | `board` | `center` | `media` |
/// `enterprise` | `collective` | `other`; level: `central` | `province` | `district` |
/// `commune`, or None when the name does not say.
pub fn classify_agency(name: &str) -> (&'static str, Option<&'static str>) {
    memoized(&CLASSIFY_CACHE, name, classify_agency_uncached)
}

fn classify_agency_uncached(name: &str) -> (&'static str, Option<&'static str>) {
    let canonical = canonical_agency(name);
    (agency_kind(&canonical), agency_level(&canonical))
}

// ---------------------------------------------------------------------------------------------
// Text utilities
// ---------------------------------------------------------------------------------------------

/// Lower case without tone marks and with `đ` -> `d`: the form names are compared in.
fn deaccent(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        deaccent_char(c, |d| out.push(d));
    }
    out
}

/// The de-accented form of one character (none for a combining diacritic, several for a few
/// letters whose lower case is longer), given to `emit`.
fn deaccent_char(c: char, mut emit: impl FnMut(char)) {
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
    } else {
        match base_letter(c) {
            Some(b) => emit(b),
            None if ('\u{300}'..='\u{36f}').contains(&c) => {}
            None => c.to_lowercase().for_each(emit),
        }
    }
}

/// The first character of `deaccent(text)`, without building it.
fn first_deaccented(text: &str) -> Option<char> {
    for c in text.chars() {
        let mut first = None;
        deaccent_char(c, |d| {
            first.get_or_insert(d);
        });
        if first.is_some() {
            return first;
        }
    }
    None
}

/// The lower-case base letter of a Latin letter with diacritics (`ế` → `e`, `Đ` → `d`), from a
/// table built once from the canonical decompositions of U+00C0..U+024F and U+1E00..U+1EFF.
fn base_letter(c: char) -> Option<char> {
    const RANGES: [(u32, u32); 2] = [(0xC0, 0x24F), (0x1E00, 0x1EFF)];
    static TABLES: OnceLock<[Vec<u8>; 2]> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        RANGES.map(|(first, last)| {
            (first..=last)
                .map(|code| {
                    let ch = char::from_u32(code).unwrap_or(' ');
                    match ch {
                        'đ' | 'Đ' => b'd',
                        _ => std::iter::once(ch).nfd().next().filter(char::is_ascii_alphabetic).map_or(0, |b| b.to_ascii_lowercase() as u8),
                    }
                })
                .collect()
        })
    });
    let code = c as u32;
    RANGES.iter().zip(tables).find(|((first, last), _)| (*first..=*last).contains(&code)).and_then(|((first, _), table)| {
        let base = table[(code - first) as usize];
        (base != 0).then_some(base as char)
    })
}

/// The comparison key of a phrase: de-accented, lower case, punctuation dropped, one space.
fn comparison_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        deaccent_char(c, |d| {
            if !d.is_alphanumeric() {
                gap = true;
                return;
            }
            if gap && !key.is_empty() {
                key.push(' ');
            }
            gap = false;
            key.push(d);
        });
    }
    key
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_uppercase())
}

/// An abbreviation-like word: two or more letters, all upper case (`UBND`, `HTX`).
fn is_all_caps(word: &str) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let mut count = 0;
    letters.all(|c| {
        count += 1;
        c.is_uppercase()
    }) && count >= 2
}

fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Levenshtein distance over chars, or `limit + 1` as soon as it must exceed `limit`.
fn edit_distance_within(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        let mut row_min = current[0];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            row_min = row_min.min(current[j + 1]);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()].min(limit + 1)
}

fn dedupe_case_insensitive(names: Vec<String>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for name in names {
        let key = collapse_spaces(&lowercase(&name));
        if key.is_empty() || seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.push(name);
    }
    out
}

/// Drops `( ... )` and `[ ... ]` notes. An unclosed `(` drops text up to the next `;` or line
/// end; a stray `)` is dropped.
fn strip_parentheticals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            ';' | '\n' if depth > 0 => {
                depth = 0;
                out.push(c);
            }
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The text of a list: NFC, line breaks as `;`, notes dropped, abbreviations expanded.
fn prepare_list_text(cell: &str) -> String {
    let nfc: String = cell.nfc().collect();
    let flattened = nfc.replace('\u{a0}', " ").replace(['\r', '\n'], ";");
    let without_notes = strip_parentheticals(&flattened);
    collapse_spaces(&expand_abbreviations(&without_notes))
}

/// Running text: NFC, one line, notes kept (they are skipped while reading phrases).
fn normalize_prose(text: &str) -> Cow<'_, str> {
    normalize_prose_known(text, crate::text::is_nfc(text))
}

/// [`normalize_prose`] of a text whose NFC check is already known.
fn normalize_prose_known(text: &str, nfc: bool) -> Cow<'_, str> {
    if nfc && crate::text::is_single_spaced(text) {
        return Cow::Borrowed(text);
    }
    let nfc: String = text.nfc().collect();
    Cow::Owned(collapse_spaces(&nfc.replace('\u{a0}', " ")))
}

/// Expands the abbreviations of `ABBREVIATIONS` (whole words; OCR variants such as `UBNĐ`
/// found through the de-accented form).
fn expand_abbreviations(text: &str) -> String {
    static MULTI_WORD: OnceLock<Vec<(&'static str, Regex, &'static str)>> = OnceLock::new();
    let multi_word = MULTI_WORD.get_or_init(|| {
        ABBREVIATIONS
            .iter()
            .filter(|(short, _)| short.contains(' '))
            .filter_map(|(short, long)| Regex::new(&format!(r"\b{}\b", regex::escape(short))).ok().map(|re| (*short, re, *long)))
            .collect()
    });
    let mut text = text.to_string();
    for (short, re, long) in multi_word {
        if text.contains(short) && re.is_match(&text) {
            text = re.replace_all(&text, *long).into_owned();
        }
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut last = 0;
    for (start, end) in token_spans(&text).filter(|span| span.2).map(|(start, end, _)| (start, end)) {
        let word = &text[start..end];
        out.push_str(&text[last..start]);
        // Abbreviations are written in capitals: a word without one is kept as it is.
        if word.chars().any(char::is_uppercase) {
            out.push_str(&expand_word(word));
        } else {
            out.push_str(word);
        }
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

fn expand_word(word: &str) -> String {
    if let Some(long) = abbreviation_for(word) {
        return long.to_string();
    }
    if word.contains('-') {
        let parts: Vec<String> =
            word.split('-').map(|part| abbreviation_for(part).map_or_else(|| part.to_string(), str::to_string)).collect();
        return parts.join("-");
    }
    word.to_string()
}

fn abbreviation_for(word: &str) -> Option<&'static str> {
    if !is_all_caps(word) {
        return None;
    }
    if let Some((_, long)) = ABBREVIATIONS.iter().find(|(short, _)| *short == word) {
        return Some(long);
    }
    let key = deaccent(word);
    ABBREVIATIONS.iter().find(|(short, _)| !short.contains(' ') && deaccent(short) == key).map(|(_, long)| *long)
}

// ---------------------------------------------------------------------------------------------
// Tokens of running text
// ---------------------------------------------------------------------------------------------

/// A word or a punctuation mark with its byte span in the text it was read from. The text is
/// borrowed; the lower-case and key forms are too when they equal it (most words).
#[derive(Debug, Clone)]
struct Token<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    lower: Cow<'a, str>,
    /// De-accented lower-case form (see [`Token::key`]), computed when first asked for: most
    /// tokens are never compared that way.
    key: OnceCell<Cow<'a, str>>,
    is_word: bool,
}

impl Token<'_> {
    /// The de-accented lower-case form (see [`comparison_key`]); empty for punctuation.
    fn key(&self) -> &str {
        self.key.get_or_init(|| {
            if !self.is_word {
                Cow::Borrowed("")
            } else if self.text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
                // Lower-case ASCII letters and digits are their own key.
                Cow::Borrowed(self.text)
            } else {
                Cow::Owned(comparison_key(self.text))
            }
        })
    }
}

/// Words (`[\p{L}\p{M}\p{N}&]+` runs, joined by single `-` or `.`: `Sở`, `HĐND`, `Bà-Rịa`,
/// `v.v`) and single punctuation marks, whitespace skipped.
fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::with_capacity(text.len() / 4);
    for (start, end, _) in token_spans(text) {
        let token_text = &text[start..end];
        let is_word = token_text.chars().any(|c| c.is_alphanumeric());
        let lower: Cow<'_, str> = if token_text.chars().all(|c| if c.is_ascii() { !c.is_ascii_uppercase() } else { c.is_lowercase() }) {
            // Lower case already (most words): nothing to map.
            Cow::Borrowed(token_text)
        } else if token_text.is_ascii() {
            Cow::Owned(token_text.to_ascii_lowercase())
        } else {
            Cow::Owned(lowercase(token_text))
        };
        tokens.push(Token { start, end, text: token_text, lower, key: OnceCell::new(), is_word });
    }
    tokens
}

/// The spans of the tokens of `text` (see [`tokenize`]) as (start, end, is a word run).
fn token_spans(text: &str) -> impl Iterator<Item = (usize, usize, bool)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || loop {
        let (start, c) = chars.next()?;
        let mut end = start + c.len_utf8();
        if is_word_piece(c) {
            loop {
                while let Some(&(i, next)) = chars.peek() {
                    if !is_word_piece(next) {
                        break;
                    }
                    end = i + next.len_utf8();
                    chars.next();
                }
                // A `-` or `.` joins two runs only when a word character follows it.
                let joined = match text.get(end..).and_then(|rest| {
                    let mut rest = rest.chars();
                    Some((rest.next()?, rest.next()?))
                }) {
                    Some((joiner @ ('-' | '.'), after)) if is_word_piece(after) => {
                        chars.next();
                        chars.next();
                        end += joiner.len_utf8() + after.len_utf8();
                        true
                    }
                    _ => false,
                };
                if !joined {
                    break;
                }
            }
            return Some((start, end, true));
        }
        if !c.is_whitespace() {
            return Some((start, end, false));
        }
    })
}

/// A character of a word: a letter, mark or number (`\p{L}`, `\p{M}`, `\p{N}`), or `&`.
fn is_word_piece(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric() || c == '&',
        // Latin-1 letters except `×` and `÷`; Latin Extended-A/B; combining diacritics;
        // Latin Extended Additional (the Vietnamese letters): all letters or marks.
        0xC0..=0x24F => c != '×' && c != '÷',
        0x300..=0x36F | 0x1E00..=0x1EFF => true,
        // General Punctuation (dashes, quotes, spaces): none.
        0x2000..=0x206F => false,
        _ => {
            static CLASS: OnceLock<Regex> = OnceLock::new();
            let class = CLASS.get_or_init(|| Regex::new(r"\A[\p{L}\p{M}\p{N}]\z").expect("valid word class regex"));
            class.is_match(c.encode_utf8(&mut [0; 4]))
        }
    }
}

fn span_text(text: &str, tokens: &[Token], start: usize, end: usize) -> String {
    match (tokens.get(start), end.checked_sub(1).and_then(|last| tokens.get(last))) {
        (Some(first), Some(last)) if first.start <= last.end => text.get(first.start..last.end).unwrap_or_default().to_string(),
        _ => String::new(),
    }
}

/// How many tokens from `index` spell `phrase` (words compared in lower case); 0 if not.
/// Like [`phrase_len_at`], comparing de-accented forms.
fn key_phrase_len_at(tokens: &[Token], index: usize, phrase: &str) -> usize {
    // Most rows differ from the token in their first letter: rejected without de-accenting.
    if tokens.get(index).is_none_or(|token| token.key().chars().next() != first_deaccented(phrase.split(' ').next().unwrap_or(""))) {
        return 0;
    }
    let mut count = 0;
    for (offset, word) in phrase.split(' ').enumerate() {
        match tokens.get(index + offset) {
            Some(token) if token.key() == deaccent(word) => count += 1,
            _ => return 0,
        }
    }
    count
}

fn phrase_len_at(tokens: &[Token], index: usize, phrase: &str) -> usize {
    // Most rows differ from the token in their first letter: rejected at once.
    let first_lower = phrase.chars().next().and_then(|c| c.to_lowercase().next());
    if tokens.get(index).is_none_or(|token| token.lower.chars().next() != first_lower) {
        return 0;
    }
    let mut count = 0;
    for (offset, word) in phrase.split(' ').enumerate() {
        match tokens.get(index + offset) {
            Some(token) if token.lower.chars().eq(word.chars().flat_map(char::to_lowercase)) => count += 1,
            _ => return 0,
        }
    }
    count
}

/// A lexicon table indexed by its first word (lower case), for fast longest-match lookups.
struct PhraseSet {
    by_first_word: HashMap<String, Vec<Vec<String>>>,
}

impl PhraseSet {
    fn new(table: &[&str]) -> PhraseSet {
        let mut by_first_word: HashMap<String, Vec<Vec<String>>> = HashMap::new();
        for phrase in table {
            let words: Vec<String> = phrase.split(' ').map(lowercase).collect();
            if let Some(first) = words.first() {
                by_first_word.entry(first.clone()).or_default().push(words);
            }
        }
        PhraseSet { by_first_word }
    }

    /// Number of tokens of the longest row spelled from `index`; 0 if none.
    fn longest_at(&self, tokens: &[Token], index: usize) -> usize {
        let Some(first) = tokens.get(index) else {
            return 0;
        };
        let Some(candidates) = self.by_first_word.get(first.lower.as_ref()) else {
            return 0;
        };
        candidates
            .iter()
            .filter(|words| {
                words.iter().enumerate().all(|(offset, word)| tokens.get(index + offset).is_some_and(|token| token.lower == *word))
            })
            .map(Vec::len)
            .max()
            .unwrap_or(0)
    }
}

/// The [`PhraseSet`] of a lexicon table, built once per call site.
macro_rules! phrases {
    ($table:expr) => {{
        static SET: OnceLock<PhraseSet> = OnceLock::new();
        SET.get_or_init(|| PhraseSet::new($table))
    }};
}

/// Length of the head word at `index` when it is written with a capital and followed by a name
/// (or is a standalone head); 0 otherwise.
fn head_len_at(tokens: &[Token], index: usize) -> usize {
    let Some(first) = tokens.get(index) else {
        return 0;
    };
    if !first.is_word || !is_capitalised(first.text) {
        return 0;
    }
    for head in HEAD_WORDS {
        let mut len = phrase_len_at(tokens, index, head);
        if len == 0 && head.contains(' ') {
            // A multi-word head with a slipped tone mark (`Vãn phòng`, SPEC §5.2 rule 2): the
            // de-accented words must all agree, which one-word heads (`Sở`, `Ban`) cannot risk.
            len = key_phrase_len_at(tokens, index, head);
        }
        if len == 0 {
            continue;
        }
        if STANDALONE_HEADS.iter().any(|standalone| phrase_len_at(tokens, index, standalone) > 0) {
            return len;
        }
        if name_follows(tokens, index + len) {
            return len;
        }
    }
    0
}

/// A proper name or abbreviation follows (`Sở Tài chính`, `Liên hiệp các Hội ...`).
fn name_follows(tokens: &[Token], index: usize) -> bool {
    match tokens.get(index) {
        Some(next) if next.is_word && (is_capitalised(next.text) || is_all_caps(next.text)) => true,
        Some(next) if next.lower == "các" => tokens.get(index + 1).is_some_and(|after| after.is_word && is_capitalised(after.text)),
        _ => false,
    }
}

/// Length of a kind noun at `index` (case-insensitive); `tổ chức` only as a noun.
fn kind_len_at(tokens: &[Token], index: usize) -> usize {
    let len = phrases!(KIND_NOUNS).longest_at(tokens, index);
    if len == 2 && phrase_len_at(tokens, index, "tổ chức") == 2 {
        let after = index + len;
        let is_noun = after >= tokens.len()
            || phrases!(ORGANIZATION_MODIFIERS).longest_at(tokens, after) > 0
            || tokens[after].text == ";"
            || tokens[after].text == ".";
        return if is_noun { len } else { 0 };
    }
    len
}

/// Does an agency phrase begin at `index` in running text?
fn agency_starts_at(tokens: &[Token], index: usize) -> bool {
    let Some(token) = tokens.get(index) else {
        return false;
    };
    if !token.is_word {
        return false;
    }
    let title = phrases!(TITLE_WORDS).longest_at(tokens, index);
    if title > 0 {
        let after = index + title;
        if tokens.get(after).is_some_and(|t| t.lower == "các") || head_len_at(tokens, after) > 0 || fragment_at(tokens, after).is_some() {
            return true;
        }
    }
    if token.lower == "các" {
        return kind_len_at(tokens, index + 1) > 0;
    }
    if head_len_at(tokens, index) > 0 {
        return true;
    }
    if is_capitalised(token.text) && fragment_at(tokens, index).is_some() {
        return true;
    }
    if is_all_caps(token.text) && abbreviation_for(token.text).is_some() {
        return true;
    }
    kind_len_at(tokens, index) > 0
}

/// The fragment of `NAME_FRAGMENTS` that starts at `index` (longest), as (fragment, tokens
/// used). Stray `-` and `,` between the words are skipped.
fn fragment_at(tokens: &[Token], index: usize) -> Option<(&'static str, usize)> {
    let first = tokens.get(index)?;
    if !first.is_word {
        return None;
    }
    let first_key = first.key();
    let mut best: Option<(&'static str, usize)> = None;
    for fragment in fragment_keys() {
        if fragment.words.first().map(String::as_str) != Some(first_key) {
            continue;
        }
        if let Some(used) = match_words(tokens, index, &fragment.words) {
            let better = best.is_none_or(|(text, _)| fragment.text.len() > text.len());
            if better {
                best = Some((fragment.text, used));
            }
        }
    }
    best
}

struct FragmentKey {
    text: &'static str,
    words: Vec<String>,
}

fn fragment_keys() -> &'static [FragmentKey] {
    static KEYS: OnceLock<Vec<FragmentKey>> = OnceLock::new();
    KEYS.get_or_init(|| {
        NAME_FRAGMENTS
            .iter()
            .map(|text| FragmentKey { text, words: comparison_key(text).split(' ').map(str::to_string).collect() })
            .collect()
    })
}

/// Matches de-accented `words` at `index`, skipping `-`/`,` between words; tokens used.
fn match_words(tokens: &[Token], index: usize, words: &[String]) -> Option<usize> {
    let mut position = index;
    let may_skip_punctuation = words.len() >= 3;
    for (n, word) in words.iter().enumerate() {
        if n > 0 && may_skip_punctuation {
            while tokens.get(position).is_some_and(|t| t.text == "-" || t.text == "," || t.text == "–") {
                position += 1;
            }
        }
        let token = tokens.get(position)?;
        if !token.is_word || token.key() != word {
            return None;
        }
        position += 1;
    }
    Some(position - index)
}

/// Where the agency phrase that starts at `start` ends in running text: before the first
/// predicate verb, `:`/`.`, or a `;`/`,` not followed by another agency.
///
/// A name is *complete* once it ends in an official name piece (`Sở Nội vụ`), a level word
/// after its head (`Công an tỉnh`, `Liên minh Hợp tác xã thành phố`) or a place name after an
/// administrative unit (`Ủy ban nhân dân huyện Tân An`). After a complete name only a qualifier
/// (`có liên quan`), a level word or `và`/`hoặc` before another agency may follow; any other
/// lower-case word starts the predicate, even a verb missing from `PHRASE_ENDING_WORDS`
/// (`Phối hợp với Công an tỉnh khai thác dữ liệu` → `Công an tỉnh`).
fn agency_phrase_end(tokens: &[Token], start: usize) -> usize {
    let mut index = start;
    let mut end = start;
    let mut depth = 0usize;
    let mut guard = 0usize;
    let mut complete = false;
    let mut after_unit = false;
    let mut caps_run = 0usize;
    // Where the current agency of the list begins.
    let mut name_start = start;
    while index < tokens.len() {
        guard += 1;
        if guard > 4 * tokens.len() + 8 {
            break;
        }
        let token = &tokens[index];
        if depth > 0 {
            match token.text {
                "(" => depth += 1,
                ")" => depth -= 1,
                _ => {}
            }
            index += 1;
            continue;
        }
        match token.text {
            "(" | "[" => {
                depth = 1;
                index += 1;
                continue;
            }
            ":" if index > start && unit_ends_at(tokens, index) => {
                // `UBND các huyện: A, B và C` in prose: the place names belong to the phrase.
                let mut j = index + 1;
                while j < tokens.len()
                    && (tokens[j].text == "," || tokens[j].lower == "và" || tokens[j].is_word && is_capitalised(tokens[j].text))
                {
                    j += 1;
                }
                while j > index + 1 && !tokens[j - 1].is_word {
                    j -= 1;
                }
                if j > index + 1 {
                    index = j;
                    end = j;
                    complete = true;
                    continue;
                }
                break;
            }
            "." | ":" | "!" | "?" | "\"" | "“" | "”" => break,
            ";" => {
                if agency_starts_at(tokens, index + 1) {
                    index += 1;
                    complete = false;
                    after_unit = false;
                    caps_run = 0;
                    name_start = index;
                    continue;
                }
                break;
            }
            "," | "/" => {
                let next = index + 1;
                if starts_predicate(tokens, next) || !tokens.get(next).is_some_and(|t| t.is_word) {
                    break;
                }
                index += 1;
                complete = false;
                after_unit = false;
                caps_run = 0;
                name_start = index;
                continue;
            }
            _ => {}
        }
        if !token.is_word {
            index += 1;
            continue;
        }
        if complete && !is_capitalised(token.text) {
            let continues_list = (token.lower == "và" || token.lower == "hoặc")
                && (agency_starts_at(tokens, index + 1) || title_len_before_agency(tokens, index + 1) > 0);
            if continues_list {
                complete = false;
                after_unit = false;
                caps_run = 0;
                index += 1;
                end = index;
                name_start = index;
                continue;
            }
            let qualifier = phrases!(NAME_QUALIFIERS).longest_at(tokens, index);
            if qualifier > 0 {
                index += qualifier;
                end = index;
                continue;
            }
            // `Sở Y tế các tỉnh, thành phố`: a complete name taken over plural units.
            if token.lower == "các" && unit_len_at(tokens, index + 1) > 0 {
                complete = false;
                index += 1;
                end = index;
                continue;
            }

            if phrases!(LEVEL_WORDS).longest_at(tokens, index) == 0 && unit_len_at(tokens, index) == 0 {
                break;
            }
        }
        if let Some((_, used)) = fragment_at(tokens, index) {
            index += used;
            end = index;
            // An official department name is complete; other name pieces (`Văn phòng Điều
            // phối`, `Ủy ban nhân dân`) may go on.
            complete = is_official_department_exact(&tokens[name_start..index].iter().map(|t| t.text).collect::<Vec<_>>().join(" "));
            after_unit = false;
            continue;
        }
        // `Cục Khoa học công nghệ và Đào tạo`: a syllable after a capitalised word of the name
        // is part of that word, even when it could be a verb (`tạo`).
        let after_capitalised_word = index > name_start
            && tokens[index - 1].is_word
            && is_capitalised(tokens[index - 1].text)
            && head_len_at(tokens, index - 1) == 0
            && phrases!(LEVEL_WORDS).longest_at(tokens, index - 1) == 0
            && unit_len_at(tokens, index - 1) == 0
            && phrases!(PHRASE_ENDING_WORDS).longest_at(tokens, index) == 1;
        if index > start && starts_predicate(tokens, index) && !after_capitalised_word {
            break;
        }
        let previous_is_plural = index > 0 && tokens[index - 1].lower == "các";
        let unit = unit_len_at(tokens, index);
        let level = if unit == 0 && token.lower == "xã" { 0 } else { phrases!(LEVEL_WORDS).longest_at(tokens, index) };
        if index > start && (unit > 0 && !is_capitalised(token.text) || level > 0) {
            let used = unit.max(level);
            index += used;
            end = index;
            // `huyện Tân An`: a place name follows; `Công an tỉnh`: the level word ends the name;
            // `các huyện`, `cấp huyện`: a collective, which a verb list must end.
            let name_follows = tokens.get(index).is_some_and(|t| t.is_word && is_capitalised(t.text));
            after_unit = name_follows && !previous_is_plural;
            complete = !name_follows && !previous_is_plural && !token.lower.starts_with("cấp");
            continue;
        }
        if after_unit && is_capitalised(token.text) {
            index += 1;
            end = index;
            complete = true;
            continue;
        }
        let kind = if token.lower == "các" { 0 } else { kind_len_at(tokens, index) };
        // Two capitalised syllables after the head are a proper name (`Báo Bình Khê`), written
        // after the function part of a name; a function part capitalises only its first word
        // (`Trung tâm Kiểm soát bệnh tật`).
        caps_run = if index > name_start && is_capitalised(token.text) && head_len_at(tokens, index) == 0 { caps_run + 1 } else { 0 };
        index += kind.max(1);
        end = index;
        if caps_run >= 2 || is_level_word_typo(token, tokens.get(index)) {
            complete = true;
        } else if index - name_start <= 10 && token.is_word && !is_capitalised(token.text) {
            let span: Vec<&str> = tokens[name_start..index].iter().map(|t| t.text).collect();
            complete = complete || is_official_department_exact(&span.join(" "));
        }
    }
    end
}

/// `tình`/`tinh` for `tỉnh` ending a name (an OCR or typing slip, SPEC §5.2 rule 2), when a
/// lower-case word follows.
fn is_level_word_typo(token: &Token, next: Option<&Token>) -> bool {
    LEVEL_WORD_TYPOS.contains(&token.lower.as_ref()) && next.is_some_and(|t| t.is_word && !is_capitalised(t.text))
}

/// Whether an administrative-unit word ends right before `index` (`… các huyện` + `:`).
fn unit_ends_at(tokens: &[Token], index: usize) -> bool {
    (1..=2).any(|len| index >= len && unit_len_at(tokens, index - len) == len)
}

/// Length of an administrative-unit word at `index` (`huyện`, `thành phố`), not counting `xã`
/// in the word `xã hội`.
fn unit_len_at(tokens: &[Token], index: usize) -> usize {
    if tokens.get(index).is_some_and(|t| t.lower == "xã") && tokens.get(index + 1).is_some_and(|t| t.lower == "hội") {
        return 0;
    }
    phrases!(ADMINISTRATIVE_UNITS).longest_at(tokens, index)
}

/// A lower-case verb or adverb that begins the predicate (`PHRASE_ENDING_WORDS`), not a
/// qualifier of the name (`có liên quan`).
fn starts_predicate(tokens: &[Token], index: usize) -> bool {
    let Some(token) = tokens.get(index) else {
        return false;
    };
    if !token.is_word || is_capitalised(token.text) {
        return false;
    }
    if phrases!(NAME_QUALIFIERS).longest_at(tokens, index) > 0 {
        return false;
    }
    if kind_len_at(tokens, index) > 0 {
        return false;
    }
    phrases!(PHRASE_ENDING_WORDS).longest_at(tokens, index) > 0
}

/// After `phối hợp` at `index`: the index where its agency object begins, if it has one.
fn partner_object_start(tokens: &[Token], index: usize) -> Option<usize> {
    let mut position = index;
    loop {
        let adverb = phrases!(PARTNER_ADVERBS).longest_at(tokens, position);
        if adverb == 0 {
            break;
        }
        position += adverb;
    }
    loop {
        let shared = phrases!(PARTNER_SHARING_VERBS).longest_at(tokens, position);
        if shared > 0 {
            position += shared;
            continue;
        }
        if tokens.get(position).is_some_and(|t| t.text == ",") {
            let after = position + 1;
            if phrases!(NON_PARTNER_VERBS).longest_at(tokens, after) > 0 {
                return None;
            }
            let shared_after = phrases!(PARTNER_SHARING_VERBS).longest_at(tokens, after);
            if shared_after > 0 {
                position = after + shared_after;
                continue;
            }
            return None;
        }
        break;
    }
    if tokens.get(position).is_some_and(|t| t.lower == "với" || t.lower == "cùng") {
        position += 1;
    }
    if agency_starts_at(tokens, position) && !starts_predicate(tokens, position) {
        Some(position)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Lists: segments, chunks, merging
// ---------------------------------------------------------------------------------------------

/// One `;`-separated part of a list -> raw agency names (not yet canonical).
fn agencies_in_segment(segment: &str) -> Vec<String> {
    let segment = strip_leading_noise(segment.trim());
    let segment = segment.trim_matches(|c: char| c.is_whitespace() || ",.:-+*•–".contains(c)).to_string();
    if segment.is_empty() {
        return Vec::new();
    }
    if let Some(distributed) = distribute_plural_unit_list(&segment) {
        return distributed;
    }
    if let Some(colon) = segment.find(':') {
        let (left, right) = (&segment[..colon], &segment[colon + 1..]);
        if let Some(distributed) = distribute_enumeration(left, right) {
            return distributed;
        }
        let mut names = agencies_in_plain_segment(left);
        let right_tokens = tokenize(right);
        if agency_starts_at(&right_tokens, 0) {
            names.extend(agencies_in_segment(right));
        }
        return names;
    }
    agencies_in_plain_segment(&segment)
}

/// `UBND các huyện Tân An, Phú Mỹ và Long Điền` (no colon): `các` + a unit + a list made only
/// of place names is the same enumeration as `UBND các huyện: Tân An, …`.
fn distribute_plural_unit_list(segment: &str) -> Option<Vec<String>> {
    if segment.contains(':') {
        return None;
    }
    let tokens = tokenize(segment);
    let at = (0..tokens.len()).find(|&i| {
        tokens[i].lower == "các"
            && unit_len_at(&tokens, i + 1) > 0
            && tokens.get(i + 1 + unit_len_at(&tokens, i + 1)).is_some_and(|t| t.is_word && is_capitalised(t.text))
    })?;
    let names_start = tokens[at + 1 + unit_len_at(&tokens, at + 1)].start;
    let (left, right) = (segment.get(..names_start)?, segment.get(names_start..)?);
    let pieces_are_places = right
        .split([',', '/'])
        .flat_map(split_on_va)
        .all(|piece| !agency_starts_at(&tokenize(piece.trim()), 0) && piece.split_whitespace().count() <= 4);
    if !pieces_are_places || !right.contains([',']) && !right.contains(" và ") {
        return None;
    }
    distribute_enumeration(left, right)
}

/// `UBND và Hội Nông dân 06 huyện` + `A, B và C` -> both bodies of each named unit.
fn distribute_enumeration(left: &str, right: &str) -> Option<Vec<String>> {
    let left_words: Vec<&str> = left.split_whitespace().collect();
    let (unit, unit_words) = ADMINISTRATIVE_UNITS.iter().find_map(|unit| {
        let unit_words: Vec<&str> = unit.split(' ').collect();
        let n = unit_words.len();
        (left_words.len() >= n && left_words[left_words.len() - n..].iter().zip(&unit_words).all(|(a, b)| lowercase(a) == *b))
            .then_some((*unit, n))
    })?;
    let names = place_names(right);
    if names.is_empty() {
        return None;
    }
    let mut body_end = left_words.len() - unit_words;
    if body_end > 0 {
        let previous = left_words[body_end - 1];
        if lowercase(previous) == "các" || previous.chars().all(|c| c.is_ascii_digit()) {
            body_end -= 1;
        }
    }
    let body_text = left_words[..body_end].join(" ");
    let bodies = if body_text.trim().is_empty() { Vec::new() } else { agencies_in_plain_segment(&body_text) };
    let distributable_from = bodies.iter().rposition(|body| !is_distributable_body(body)).map_or(0, |p| p + 1);
    let mut out: Vec<String> = bodies[..distributable_from].to_vec();
    let distributed_bodies: Vec<String> = bodies[distributable_from..].to_vec();
    for name in &names {
        if distributed_bodies.is_empty() {
            out.push(format!("{unit} {name}"));
        }
        for body in &distributed_bodies {
            out.push(format!("{body} {unit} {name}"));
        }
    }
    Some(out)
}

/// A body that can be put in front of `huyện X`: no `Các`, no place of its own.
fn is_distributable_body(body: &str) -> bool {
    let tokens = tokenize(body);
    if tokens.first().is_none_or(|t| t.lower == "các") {
        return false;
    }
    if matches!(head_name_at(&tokens, 0), Some("Sở" | "Bộ")) {
        return false;
    }
    !(1..tokens.len()).any(|index| ADMINISTRATIVE_UNITS.iter().any(|unit| phrase_len_at(&tokens, index, unit) > 0))
}

/// `Càng Long, Cầu Kè và Chợ lách` -> proper names, each syllable capitalised.
fn place_names(list: &str) -> Vec<String> {
    let mut names = Vec::new();
    for part in list.split([',', '/']) {
        for piece in split_on_va(part) {
            let cleaned = piece.trim_matches(|c: char| c.is_whitespace() || ".;:-".contains(c)).to_string();
            if cleaned.is_empty() {
                continue;
            }
            if !is_capitalised(&cleaned) {
                return Vec::new();
            }
            names.push(capitalise_syllables(&cleaned));
        }
    }
    names
}

fn split_on_va(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut pieces = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for word in words {
        if lowercase(word) == "và" {
            pieces.push(current.join(" "));
            current.clear();
        } else {
            current.push(word);
        }
    }
    pieces.push(current.join(" "));
    pieces
}

fn capitalise_syllables(name: &str) -> String {
    name.split_whitespace()
        .map(
            |syllable| {
                if syllable.chars().next().is_some_and(|c| c.is_alphabetic()) {
                    capitalise_first(syllable)
                } else {
                    syllable.to_string()
                }
            },
        )
        .collect::<Vec<_>>()
        .join(" ")
}

/// The separator written before a chunk of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Separator {
    Start,
    Comma,
    Slash,
    And,
    RunTogether,
}

/// A list segment (no `;`, no colon) -> raw names.
fn agencies_in_plain_segment(segment: &str) -> Vec<String> {
    let tokens = tokenize(segment);
    let chunks = chunks_of(segment, &tokens);
    merge_chunks(chunks)
}

/// Cuts a segment at `,`, `/`, `và` and between run-together names. Official name fragments
/// are never cut.
fn chunks_of(segment: &str, tokens: &[Token]) -> Vec<(Separator, String)> {
    let mut chunks: Vec<(Separator, String)> = Vec::new();
    let mut separator = Separator::Start;
    let mut chunk_start: Option<usize> = None;
    let mut chunk_end = 0usize;
    let mut index = 0;
    let mut chunk_head: Option<&'static str> = None;
    let mut chunk_first_token = 0usize;
    let flush = |chunks: &mut Vec<(Separator, String)>, separator: Separator, start: Option<usize>, end: usize| {
        if let Some(start) = start {
            if let Some(text) = segment.get(start..end) {
                let text = text.trim();
                if !text.is_empty() {
                    chunks.push((separator, text.to_string()));
                }
            }
        }
    };
    while index < tokens.len() {
        let token = &tokens[index];
        let cut = match token.text {
            "," => Some(Separator::Comma),
            "/" => Some(Separator::Slash),
            _ if token.lower == "và" && chunk_start.is_some() => Some(Separator::And),
            _ => None,
        };
        if let Some(cut) = cut {
            flush(&mut chunks, separator, chunk_start, chunk_end);
            separator = cut;
            chunk_start = None;
            chunk_head = None;
            index += 1;
            continue;
        }
        if let Some(start) = chunk_start {
            // Two names run together: a repeated head, or a complete official name followed
            // by a head word.
            let head = head_len_at(tokens, index);
            if head > 0 && index > chunk_first_token {
                let this_head = head_name_at(tokens, index);
                let same_head = chunk_head.is_some() && this_head == chunk_head;
                let repeatable = this_head.is_some_and(|h| REPEATABLE_HEADS.contains(&h));
                let before = segment.get(start..tokens[index - 1].end).unwrap_or_default();
                if (same_head && repeatable) || is_official_department_exact(before) {
                    flush(&mut chunks, separator, chunk_start, chunk_end);
                    separator = Separator::RunTogether;
                    chunk_start = Some(token.start);
                    chunk_first_token = index;
                    chunk_head = this_head;
                    chunk_end = token.end;
                    index += head;
                    if let Some(last) = tokens.get(index - 1) {
                        chunk_end = last.end;
                    }
                    continue;
                }
            }
        } else {
            chunk_start = Some(token.start);
            chunk_first_token = index;
            chunk_head = head_name_at(tokens, index);
        }
        if let Some((_, used)) = fragment_at(tokens, index) {
            index += used;
        } else {
            index += 1;
        }
        if let Some(last) = tokens.get(index - 1) {
            chunk_end = last.end;
        }
    }
    flush(&mut chunks, separator, chunk_start, chunk_end);
    chunks
}

/// The head word (as listed) at `index`, if any: capitalised, longest row.
fn head_name_at(tokens: &[Token], index: usize) -> Option<&'static str> {
    if !tokens.get(index).is_some_and(|t| is_capitalised(t.text)) {
        return None;
    }
    HEAD_WORDS.iter().filter(|head| phrase_len_at(tokens, index, head) > 0).max_by_key(|head| head.len()).copied()
}

/// What a list chunk begins with.
#[derive(Debug, Clone, PartialEq)]
enum ChunkStart {
    /// `các ...`
    Collective,
    /// A head word; `bare` when no proper name follows (`Sở`, `Ban` in `Sở, Ban, ngành`).
    Head { head: &'static str, bare: bool },
    /// A kind noun; `named` when a proper name follows (`huyện Cầu Kè`), `unit` when it is an
    /// administrative unit.
    Kind { named: bool, unit: bool },
    /// A capitalised word that is neither (`Cầu Kè`, `Thể thao và Du lịch`, `Y tế`).
    Proper,
    /// Anything else (lower-case words).
    Other,
}

fn chunk_start_of(text: &str) -> ChunkStart {
    let tokens = tokenize(text);
    let Some(first) = tokens.first() else {
        return ChunkStart::Other;
    };
    if first.lower == "các" {
        return ChunkStart::Collective;
    }
    if let Some(head) = head_name_at(&tokens, 0) {
        let len = phrase_len_at(&tokens, 0, head);
        return ChunkStart::Head { head, bare: !proper_name_after(&tokens, len) };
    }
    let kind = kind_len_at(&tokens, 0);
    if kind > 0 {
        let unit = ADMINISTRATIVE_UNITS.iter().any(|unit| phrase_len_at(&tokens, 0, unit) == kind);
        let named = if unit { tokens.get(kind).is_some_and(|t| is_capitalised(t.text)) } else { proper_name_after(&tokens, kind) };
        return ChunkStart::Kind { named, unit };
    }
    if is_capitalised(first.text) {
        ChunkStart::Proper
    } else {
        ChunkStart::Other
    }
}

/// Is there a proper name after `index` (level words such as `tỉnh`, `Thành phố` skipped)?
fn proper_name_after(tokens: &[Token], index: usize) -> bool {
    let mut position = index;
    loop {
        let level = phrases!(LEVEL_WORDS).longest_at(tokens, position);
        if level == 0 {
            break;
        }
        position += level;
    }
    name_follows(tokens, position)
        || (position == index && tokens.get(position).is_some_and(|t| t.is_word && t.text.chars().all(|c| c.is_ascii_digit())))
}

/// An agency being assembled from chunks.
struct Building {
    text: String,
}

impl Building {
    fn tokens(&self) -> Vec<Token<'_>> {
        tokenize(&self.text)
    }

    /// A collective: `Các ...`, a bare kind noun or head (`Sở, ban`, `Viện, Trường`), or a body
    /// of a plural unit (`Ủy ban nhân dân các huyện`, `Ủy ban nhân dân phường`).
    fn is_collective(&self) -> bool {
        match chunk_start_of(&self.text) {
            ChunkStart::Collective => true,
            ChunkStart::Kind { named, .. } => !named,
            ChunkStart::Head { bare, .. } => bare || self.spans_plural_units(),
            _ => false,
        }
    }

    /// A named body taken over plural units (`Sở Y tế các tỉnh`, `Trạm Y tế các xã`): the units
    /// listed after a comma (`, thành phố`, `, phường`) belong to it.
    fn spans_plural_units(&self) -> bool {
        let tokens = self.tokens();
        (0..tokens.len()).any(|i| tokens[i].lower == "các" && unit_len_at(&tokens, i + 1) > 0)
    }

    /// Began with `Các` or a head followed by `các`, or with a bare head (`Sở, Ban, ngành`):
    /// bare heads after a comma stay inside.
    fn admits_bare_heads(&self) -> bool {
        let tokens = self.tokens();
        match chunk_start_of(&self.text) {
            ChunkStart::Collective => true,
            ChunkStart::Head { head, bare } => {
                let len = phrase_len_at(&tokens, 0, head);
                bare && (tokens.get(len).is_none_or(|t| t.lower == "các" || !t.is_word) || len == tokens.len())
            }
            _ => false,
        }
    }

    /// `Ủy ban nhân dân` in `Ủy ban nhân dân các huyện` / `Ủy ban nhân dân phường`: the body
    /// a named unit after a comma takes (`, TP Gia Nghĩa` -> `Ủy ban nhân dân thành phố ...`).
    fn plural_unit_body(&self) -> Option<String> {
        let tokens = self.tokens();
        let head = head_name_at(&tokens, 0)?;
        let len = phrase_len_at(&tokens, 0, head);
        let mut position = len;
        if tokens.get(position).is_some_and(|t| t.lower == "các") {
            position += 1;
        }
        let unit = ADMINISTRATIVE_UNITS.iter().map(|unit| phrase_len_at(&tokens, position, unit)).max().unwrap_or(0);
        if unit == 0 {
            return None;
        }
        if tokens.get(position + unit).is_some_and(|t| t.is_word && is_capitalised(t.text)) {
            return None;
        }
        Some(span_text(&self.text, &tokens, 0, len))
    }

    /// `Ủy ban nhân dân huyện` in `Ủy ban nhân dân huyện Trà Cú`, or `huyện` in `huyện Trà
    /// Cú`: the prefix a bare proper name after a comma takes (`, Cầu Kè`).
    fn named_unit_prefix(&self) -> Option<String> {
        let tokens = self.tokens();
        for index in 0..tokens.len() {
            let unit = ADMINISTRATIVE_UNITS.iter().map(|unit| phrase_len_at(&tokens, index, unit)).max().unwrap_or(0);
            if unit == 0 {
                continue;
            }
            let name_index = index + unit;
            let Some(name) = tokens.get(name_index) else {
                continue;
            };
            if !name.is_word || !is_capitalised(name.text) {
                continue;
            }
            // The rest must be the proper name only.
            if tokens[name_index..].iter().all(|t| t.is_word && is_capitalised(t.text)) {
                let before_is_head_or_empty = index == 0 || head_name_at(&tokens, 0).is_some();
                if before_is_head_or_empty {
                    return Some(span_text(&self.text, &tokens, 0, name_index));
                }
            }
        }
        None
    }

    fn head(&self) -> Option<&'static str> {
        head_name_at(&self.tokens(), 0)
    }
}

/// Joins chunks into agencies (SPEC §5.2 rules 3–4).
fn merge_chunks(chunks: Vec<(Separator, String)>) -> Vec<String> {
    let mut done: Vec<String> = Vec::new();
    let mut current: Option<Building> = None;
    for (separator, raw) in chunks {
        let text = strip_title(&strip_leading_noise(&raw));
        let text = drop_plural_before_named_unit(&text);
        if text.is_empty() {
            continue;
        }
        let Some(building) = current.as_mut() else {
            current = Some(Building { text });
            continue;
        };
        let start = chunk_start_of(&text);
        let joiner = match separator {
            Separator::And => " và ",
            _ => ", ",
        };
        let decision = decide(building, separator, &start, &text);
        match decision {
            Decision::Join => {
                // A `/` inside a collective is written as a comma (SPEC §5.6).
                building.text.push_str(joiner);
                building.text.push_str(&text);
            }
            Decision::Split(new_text) => {
                let finished = std::mem::replace(building, Building { text: new_text });
                done.push(finished.text);
            }
        }
    }
    if let Some(building) = current {
        done.push(building.text);
    }
    done
}

/// `các huyện Trà Cú` -> `huyện Trà Cú` (a plural before named units is an enumeration).
fn drop_plural_before_named_unit(text: &str) -> String {
    let tokens = tokenize(text);
    if tokens.first().is_some_and(|t| t.lower == "các") {
        let unit = ADMINISTRATIVE_UNITS.iter().map(|unit| phrase_len_at(&tokens, 1, unit)).max().unwrap_or(0);
        if unit > 0 && tokens.get(1 + unit).is_some_and(|t| t.is_word && is_capitalised(t.text)) {
            if let Some(second) = tokens.get(1) {
                return text.get(second.start..).unwrap_or(text).to_string();
            }
        }
    }
    text.to_string()
}

enum Decision {
    Join,
    Split(String),
}

fn decide(building: &Building, separator: Separator, start: &ChunkStart, text: &str) -> Decision {
    if separator == Separator::RunTogether {
        return Decision::Split(text.to_string());
    }
    match start {
        ChunkStart::Collective => Decision::Split(text.to_string()),
        ChunkStart::Head { head, bare } => {
            let stays_inside = *bare && !NON_COLLECTIVE_HEADS.contains(head) && building.is_collective() && building.admits_bare_heads();
            if stays_inside {
                Decision::Join
            } else {
                Decision::Split(text.to_string())
            }
        }
        ChunkStart::Kind { named, unit } => {
            if separator == Separator::And && !named {
                return Decision::Join;
            }
            if *named {
                if *unit {
                    if let Some(body) = building.plural_unit_body() {
                        return Decision::Split(format!("{body} {text}"));
                    }
                }
                return Decision::Split(text.to_string());
            }
            if building.is_collective() {
                Decision::Join
            } else {
                Decision::Split(text.to_string())
            }
        }
        ChunkStart::Proper => {
            if let Some(prefix) = building.named_unit_prefix() {
                return Decision::Split(format!("{prefix} {text}"));
            }
            if separator == Separator::And {
                return Decision::Join;
            }
            if separator == Separator::Slash {
                // A name of its own on each side of `/` (`Ban Quản lý quy hoạch/Tư vấn ...`).
                return Decision::Split(text.to_string());
            }
            let joined = format!("{}, {}", building.text, text);
            if building.text.len() < MAX_NAME_BYTES && is_official_department_fuzzy(&joined) {
                return Decision::Join;
            }
            if let Some(head) = building.head().filter(|h| *h == "Sở" || *h == "Bộ") {
                let distributed = format!("{head} {text}");
                if is_official_department_fuzzy(&distributed) {
                    return Decision::Split(distributed);
                }
            }
            Decision::Join
        }
        ChunkStart::Other => Decision::Join,
    }
}

// ---------------------------------------------------------------------------------------------
// Repairs of one name
// ---------------------------------------------------------------------------------------------

/// Drops leading `và`, bullets, `Giao`/`Đề nghị`/`Yêu cầu`, and titles.
fn strip_leading_noise(text: &str) -> String {
    let mut current = text.trim_start_matches(|c: char| c.is_whitespace() || "-+*•–,.;:".contains(c)).to_string();
    for _ in 0..4 {
        let tokens = tokenize(&current);
        let mut skip = 0;
        if tokens.first().is_some_and(|t| t.lower == "và") {
            skip = 1;
        }
        if skip == 0 {
            skip = phrases!(DIRECTIVE_WORDS).longest_at(&tokens, 0);
        }
        if skip == 0 {
            break;
        }
        current = match tokens.get(skip) {
            Some(next) => current.get(next.start..).unwrap_or_default().to_string(),
            None => String::new(),
        };
    }
    strip_title(&current)
}

/// `Thủ trưởng các sở` -> `các sở`; `Chủ tịch Ủy ban nhân dân` -> `Ủy ban nhân dân`.
fn strip_title(text: &str) -> String {
    let tokens = tokenize(text);
    let title = phrases!(TITLE_WORDS).longest_at(&tokens, 0);
    if title == 0 {
        return text.trim().to_string();
    }
    let after = title;
    let is_title = tokens.get(after).is_some_and(|t| t.lower == "các")
        || head_name_at(&tokens, after).is_some()
        || fragment_at(&tokens, after).is_some()
        || kind_len_at(&tokens, after) > 0;
    match tokens.get(after) {
        Some(next) if is_title => text.get(next.start..).unwrap_or(text).trim().to_string(),
        _ => text.trim().to_string(),
    }
}

/// Cuts a trailing verb or note: `Các đơn vị có liên quan thực hiện` -> `Các đơn vị có liên
/// quan`; `Các cơ quan, đơn vị theo quy định` -> `Các cơ quan, đơn vị`.
fn cut_trailing_notes(text: &str) -> String {
    let tokens = tokenize(text);
    for index in 1..tokens.len() {
        if !tokens[index].is_word || is_capitalised(tokens[index].text) {
            continue;
        }
        if fragment_at(&tokens, index).is_some() {
            continue;
        }
        if phrases!(TRAILING_NOTE_STARTS).longest_at(&tokens, index) > 0 {
            let kept = text.get(..tokens[index].start).unwrap_or(text);
            return kept.trim_end_matches(|c: char| c.is_whitespace() || ",;:-".contains(c)).to_string();
        }
    }
    text.trim_end_matches(|c: char| c.is_whitespace() || ",;:.".contains(c)).to_string()
}

/// Rewrites every `NAME_FRAGMENTS` piece in its official spelling (removing stray `-`/`,`).
fn respell_fragments(text: &str) -> String {
    let tokens = tokenize(text);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut index = 0;
    while index < tokens.len() {
        if let Some((fragment, used)) = fragment_at(&tokens, index) {
            let start = tokens[index].start;
            let end = tokens[index + used - 1].end;
            out.push_str(text.get(last..start).unwrap_or_default());
            out.push_str(fragment);
            last = end;
            index += used;
        } else {
            index += 1;
        }
    }
    out.push_str(text.get(last..).unwrap_or_default());
    out
}

/// OCR slips in a multi-word head (`Vãn phòng` -> `Văn phòng`, `Liên Minh` -> `Liên minh`).
fn repair_head_word(text: &str) -> String {
    static HEAD_KEYS: OnceLock<Vec<(&'static str, Vec<String>)>> = OnceLock::new();
    let head_keys = HEAD_KEYS.get_or_init(|| {
        HEAD_WORDS
            .iter()
            .filter(|head| head.contains(' '))
            .map(|head| {
                let words = comparison_key(head).split(' ').map(str::to_string).collect();
                (*head, words)
            })
            .collect()
    });
    let tokens = tokenize(text);
    for (head, words) in head_keys {
        if let Some(used) = match_words(&tokens, 0, words) {
            if let Some(last) = tokens.get(used.saturating_sub(1)) {
                let rest = text.get(last.end..).unwrap_or_default();
                return format!("{head}{rest}");
            }
        }
    }
    text.to_string()
}

/// `... tình` / `... tinh` at the end of a name -> `tỉnh` (lower case only, so `Hà Tĩnh`
/// stays).
fn repair_trailing_province_word(text: &str) -> String {
    let trimmed = text.trim_end();
    let Some(space) = trimmed.rfind(' ') else {
        return text.to_string();
    };
    let last = &trimmed[space + 1..];
    let is_slip = matches!(last, "tình" | "tinh" | "tính" | "tĩnh" | "tịnh");
    if is_slip {
        format!("{} tỉnh", &trimmed[..space])
    } else {
        text.to_string()
    }
}

fn official_keys() -> &'static [(&'static str, String, usize)] {
    static KEYS: OnceLock<Vec<(&'static str, String, usize)>> = OnceLock::new();
    KEYS.get_or_init(|| {
        OFFICIAL_DEPARTMENT_NAMES
            .iter()
            .map(|name| {
                let key = comparison_key(name);
                let words = key.split(' ').count();
                (*name, key, words)
            })
            .collect()
    })
}

/// The official department name closest to the first words of `key_words`: (name, words
/// used, distance), within the tolerance of one edit per five letters.
fn closest_official(key_words: &[&str]) -> Option<(&'static str, usize, usize)> {
    let first = *key_words.first()?;
    if first != "so" && first != "bo" {
        return None;
    }
    let longest = official_keys().iter().map(|(_, _, words)| words + 1).max().unwrap_or(0).min(key_words.len());
    let candidates: Vec<String> = (1..=longest).map(|used| key_words[..used].join(" ")).collect();
    let mut best: Option<(&'static str, usize, usize)> = None;
    for (name, key, words) in official_keys() {
        if !key.starts_with(first) || !key[first.len()..].starts_with(' ') {
            continue;
        }
        let low = words.saturating_sub(1).max(1);
        let high = (words + 1).min(key_words.len());
        let tolerance = key.chars().count() / 5;
        for used in low..=high {
            let Some(candidate) = candidates.get(used - 1) else {
                continue;
            };
            if candidate.len().abs_diff(key.len()) > tolerance + 2 {
                continue;
            }
            let distance = edit_distance_within(candidate, key, tolerance);
            if distance > tolerance {
                continue;
            }
            let better = match best {
                None => true,
                Some((_, best_used, best_distance)) => distance < best_distance || (distance == best_distance && used > best_used),
            };
            if better {
                best = Some((name, used, distance));
            }
        }
    }
    best
}

fn is_official_department_exact(text: &str) -> bool {
    memoized(&OFFICIAL_CACHE, text, is_official_department_exact_uncached)
}

fn is_official_department_exact_uncached(text: &str) -> bool {
    static KEYS: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    let keys = KEYS.get_or_init(|| official_keys().iter().map(|(_, key, _)| key.as_str()).collect());
    keys.contains(comparison_key(&expand_abbreviations(text)).as_str())
}

fn is_official_department_fuzzy(text: &str) -> bool {
    let key = comparison_key(text);
    let words: Vec<&str> = key.split(' ').collect();
    closest_official(&words).is_some_and(|(_, used, _)| used == words.len())
}

/// Respells a `Sở ...`/`Bộ ...` name as the closest official name; words after it (a place
/// qualifier) are kept as written.
fn repair_official_department(text: &str) -> String {
    let tokens: Vec<Token> = tokenize(text).into_iter().filter(|t| t.is_word).collect();
    if tokens.len() > 16 {
        return text.to_string();
    }
    let keys: Vec<String> = tokens.iter().map(|t| comparison_key(t.text)).collect();
    let key_words: Vec<&str> = keys.iter().map(String::as_str).collect();
    match closest_official(&key_words) {
        Some((official, used, _)) => {
            let rest = tokens.get(used - 1).and_then(|last| text.get(last.end..)).unwrap_or_default();
            format!("{official}{rest}")
        }
        None => text.to_string(),
    }
}

/// `huyện Chợ lách` -> `huyện Chợ Lách`: each syllable of a place name after an administrative
/// unit is capitalised when the name was begun with a capital.
fn capitalise_place_names(text: &str) -> String {
    let tokens = tokenize(text);
    let mut out = text.to_string();
    let mut replacements: Vec<(usize, usize, String)> = Vec::new();
    for index in 0..tokens.len() {
        let unit = ADMINISTRATIVE_UNITS.iter().map(|unit| phrase_len_at(&tokens, index, unit)).max().unwrap_or(0);
        if unit == 0 {
            continue;
        }
        let first = index + unit;
        if !tokens.get(first).is_some_and(|t| t.is_word && is_capitalised(t.text)) {
            continue;
        }
        for token in tokens.iter().skip(first + 1).take(3) {
            if !token.is_word || token.lower == "và" || is_capitalised(token.text) {
                if !token.is_word || token.lower == "và" {
                    break;
                }
                continue;
            }
            if token.text.chars().all(|c| c.is_alphabetic()) {
                replacements.push((token.start, token.end, capitalise_first(token.text)));
            }
        }
    }
    for (start, end, replacement) in replacements.into_iter().rev() {
        if out.is_char_boundary(start) && out.is_char_boundary(end) {
            out.replace_range(start..end, &replacement);
        }
    }
    out
}

fn tidy_punctuation(text: &str) -> String {
    let mut out = collapse_spaces(text);
    while out.contains(" ,") {
        out = out.replace(" ,", ",");
    }
    while out.contains(",,") {
        out = out.replace(",,", ",");
    }
    out.trim_matches(|c: char| c.is_whitespace() || ",;:-–.".contains(c)).to_string()
}

/// A canonical name worth reporting: has a letter and is not a lone connective.
fn is_plausible_name(name: &str) -> bool {
    let lowered = lowercase(name);
    name.chars().any(|c| c.is_alphabetic()) && lowered != "và" && lowered != "các"
}

// ---------------------------------------------------------------------------------------------
// Headings and paragraphs
// ---------------------------------------------------------------------------------------------

fn strip_list_marker(text: &str) -> String {
    static MARKER: OnceLock<Regex> = OnceLock::new();
    let re = MARKER.get_or_init(|| {
        Regex::new(r"^\s*(?:[#*]+\s*)*(?:[-+•]\s+|(?:[IVXLC]+|\d+(?:\.\d+)*)\.\s*|[a-zđ]\)\s*)?").expect("valid marker regex")
    });
    match re.find(text) {
        Some(found) => text.get(found.end()..).unwrap_or_default().to_string(),
        None => text.to_string(),
    }
}

/// A heading without marker, markup, text after its colon, `Đề nghị`/`Giao` and titles.
fn clean_heading(heading: &str) -> String {
    let nfc: String = heading.nfc().collect();
    let without_markup: String = nfc.replace(['*', '#'], " ").replace("<b>", "").replace("</b>", "");
    let unmarked = strip_list_marker(without_markup.trim());
    let before_colon = unmarked.split(':').next().unwrap_or_default();
    let stripped = strip_leading_noise(&collapse_spaces(before_colon));
    stripped.trim_matches(|c: char| c.is_whitespace() || ".;,".contains(c)).to_string()
}

fn heading_starts_with_agency(tokens: &[Token]) -> bool {
    let Some(first) = tokens.first() else {
        return false;
    };
    if first.lower == "các" {
        return kind_len_at(tokens, 1) > 0;
    }
    if head_len_at(tokens, 0) > 0 {
        return true;
    }
    if is_capitalised(first.text) {
        if let Some((fragment, _)) = fragment_at(tokens, 0) {
            let fragment_tokens = tokenize(fragment);
            if head_name_at(&fragment_tokens, 0).is_some() {
                return true;
            }
        }
    }
    // A bare collective: `Sở, ban, ngành ...`, `Doanh nghiệp, nhà đầu tư`.
    let kind = kind_len_at(tokens, 0);
    kind > 0 && tokens.get(kind).is_some_and(|t| t.text == ",")
}

/// A heading written all in capitals (`SỞ TÀI CHÍNH`).
fn is_shouted(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 4 && letters.iter().all(|c| c.is_uppercase())
}

fn sentence_case_if_shouted(text: &str) -> String {
    if is_shouted(text) {
        capitalise_first(&lowercase(text))
    } else {
        text.to_string()
    }
}

/// In capitals the case of the second word says nothing, so the heading must begin with an
/// official name, a standalone head, a head fragment or `Các` + kind noun.
fn shouted_heading_is_agency(text: &str) -> bool {
    let key = comparison_key(&expand_abbreviations(text));
    let begins_with = |other: &str| {
        let other_key = comparison_key(other);
        key == other_key || key.starts_with(&format!("{other_key} "))
    };
    if OFFICIAL_DEPARTMENT_NAMES.iter().any(|name| begins_with(name))
        || STANDALONE_HEADS.iter().any(|head| begins_with(head))
        || NAME_FRAGMENTS.iter().filter(|fragment| head_name_at(&tokenize(fragment), 0).is_some()).any(|fragment| begins_with(fragment))
    {
        return true;
    }
    let sentence = sentence_case_if_shouted(text);
    let tokens = tokenize(&sentence);
    tokens.first().is_some_and(|t| t.lower == "các") && kind_len_at(&tokens, 1) > 0
}

/// Sentence ranges (token indexes) of a paragraph: cut at `.` followed by a capital.
fn sentence_ranges(tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for index in 0..tokens.len() {
        let ends = tokens[index].text == "." && tokens.get(index + 1).is_none_or(|next| is_capitalised(next.text));
        if ends {
            if index > start {
                ranges.push((start, index));
            }
            start = index + 1;
        }
    }
    if start < tokens.len() {
        ranges.push((start, tokens.len()));
    }
    ranges
}

/// The addressees of one sentence: after `Giao`/`Đề nghị`/`yêu cầu`/`Đối với` (not after a
/// conditional), or the subject at its start.
fn leads_in_sentence(text: &str, tokens: &[Token], start: usize, end: usize) -> Vec<String> {
    let sentence = &tokens[start..end];
    let mut leads = Vec::new();
    let mut conditional_seen = false;
    let mut index = 0;
    while index < sentence.len() {
        if phrases!(CONDITIONAL_WORDS).longest_at(sentence, index) > 0 {
            conditional_seen = true;
        }
        let directive = phrases!(DIRECTIVE_WORDS).longest_at(sentence, index);
        let is_noun_use = index > 0 && DIRECTIVE_NOUN_MARKERS.iter().any(|marker| sentence[index - 1].lower == *marker);
        if directive > 0 && !conditional_seen && !is_noun_use {
            let mut object = index + directive;
            object += title_len_before_agency(sentence, object);
            if agency_starts_at(sentence, object) {
                let object_end = agency_phrase_end(sentence, object);
                if object_end > object {
                    let span = span_text(text, sentence, object, object_end);
                    leads.extend(split_agencies(&span));
                    index = object_end;
                    continue;
                }
            }
        }
        index += 1;
    }
    if leads.is_empty() {
        let subject = title_len_before_agency(sentence, 0);
        if agency_starts_at(sentence, subject) && sentence.first().is_some_and(|t| t.is_word) {
            let subject_end = agency_phrase_end(sentence, subject);
            if subject_end > subject {
                leads.extend(split_agencies(&span_text(text, sentence, subject, subject_end)));
            }
        }
    }
    dedupe_case_insensitive(leads)
}

/// Length of a title (`Thủ trưởng`, `Chủ tịch`) at `index` when an agency follows it.
fn title_len_before_agency(tokens: &[Token], index: usize) -> usize {
    let title = phrases!(TITLE_WORDS).longest_at(tokens, index);
    if title > 0 && agency_starts_at(tokens, index + title) {
        title
    } else {
        0
    }
}

// ---------------------------------------------------------------------------------------------
// Classification
// ---------------------------------------------------------------------------------------------

fn agency_kind(name: &str) -> &'static str {
    let tokens = tokenize(name);
    let Some(first) = tokens.first() else {
        return "other";
    };
    let lowered = lowercase(name);
    let starts_collective = first.lower == "các"
        || matches!(chunk_start_of(name), ChunkStart::Kind { named: false, .. })
        || (matches!(chunk_start_of(name), ChunkStart::Head { bare: true, .. }) && tokens.get(1).is_some_and(|t| t.text == ","));
    if starts_collective {
        if first.lower != "các" {
            for (pattern_lower, kind, _) in kind_patterns_lower() {
                if *kind == "enterprise" && lowered == *pattern_lower {
                    return kind;
                }
            }
        }
        return "collective";
    }
    for (pattern_lower, kind, anywhere) in kind_patterns_lower() {
        let matched = if *anywhere {
            lowered.contains(pattern_lower.as_str())
        } else {
            lowered.starts_with(pattern_lower.as_str()) || (pattern_lower.ends_with(' ') && lowered == pattern_lower.trim_end())
        };
        if matched {
            return kind;
        }
    }
    "other"
}

/// `KIND_PATTERNS` with each pattern in lower case, built once.
fn kind_patterns_lower() -> &'static [(String, &'static str, bool)] {
    static PATTERNS: OnceLock<Vec<(String, &'static str, bool)>> = OnceLock::new();
    PATTERNS.get_or_init(|| KIND_PATTERNS.iter().map(|(pattern, kind, anywhere)| (lowercase(pattern), *kind, *anywhere)).collect())
}

fn agency_level(name: &str) -> Option<&'static str> {
    let lowered = lowercase(name);
    if lowered.contains("trung ương") || lowered.contains("chính phủ") {
        return Some("central");
    }
    if lowered.starts_with("bộ ") && !lowered.starts_with("bộ chỉ huy") {
        return Some("central");
    }
    let tokens = tokenize(name);
    for index in 0..tokens.len() {
        if phrase_len_at(&tokens, index, "cấp xã") > 0 {
            return Some("commune");
        }
        if phrase_len_at(&tokens, index, "cấp huyện") > 0 {
            return Some("district");
        }
        if phrase_len_at(&tokens, index, "cấp tỉnh") > 0 {
            return Some("province");
        }
        let token = &tokens[index];
        match token.lower.as_ref() {
            "tỉnh" => return Some("province"),
            "huyện" | "quận" => return Some("district"),
            "xã" | "phường" => {
                let after_thi = index > 0 && tokens[index - 1].lower == "thị";
                if !after_thi {
                    return Some("commune");
                }
                return Some("district");
            }
            "trấn" if index > 0 && tokens[index - 1].lower == "thị" => return Some("commune"),
            "phố" if index > 0 && tokens[index - 1].lower == "thành" => {
                let named = tokens.get(index + 1).is_some_and(|t| t.is_word && is_capitalised(t.text));
                let written_capital = is_capitalised(tokens[index - 1].text);
                return Some(if named || !written_capital { "district" } else { "province" });
            }
            _ => {}
        }
    }
    if lowered.starts_with("sở ") || lowered.starts_with("tỉnh ủy") || lowered.starts_with("tỉnh đoàn") || lowered.starts_with("bộ chỉ huy")
    {
        return Some("province");
    }
    if lowered.starts_with("huyện ủy") {
        return Some("district");
    }
    None
}

#[cfg(test)]
mod tests {
    //! Cases written from the conventions of SPEC §5.2/§5.6 with invented names and places.
    use super::*;

    /// Exact comparison (canonical spelling included).
    fn check(cell: &str, expected: &[&str]) {
        assert_eq!(split_agencies(cell), expected, "cell: {cell}");
    }

    fn check_one(name: &str, expected: &str) {
        assert_eq!(canonical_agency(name), expected, "name: {name}");
    }

    // --- Rule 1: abbreviations -------------------------------------------------------------

    #[test]
    fn expands_people_committee_and_council() {
        check("UBND tỉnh Lam Sơn", &["Ủy ban nhân dân tỉnh Lam Sơn"]);
        check("HĐND huyện Kim Lâm", &["Hội đồng nhân dân huyện Kim Lâm"]);
    }

    #[test]
    fn expands_agriculture_department_variants() {
        let expected = ["Sở Nông nghiệp và Phát triển nông thôn"];
        check("Sở NN&PTNT", &expected);
        check("Sở NN và PTNT", &expected);
        check("Sở Nông nghiệp và PTNT", &expected);
    }

    #[test]
    fn expands_department_field_abbreviations() {
        check("Sở KH&ĐT", &["Sở Kế hoạch và Đầu tư"]);
        check("Sở KH&CN", &["Sở Khoa học và Công nghệ"]);
        check("Sở TN&MT", &["Sở Tài nguyên và Môi trường"]);
        check("Sở TNMT", &["Sở Tài nguyên và Môi trường"]);
        check("Sở TT&TT", &["Sở Thông tin và Truyền thông"]);
        check("Sở GD&ĐT", &["Sở Giáo dục và Đào tạo"]);
        check("Sở GTVT", &["Sở Giao thông vận tải"]);
    }

    #[test]
    fn expands_labour_and_culture_departments() {
        check("Sở LĐTB&XH", &["Sở Lao động - Thương binh và Xã hội"]);
        check("Sở LĐTBXH", &["Sở Lao động - Thương binh và Xã hội"]);
        check("Sở VHTTDL", &["Sở Văn hóa, Thể thao và Du lịch"]);
    }

    #[test]
    fn expands_programme_office_and_steering_committee() {
        check("Văn phòng Điều phối NTM tỉnh", &["Văn phòng Điều phối nông thôn mới tỉnh"]);
        check("VPĐP NTM huyện", &["Văn phòng Điều phối nông thôn mới huyện"]);
        check("BCĐ tỉnh", &["Ban Chỉ đạo tỉnh"]);
    }

    #[test]
    fn expands_front_insurance_and_military() {
        check("UBMTTQVN tỉnh", &["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]);
        check("UBMTTQ huyện", &["Ủy ban Mặt trận Tổ quốc Việt Nam huyện"]);
        check("BHXH tỉnh", &["Bảo hiểm xã hội tỉnh"]);
        check("BCHQS tỉnh", &["Bộ Chỉ huy Quân sự tỉnh"]);
        check("Ban CHQS huyện", &["Ban Chỉ huy Quân sự huyện"]);
    }

    #[test]
    fn expands_city_town_and_cooperatives() {
        check("UBND TP Tân An", &["Ủy ban nhân dân thành phố Tân An"]);
        check("UBND TX Bình Phước", &["Ủy ban nhân dân thị xã Bình Phước"]);
        check("Liên minh HTX", &["Liên minh Hợp tác xã"]);
        check("Các tổ chức KTTT, HTX", &["Các tổ chức kinh tế tập thể, Hợp tác xã"]);
    }

    // --- Rule 2: typo and OCR repair ----------------------------------------------------------

    #[test]
    fn repairs_ocr_in_abbreviation_and_head() {
        check("UBNĐ huyện Kim Lâm", &["Ủy ban nhân dân huyện Kim Lâm"]);
        check("Vãn phòng UBND tỉnh", &["Văn phòng Ủy ban nhân dân tỉnh"]);
        check("Liên Minh HTX tỉnh", &["Liên minh Hợp tác xã tỉnh"]);
    }

    #[test]
    fn repairs_province_word_at_end() {
        check("Hội Nông dân tình", &["Hội Nông dân tỉnh"]);
        check("Liên minh HTX tinh", &["Liên minh Hợp tác xã tỉnh"]);
        // A place name with a capital is left alone.
        check("UBND tỉnh Hà Tĩnh", &["Ủy ban nhân dân tỉnh Hà Tĩnh"]);
    }

    #[test]
    fn repairs_stray_punctuation_inside_words() {
        check("Sở Tài nguyên - và Môi, trường", &["Sở Tài nguyên và Môi trường"]);
        check("Sở Nông - nghiệp và Phát, triển nông thôn", &["Sở Nông nghiệp và Phát triển nông thôn"]);
    }

    #[test]
    fn repairs_missing_official_punctuation() {
        check("Sở Văn hóa Thể thao và Du lịch", &["Sở Văn hóa, Thể thao và Du lịch"]);
        check("Sở Văn hóa Thể thao du lịch", &["Sở Văn hóa, Thể thao và Du lịch"]);
        check("Sở Lao động Thương binh và Xã hội", &["Sở Lao động - Thương binh và Xã hội"]);
    }

    #[test]
    fn repairs_small_slips_by_edit_distance() {
        check("Sở Giáo duc và Đào tao", &["Sở Giáo dục và Đào tạo"]);
        check("Sở Khoa hoc và Cong nghe", &["Sở Khoa học và Công nghệ"]);
        check("Sở Lao động Thương binh và Xã hynội", &["Sở Lao động - Thương binh và Xã hội"]);
    }

    #[test]
    fn does_not_merge_distinct_departments() {
        check("Sở Tài nguyên và Môi trường", &["Sở Tài nguyên và Môi trường"]);
        check("Sở Nông nghiệp và Môi trường", &["Sở Nông nghiệp và Môi trường"]);
        check("Sở Ngoại vụ", &["Sở Ngoại vụ"]);
        check("Sở Nội vụ", &["Sở Nội vụ"]);
    }

    // --- Rule 3: splitting ----------------------------------------------------------------

    #[test]
    fn splits_on_semicolon_and_comma_before_a_name() {
        check("Sở Tài chính; Sở Xây dựng", &["Sở Tài chính", "Sở Xây dựng"]);
        check("Sở Tài chính, Sở Xây dựng, Công an tỉnh", &["Sở Tài chính", "Sở Xây dựng", "Công an tỉnh"]);
    }

    #[test]
    fn splits_on_va_only_before_a_head_word() {
        check("Sở Y tế và UBND các xã", &["Sở Y tế", "Ủy ban nhân dân các xã"]);
        check("Sở Kế hoạch và Đầu tư", &["Sở Kế hoạch và Đầu tư"]);
        check("Sở Tư pháp và các cơ quan liên quan", &["Sở Tư pháp", "Các cơ quan liên quan"]);
        check("Các sở, ngành và địa phương", &["Các sở, ngành và địa phương"]);
    }

    #[test]
    fn keeps_official_commas_inside_names() {
        check("Sở Văn hóa, Thể thao và Du lịch, Sở Y tế", &["Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế"]);
        check("Cơ sở khám bệnh, chữa bệnh", &["Cơ sở khám bệnh, chữa bệnh"]);
    }

    #[test]
    fn splits_on_slash_between_names_but_not_in_a_collective() {
        check("Vụ Kế hoạch - Tài chính/ Ban Quản lý quy hoạch", &["Vụ Kế hoạch - Tài chính", "Ban Quản lý quy hoạch"]);
        check("Ban Quản lý quy hoạch/Tư vấn được lựa chọn", &["Ban Quản lý quy hoạch", "Tư vấn được lựa chọn"]);
        check("UBND các huyện/thành phố", &["Ủy ban nhân dân các huyện, thành phố"]);
    }

    #[test]
    fn splits_names_run_together() {
        check("Sở Tài chính Sở Xây dựng", &["Sở Tài chính", "Sở Xây dựng"]);
        check(
            "Sở Khoa học và Công nghệ Sở Y tế; UBND các phường, xã",
            &["Sở Khoa học và Công nghệ", "Sở Y tế", "Ủy ban nhân dân các phường, xã"],
        );
    }

    #[test]
    fn shares_the_department_head_over_a_second_field() {
        check("Sở Tài chính, Tư pháp", &["Sở Tài chính", "Sở Tư pháp"]);
    }

    #[test]
    fn line_breaks_separate_names_and_duplicates_go() {
        check("Sở Y tế, UBND các huyện ven sông\nUBND các huyện ven sông", &["Sở Y tế", "Ủy ban nhân dân các huyện ven sông"]);
    }

    // --- Rule 4: enumerations and collectives ---------------------------------------------------

    #[test]
    fn distributes_a_numbered_enumeration() {
        check(
            "UBND 03 huyện: Kim Lâm, Tân Phú và An Khánh",
            &["Ủy ban nhân dân huyện Kim Lâm", "Ủy ban nhân dân huyện Tân Phú", "Ủy ban nhân dân huyện An Khánh"],
        );
    }

    #[test]
    fn distributes_two_bodies_over_each_unit() {
        check(
            "UBND và Hội Nông dân 02 huyện: Kim Lâm, Tân Phú",
            &["Ủy ban nhân dân huyện Kim Lâm", "Hội Nông dân huyện Kim Lâm", "Ủy ban nhân dân huyện Tân Phú", "Hội Nông dân huyện Tân Phú"],
        );
    }

    #[test]
    fn distributes_only_the_local_body_after_a_department() {
        check(
            "Sở Y tế và UBND 02 huyện: Kim Lâm và Tân Phú",
            &["Sở Y tế", "Ủy ban nhân dân huyện Kim Lâm", "Ủy ban nhân dân huyện Tân Phú"],
        );
    }

    #[test]
    fn distributes_a_named_city_after_a_plural_unit() {
        check("UBND các huyện, TP Tân An", &["Ủy ban nhân dân các huyện", "Ủy ban nhân dân thành phố Tân An"]);
        check(
            "Các Sở ban ngành, UBND các huyện, thành phố Tân An",
            &["Các Sở ban ngành", "Ủy ban nhân dân các huyện", "Ủy ban nhân dân thành phố Tân An"],
        );
    }

    #[test]
    fn capitalises_place_names_from_the_text() {
        check("UBND huyện Kim lâm", &["Ủy ban nhân dân huyện Kim Lâm"]);
        check("UBND 02 xã: Tân hòa, An phú", &["Ủy ban nhân dân xã Tân Hòa", "Ủy ban nhân dân xã An Phú"]);
    }

    #[test]
    fn keeps_purely_collective_phrases_whole() {
        check("UBND các huyện, thị xã, thành phố", &["Ủy ban nhân dân các huyện, thị xã, thành phố"]);
        check("Các sở, ban ngành tỉnh có liên quan", &["Các sở, ban ngành tỉnh có liên quan"]);
        check("Các đoàn thể, tổ chức xã hội", &["Các đoàn thể, tổ chức xã hội"]);
        check("Các cơ quan, đơn vị, địa phương liên quan", &["Các cơ quan, đơn vị, địa phương liên quan"]);
    }

    #[test]
    fn keeps_bare_kind_lists_whole() {
        check("Viện, Trường", &["Viện, Trường"]);
        check("Doanh nghiệp, nhà cung cấp dịch vụ IoT, nhà đầu tư", &["Doanh nghiệp, nhà cung cấp dịch vụ IoT, nhà đầu tư"]);
        check("Doanh nghiệp, Sở, ban, ngành có liên quan", &["Doanh nghiệp", "Sở, ban, ngành có liên quan"]);
    }

    #[test]
    fn capitalises_a_leading_cac() {
        check("các đơn vị có liên quan", &["Các đơn vị có liên quan"]);
        check("Bộ Xây dựng, các địa phương", &["Bộ Xây dựng", "Các địa phương"]);
    }

    #[test]
    fn splits_a_head_word_out_of_a_collective() {
        check("Các bộ, ngành, Ủy ban nhân dân các tỉnh, thành phố", &["Các bộ, ngành", "Ủy ban nhân dân các tỉnh, thành phố"]);
        check("Các Sở, ngành, đơn vị, UBND cấp xã", &["Các Sở, ngành, đơn vị", "Ủy ban nhân dân cấp xã"]);
    }

    // --- Titles, trailing notes, leading verbs ---------------------------------------------------

    #[test]
    fn drops_titles() {
        check("Thủ trưởng các sở, ngành", &["Các sở, ngành"]);
        check("Chủ tịch UBND các huyện", &["Ủy ban nhân dân các huyện"]);
        check("Bộ trưởng Bộ Xây dựng", &["Bộ Xây dựng"]);
        check("Giám đốc Sở Y tế và Chủ tịch UBND huyện Kim Lâm", &["Sở Y tế", "Ủy ban nhân dân huyện Kim Lâm"]);
    }

    #[test]
    fn drops_trailing_verbs_and_notes() {
        check("Các đơn vị liên quan thực hiện", &["Các đơn vị liên quan"]);
        check("Sở Công Thương (chuỗi lúa gạo)", &["Sở Công Thương"]);
        check("Sở Y tế (Chi cục Dân số - Kế hoạch hóa gia đình)", &["Sở Y tế"]);
        check("Các cơ quan, đơn vị theo quy định", &["Các cơ quan, đơn vị"]);
    }

    #[test]
    fn drops_leading_directives_and_connectives() {
        check("Giao Sở Tài chính", &["Sở Tài chính"]);
        check("Đề nghị Hội Nông dân tỉnh", &["Hội Nông dân tỉnh"]);
        check("và các đơn vị liên quan", &["Các đơn vị liên quan"]);
        check("Sở Tư pháp;", &["Sở Tư pháp"]);
    }

    // --- Rule 6: capitalisation and qualifiers ---------------------------------------------------

    #[test]
    fn keeps_geographic_qualifiers_as_written() {
        check("Hội Nông dân tỉnh", &["Hội Nông dân tỉnh"]);
        check("Hội Nông dân", &["Hội Nông dân"]);
        check("Ngân hàng Nhà nước Chi nhánh tỉnh Lam Sơn", &["Ngân hàng Nhà nước Chi nhánh tỉnh Lam Sơn"]);
    }

    #[test]
    fn applies_official_capitalisation() {
        check_one("Sở Nông nghiệp và phát triển nông thôn", "Sở Nông nghiệp và Phát triển nông thôn");
        check_one("Ban Quản lý khu Kinh tế", "Ban Quản lý Khu kinh tế");
        check_one("Liên Minh HTX", "Liên minh Hợp tác xã");
        check_one("Sở công thương", "Sở Công Thương");
        check_one("Ngân hàng Nhà nước chi nhánh khu vực 9", "Ngân hàng Nhà nước Chi nhánh Khu vực 9");
    }

    #[test]
    fn canonical_agency_strips_directive_and_verb() {
        check_one("Giao Sở Nội vụ chủ trì", "Sở Nội vụ");
        check_one("Đề nghị các tổ chức cung cấp dịch vụ", "Các tổ chức cung cấp dịch vụ");
    }

    // --- Body partners --------------------------------------------------------------------

    #[test]
    fn partners_after_phoi_hop_voi() {
        assert_eq!(
            partners_in_text("Chủ trì, phối hợp với Sở Tài chính, Sở Xây dựng và các cơ quan liên quan tổ chức thực hiện."),
            ["Sở Tài chính", "Sở Xây dựng", "Các cơ quan liên quan"]
        );
    }

    #[test]
    fn partners_without_voi_and_with_adverb() {
        assert_eq!(partners_in_text("Phối hợp Sở Nội vụ thẩm định hồ sơ."), ["Sở Nội vụ"]);
        assert_eq!(partners_in_text("Phối hợp chặt chẽ với địa phương triển khai kế hoạch."), ["Địa phương"]);
        assert_eq!(partners_in_text("Phối hợp với chính quyền địa phương vận động người dân."), ["Chính quyền địa phương"]);
        assert_eq!(partners_in_text("Phối hợp với chính quyền các cấp giải quyết kiến nghị."), ["Chính quyền các cấp"]);
        assert!(partners_in_text("Phối hợp xây dựng chính quyền số, kinh tế số.").is_empty());
    }

    #[test]
    fn no_partner_for_guided_or_purpose_objects() {
        assert!(partners_in_text("Phối hợp, hướng dẫn các doanh nghiệp thực hiện.").is_empty());
        assert!(partners_in_text("Các hội phối hợp để tuyên truyền, vận động.").is_empty());
        assert!(partners_in_text("Phối hợp tổ chức tập huấn cho cán bộ.").is_empty());
        assert!(partners_in_text("Hướng dẫn Sở Y tế thực hiện; báo cáo UBND tỉnh kết quả.").is_empty());
    }

    #[test]
    fn no_partner_for_agreement_or_linkage() {
        assert!(partners_in_text("Trình Thủ tướng sau khi có sự thống nhất với các Bộ, cơ quan liên quan.").is_empty());
        assert!(partners_in_text("Hợp tác, liên kết với các viện nghiên cứu.").is_empty());
    }

    #[test]
    fn partners_shared_with_support_are_distributed() {
        assert_eq!(
            partners_in_text("Phối hợp, hỗ trợ các huyện Kim Lâm, Tân Phú hoàn thành tiêu chí."),
            ["Huyện Kim Lâm", "Huyện Tân Phú"]
        );
    }

    #[test]
    fn partners_drop_parenthetical_units_and_read_past_semicolons() {
        assert_eq!(partners_in_text("Phối hợp với Sở Y tế (Chi cục Dân số) triển khai kế hoạch."), ["Sở Y tế"]);
        assert_eq!(
            partners_in_text("Phối hợp Ban Quản lý Khu kinh tế; các doanh nghiệp viễn thông và các đơn vị liên quan rà soát quy hoạch."),
            ["Ban Quản lý Khu kinh tế", "Các doanh nghiệp viễn thông", "Các đơn vị liên quan"]
        );
    }

    #[test]
    fn partners_in_several_sentences_without_duplicates() {
        assert_eq!(
            partners_in_text(
                "Phối hợp với Sở Tư pháp rà soát văn bản. Tiếp tục phối hợp với Sở Tư pháp và các tổ chức thành viên tuyên truyền."
            ),
            ["Sở Tư pháp", "Các tổ chức thành viên"]
        );
    }

    // --- Paragraph assignments --------------------------------------------------------------

    #[test]
    fn assignment_with_giao_gives_lead_and_partners() {
        assert_eq!(
            assignment_in_paragraph("Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ và các địa phương triển khai thực hiện."),
            Some((vec!["Sở Tài chính".to_string()], vec!["Sở Nội vụ".to_string(), "Các địa phương".to_string()]))
        );
    }

    #[test]
    fn assignment_subject_with_titles() {
        let (lead, partners) =
            assignment_in_paragraph("2. Thủ trưởng các sở, ngành tỉnh và Chủ tịch UBND các huyện chủ động triển khai thực hiện.")
                .expect("an assignment");
        assert_eq!(lead, ["Các sở, ngành tỉnh", "Ủy ban nhân dân các huyện"]);
        assert!(partners.is_empty());
    }

    #[test]
    fn assignment_after_de_nghi_and_yeu_cau() {
        assert_eq!(
            assignment_in_paragraph("Đề nghị Ủy ban MTTQ Việt Nam tỉnh và các đoàn thể chính trị - xã hội quan tâm tuyên truyền.")
                .map(|(lead, _)| lead),
            Some(vec!["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh".to_string(), "Các đoàn thể chính trị - xã hội".to_string()])
        );
        assert_eq!(
            assignment_in_paragraph("Ủy ban nhân dân tỉnh yêu cầu các sở, ngành, UBND các huyện nghiêm túc thực hiện.")
                .map(|(lead, _)| lead),
            Some(vec!["Các sở, ngành".to_string(), "Ủy ban nhân dân các huyện".to_string()])
        );
    }

    #[test]
    fn no_assignment_for_general_or_conditional_paragraphs() {
        assert_eq!(assignment_in_paragraph("Trên đây là Kế hoạch triển khai chương trình của tỉnh."), None);
        assert_eq!(
            assignment_in_paragraph(
                "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị các đơn vị phản ánh về Sở Tư pháp để tổng hợp."
            ),
            None
        );
    }

    // --- Headings ---------------------------------------------------------------------------

    #[test]
    fn recognises_agency_headings() {
        assert!(is_agency_heading("1. Sở Tài chính"));
        assert!(is_agency_heading("Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh"));
        assert!(is_agency_heading("1. Thư viện tỉnh"));
        assert_eq!(heading_agencies("Bảo tàng tỉnh"), ["Bảo tàng tỉnh"]);
        assert!(!is_agency_heading("2. Phát triển thư viện số"));
        assert!(is_agency_heading("Đề nghị các tổ chức cung cấp dịch vụ chi trả"));
        assert!(is_agency_heading("Các sở, ban, ngành tỉnh khác"));
        assert!(is_agency_heading("### 6. Sở Công Thương:"));
        assert!(is_agency_heading("UBND các xã, phường"));
        assert!(is_agency_heading("SỞ TÀI CHÍNH"));
    }

    #[test]
    fn rejects_topic_headings() {
        for heading in [
            "Mục tiêu",
            "Hoàn thiện thể chế",
            "Công tác thông tin, báo cáo",
            "Kinh phí thực hiện",
            "Tổ chức thực hiện",
            "Hội nghị sơ kết",
            "Ban hành văn bản hướng dẫn",
            "Báo cáo kết quả",
            "Các giải pháp chủ yếu",
            "Cấp xã",
            "BÁO CÁO",
            "TỔ CHỨC THỰC HIỆN",
        ] {
            assert!(!is_agency_heading(heading), "{heading}");
        }
    }

    #[test]
    fn heading_agencies_after_dropping_directive_and_colon() {
        assert_eq!(heading_agencies("1. Sở Tài chính:"), ["Sở Tài chính"]);
        assert_eq!(
            heading_agencies("Đề nghị Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh"),
            ["Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]
        );
        assert_eq!(heading_agencies("Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh"), ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"]);
        assert_eq!(heading_agencies("3. Sở Nội vụ chủ trì, phối hợp với các cơ quan"), ["Sở Nội vụ"]);
        assert!(heading_agencies("Mục tiêu").is_empty());
    }

    // --- Classification -----------------------------------------------------------------------

    #[test]
    fn classifies_kinds_and_levels() {
        assert_eq!(classify_agency("UBND huyện Kim Lâm"), ("people_committee", Some("district")));
        assert_eq!(classify_agency("Sở Tài chính"), ("department", Some("province")));
        assert_eq!(classify_agency("Bộ Xây dựng"), ("ministry", Some("central")));
        assert_eq!(classify_agency("Công an tỉnh"), ("police", Some("province")));
        assert_eq!(classify_agency("Bộ Chỉ huy Quân sự tỉnh"), ("military", Some("province")));
        assert_eq!(classify_agency("Các sở, ban, ngành tỉnh"), ("collective", Some("province")));
        assert_eq!(classify_agency("UBND các xã, phường").1, Some("commune"));
        assert_eq!(classify_agency("Hội Nông dân tỉnh").0, "association");
        assert_eq!(classify_agency("Ngân hàng Nhà nước").0, "bank");
        assert_eq!(classify_agency("Báo Lam Sơn").0, "media");
        assert_eq!(classify_agency("Ban Tuyên giáo Tỉnh ủy").0, "party");
        assert_eq!(classify_agency("UBMTTQVN tỉnh").0, "front");
        assert_eq!(classify_agency("Văn phòng UBND tỉnh").0, "office");
        assert_eq!(classify_agency("Trung tâm Khuyến nông").0, "center");
        assert_eq!(classify_agency("Ban Quản lý Khu kinh tế").0, "board");
        assert_eq!(classify_agency("Doanh nghiệp").0, "enterprise");
    }

    // --- Totality -----------------------------------------------------------------------------

    #[test]
    fn empty_and_punctuation_only_inputs() {
        for input in ["", "   ", "\u{a0}", ";;,,//::", "- + *", "và", "các", "(", ")", "()"] {
            assert!(split_agencies(input).is_empty(), "{input:?}");
            let _ = canonical_agency(input);
            let _ = partners_in_text(input);
            let _ = assignment_in_paragraph(input);
            let _ = is_agency_heading(input);
            let _ = heading_agencies(input);
            let _ = classify_agency(input);
        }
    }

    #[test]
    fn unbalanced_parentheses_do_not_panic() {
        check("Sở Y tế (Chi cục Dân số; Sở Nội vụ", &["Sở Y tế", "Sở Nội vụ"]);
        check("Sở Y tế) Sở Nội vụ", &["Sở Y tế", "Sở Nội vụ"]);
        assert_eq!(partners_in_text("phối hợp với Sở Y tế (Chi cục Dân số triển khai"), ["Sở Y tế"]);
        let _ = assignment_in_paragraph("Giao ((( Sở Tư pháp )) chủ trì");
    }

    #[test]
    fn dangling_phrases_do_not_panic() {
        assert!(partners_in_text("phối hợp").is_empty());
        assert!(partners_in_text("phối hợp với").is_empty());
        assert!(partners_in_text("phối hợp,").is_empty());
        assert_eq!(assignment_in_paragraph("Giao"), None);
        assert_eq!(assignment_in_paragraph("Đề nghị"), None);
        let _ = split_agencies("UBND 06 huyện:");
        let _ = split_agencies(": A, B");
        let _ = split_agencies("UBND các huyện, TP");
    }

    #[test]
    fn long_cells_are_handled() {
        let cell = "Sở Tài chính, UBND huyện Kim Lâm, Các sở, ban, ngành; ".repeat(200);
        assert!(cell.len() > 10_000);
        let names = split_agencies(&cell);
        assert_eq!(names, ["Sở Tài chính", "Ủy ban nhân dân huyện Kim Lâm", "Các sở, ban, ngành"]);
        let prose = "phối hợp với Sở Tư pháp, các cơ quan liên quan ".repeat(300);
        assert_eq!(partners_in_text(&prose), ["Sở Tư pháp", "Các cơ quan liên quan"]);
        let single_word = "Sở".repeat(6_000);
        let _ = split_agencies(&single_word);
        let _ = canonical_agency(&single_word);
        let mixed = "(Sở Y tế, ".repeat(1_500);
        let _ = split_agencies(&mixed);
        let _ = assignment_in_paragraph(&mixed);
    }

    #[test]
    fn unusual_characters_do_not_panic() {
        for input in [
            "ẞ Sở ǅ Tài chính",
            "Sở\u{301} Y tế",
            "UBND\u{200b}huyện",
            "İstanbul, Sở Y tế",
            "0/0/0",
            "&&&",
            "Sở – Ban – Ngành",
            "\"Sở Y tế\"",
        ] {
            let _ = split_agencies(input);
            let _ = canonical_agency(input);
            let _ = partners_in_text(input);
            let _ = assignment_in_paragraph(input);
            let _ = heading_agencies(input);
            let _ = classify_agency(input);
        }
    }
    #[test]
    fn a_complete_name_ends_before_an_unlisted_verb() {
        assert_eq!(partners_in_text("Phối hợp với Công an tỉnh khai thác dữ liệu dân cư."), ["Công an tỉnh"]);
        assert_eq!(partners_in_text("phối hợp với Sở Nội vụ tổ chức hội nghị sơ kết"), ["Sở Nội vụ"]);
        assert_eq!(partners_in_text("phối hợp với Báo Lạc Hồng thông tin kịp thời"), ["Báo Lạc Hồng"]);
        assert_eq!(partners_in_text("phối hợp với Liên minh Hợp tác xã thành phố xúc tiến thương mại"), ["Liên minh Hợp tác xã thành phố"]);
        assert_eq!(partners_in_text("phối hợp với Liên minh Hợp tác xã tình lựa chọn mô hình"), ["Liên minh Hợp tác xã tỉnh"]);
        assert_eq!(partners_in_text("phối hợp với Công an tỉnh, Thuế tỉnh Hòa Bình kiểm tra"), ["Công an tỉnh", "Thuế tỉnh Hòa Bình"]);
        // A slipped tone mark in a multi-word head word is still a head word.
        assert_eq!(partners_in_text("phối hợp với Vãn phòng UBND tỉnh tổng hợp kết quả"), ["Văn phòng Ủy ban nhân dân tỉnh"]);
    }

    #[test]
    fn function_names_and_collectives_keep_their_lower_case_words() {
        assert_eq!(partners_in_text("phối hợp với Trung tâm Kiểm soát bệnh tật tỉnh giám sát dịch"), ["Trung tâm Kiểm soát bệnh tật tỉnh"]);
        assert_eq!(partners_in_text("phối hợp với các sở, ngành tỉnh có liên quan rà soát"), ["Các sở, ngành tỉnh có liên quan"]);
        assert_eq!(
            partners_in_text("phối hợp với Văn phòng Điều phối nông thôn mới tỉnh kiểm tra"),
            ["Văn phòng Điều phối nông thôn mới tỉnh"]
        );
        assert_eq!(
            partners_in_text("phối hợp với các tổ chức chính trị - xã hội tại địa phương vận động"),
            ["Các tổ chức chính trị - xã hội tại địa phương"]
        );
    }

    #[test]
    fn a_named_body_over_plural_units_is_one_collective() {
        assert_eq!(split_agencies("Trạm Y tế các xã, phường"), ["Trạm Y tế các xã, phường"]);
        assert_eq!(
            split_agencies("Sở Y tế các tỉnh, thành phố trực thuộc Trung ương"),
            ["Sở Y tế các tỉnh, thành phố trực thuộc Trung ương"]
        );
        assert_eq!(split_agencies("Sở Y tế các tỉnh, Sở Tài chính"), ["Sở Y tế các tỉnh", "Sở Tài chính"]);
        assert_eq!(
            heading_agencies("Sở Y tế các tỉnh, thành phố trực thuộc Trung ương"),
            ["Sở Y tế các tỉnh, thành phố trực thuộc Trung ương"]
        );
    }

    #[test]
    fn a_plural_unit_before_place_names_is_an_enumeration() {
        assert_eq!(
            split_agencies("UBND các huyện Tân Phú, Mỹ Lợi và Long Thạnh"),
            ["Ủy ban nhân dân huyện Tân Phú", "Ủy ban nhân dân huyện Mỹ Lợi", "Ủy ban nhân dân huyện Long Thạnh"]
        );
        assert_eq!(split_agencies("UBND các huyện Tân Phú, Sở Y tế"), ["Ủy ban nhân dân các huyện Tân Phú", "Sở Y tế"]);
        assert_eq!(split_agencies("UBND các huyện, thị xã, thành phố"), ["Ủy ban nhân dân các huyện, thị xã, thành phố"]);
    }
}

#[cfg(test)]
mod token_properties {
    use super::*;
    use proptest::prelude::*;

    /// The spans the token grammar defines, read with the regex engine.
    fn regex_spans(text: &str) -> Vec<(usize, usize)> {
        let re = Regex::new(r"[\p{L}\p{M}\p{N}&]+(?:[-.][\p{L}\p{M}\p{N}&]+)*|[^\s\p{L}\p{M}\p{N}]").unwrap();
        re.find_iter(text).map(|m| (m.start(), m.end())).collect()
    }

    proptest! {
        #[test]
        fn word_spans_are_the_word_regex_matches(text in "\\PC{0,40}") {
            let re = Regex::new(r"[\p{L}\p{M}\p{N}&]+(?:[-.][\p{L}\p{M}\p{N}&]+)*").unwrap();
            let words: Vec<(usize, usize)> = token_spans(&text).filter(|t| t.2).map(|t| (t.0, t.1)).collect();
            prop_assert_eq!(words, re.find_iter(&text).map(|m| (m.start(), m.end())).collect::<Vec<_>>());
        }

        #[test]
        fn tokens_follow_the_word_grammar(text in "[a-zA-Z0-9&\\-. ,;:()\"“”–/\\t\\nđĐơƯắẰệỆ×÷\u{301}\u{323}\u{a0}\u{2003}ⅫⒶ٣中ß]{0,40}") {
            let spans: Vec<(usize, usize)> = tokenize(&text).iter().map(|t| (t.start, t.end)).collect();
            prop_assert_eq!(spans, regex_spans(&text));
        }

        #[test]
        fn tokens_follow_the_word_grammar_on_any_text(text in "\\PC{0,40}") {
            let spans: Vec<(usize, usize)> = tokenize(&text).iter().map(|t| (t.start, t.end)).collect();
            prop_assert_eq!(spans, regex_spans(&text));
        }
    }

    proptest! {
        #[test]
        fn keys_are_deaccented_words_joined_by_one_space(text in "\\PC{0,30}") {
            let deaccented = deaccent(&text);
            let words: Vec<&str> = deaccented.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
            prop_assert_eq!(comparison_key(&text), words.join(" "));
        }

        #[test]
        fn token_lower_case_is_the_lower_case_of_the_text(text in "[a-zA-ZđĐơƠắẰệỆǅΣσⅫⓐⒶß&\\-. ]{0,20}") {
            for token in tokenize(&text) {
                prop_assert_eq!(&token.lower, &token.text.to_lowercase());
            }
        }
    }

    #[test]
    fn phoi_hop_is_found_in_any_case_and_spacing() {
        for text in ["phối hợp với", "Chủ trì, PHỐI HỢP", "Phối  hợp", "phối\u{a0}Hợp", "(phối hợp)"] {
            assert!(mentions_phoi_hop(text), "{text}");
        }
        for text in ["phốihợp", "xphối hợp", "hợp tác", "phối hơp", ""] {
            assert!(!mentions_phoi_hop(text), "{text}");
        }
    }

    #[test]
    fn base_letters_cover_vietnamese() {
        assert_eq!(deaccent("Đồng Tháp ỨNG phó Ẩ"), "dong thap ung pho a");
        assert_eq!(base_letter('×'), None);
        assert_eq!(base_letter('ß'), None);
        assert_eq!(base_letter('a'), None);
    }
}
