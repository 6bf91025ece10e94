//! Deadlines: the time a plan gives a task, read from a table cell, a `Thời gian thực hiện: …`
//! field, or the running prose of a body task item.
//!
//! In: normalized text (NFC, traditional tone placement, markup removed) and the plan year used to
//! complete periods written without a year. Out: a [`Deadline`] with its kind (SPEC §5.3), the
//! inclusive first and last day it covers, the recurrence of periodic work, and whether the year
//! was taken from the plan year.
//!
//! [`parse_deadline`] reads a whole deadline cell: everything in it is about time.
//! [`find_deadline`] reads a task description and returns the first time expression that governs
//! the task's action (SPEC §5.6); it prefers saying nothing to guessing, because most body items
//! state no deadline and a year in prose is usually part of a name (`giai đoạn 2021 - 2025`).
//!
//! Reading choices the SPEC leaves open (documented here, tested below):
//! - `đầu năm Y` → range Y-01-01 – Y-03-31; `giữa năm Y` → Y-04-01 – Y-09-30; `cuối năm Y` →
//!   Y-10-01 – Y-12-31 (inside a `định kỳ` list, `cuối năm` is the annual recurrence instead).
//! - `trước <period>` ends the day before the period begins (`trước quý III/2024` → 2024-06-30);
//!   `trước ngày D` ends on D itself (SPEC example); `chậm nhất`, `hạn chót`, `đến hết` and a
//!   leading `đến` end on the last day of the period.
//! - `Đông Xuân Y` with a single year is the crop harvested in Y: (Y-1)-11-01 – Y-04-30;
//!   `Đông Xuân Y – Y+1` follows the SPEC.
//! - A period without a year borrows the year written later in the same cell (`từ tháng 3 đến
//!   tháng 6/2023`), else an earlier one, else the plan year (`year_inferred`). With no plan year
//!   the kind is kept and the dates stay null.
//! - A recurring deadline has dates only from a period with a written year (`Năm 2022 và hàng
//!   năm` → from 2022-01-01); `Trước ngày 15/6 hằng năm` is recurring annual, null – null.
//!
//! What it does not do: it finds no event deadlines in prose (`khi có dịch bùng phát` is nearly
//! always part of an object), never reads `đến năm 2030` in prose as a deadline (a horizon), and
//! emits no diagnostics (the caller reports kind `unknown`). Only the three crop seasons of the
//! SPEC are known. Functions are total: no input panics, and the cost is linear in the input.

use std::sync::OnceLock;

use regex::{Captures, Regex};

use crate::date::Date;

// ------------------------------------------------------------------------------------------
// Lexicons (lower case; a space stands for any run of whitespace)
// ------------------------------------------------------------------------------------------

use crate::lexicon::{
    ACTION_VERBS, BY_PREPOSITIONS, CLAUSE_OPENERS, CONTINUOUS_WORDS, EVENT_LEADS, FIELD_LABELS, FROM_PREPOSITIONS,
    NOUNS_BEFORE_ADJECTIVAL_CONTINUOUS, NOUNS_BEFORE_ADJECTIVAL_PERIODIC, NOUNS_BEFORE_ADJECTIVAL_RECURRENCE, NOUN_PHRASE_YEAR_CUES,
    OPEN_END_PHRASES, PROGRAMME_NOUNS, RECURRING_EVENT_NOUNS, STRICT_BY_PREPOSITIONS, UNTIL_PREPOSITIONS, WITHIN_PREPOSITIONS,
};

/// Crop seasons (SPEC §5.3): name, first month/day, last month/day; Đông Xuân crosses the year.
const SEASONS: &[(&str, Season)] =
    &[("đông xuân", Season::WinterSpring), ("hè thu", Season::SummerAutumn), ("thu đông", Season::AutumnWinter)];

// ------------------------------------------------------------------------------------------
// Public types
// ------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeadlineKind {
    Month,
    Range,
    Quarter,
    Half,
    Year,
    Years,
    Date,
    Continuous,
    By,
    Recurring,
    Event,
    Season,
    Unknown,
}

impl DeadlineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::Month => "month",
            DeadlineKind::Range => "range",
            DeadlineKind::Quarter => "quarter",
            DeadlineKind::Half => "half",
            DeadlineKind::Year => "year",
            DeadlineKind::Years => "years",
            DeadlineKind::Date => "date",
            DeadlineKind::Continuous => "continuous",
            DeadlineKind::By => "by",
            DeadlineKind::Recurring => "recurring",
            DeadlineKind::Event => "event",
            DeadlineKind::Season => "season",
            DeadlineKind::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Recurrence {
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    Semiannual,
    Annual,
}

impl Recurrence {
    pub fn as_str(self) -> &'static str {
        match self {
            Recurrence::Daily => "daily",
            Recurrence::Weekly => "weekly",
            Recurrence::Monthly => "monthly",
            Recurrence::Quarterly => "quarterly",
            Recurrence::Semiannual => "semiannual",
            Recurrence::Annual => "annual",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub text: String,
    pub kind: DeadlineKind,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub recurrence: Vec<Recurrence>,
    pub year_inferred: bool,
}

/// A whole deadline cell of a table or the value of a "Thời gian thực hiện: ..." field.
/// None when the text is empty or holds no letters/digits; Some(kind Unknown, start/end None) when unparseable.
pub fn parse_deadline(text: &str, plan_year: Option<i32>) -> Option<Deadline> {
    let written = text.trim();
    if !written.chars().any(char::is_alphanumeric) {
        return None;
    }
    let lower = lower_keeping_offsets(written);
    let value = without_field_label(&lower);
    let atoms = resolve_years(find_atoms(value, AtomMode::Cell), plan_year);
    let reading = read_cell(value, &atoms);
    Some(Deadline {
        text: written.to_string(),
        kind: reading.kind,
        start: reading.start,
        end: reading.end,
        recurrence: normalized_recurrence(reading.recurrence),
        year_inferred: reading.year_inferred,
    })
}

/// The text of a body task item (running prose). Returns the FIRST time expression that governs the
/// item's action (SPEC §5.6), or None. `text` of the result is the phrase as written.
pub fn find_deadline(text: &str, plan_year: Option<i32>) -> Option<Deadline> {
    if !text.chars().any(|c| c.is_alphanumeric()) {
        return None;
    }
    let lower = lower_keeping_offsets(text);
    let mut candidates = Vec::new();
    candidates.extend(continuous_candidates(&lower));
    candidates.extend(recurrence_candidates(&lower));
    candidates.extend(dated_candidates(&lower, plan_year));
    let mut first = candidates.iter().min_by_key(|c| (c.start, c.end))?.clone();
    let mut recurrence = first.reading.recurrence.clone();
    if first.reading.kind == DeadlineKind::Recurring {
        // Lists that continue the same sentence add to it (`định kỳ 6 tháng và năm; … hàng
        // tháng, quý báo cáo`).
        let sentence_end = sentence_end_after(&lower, first.end);
        let mut phrase_end = first.end;
        let mut ordered: Vec<&Candidate> = candidates.iter().collect();
        ordered.sort_by_key(|c| c.start);
        for other in ordered {
            if other.reading.kind == DeadlineKind::Recurring && other.start > first.start && other.start < sentence_end {
                recurrence.extend(other.reading.recurrence.iter().copied());
                // `định kỳ trước ngày 30 tháng 11 hàng năm`: one phrase when nothing but a due
                // day stands between.
                let between = lower.get(phrase_end..other.start).unwrap_or("");
                if between.len() <= 40 && !between.contains([';', ',', '.', ':']) {
                    phrase_end = phrase_end.max(other.end);
                }
            }
        }
        first.end = phrase_end;
    }
    Some(Deadline {
        text: text.get(first.start..first.end).unwrap_or_default().trim().to_string(),
        kind: first.reading.kind,
        start: first.reading.start,
        end: first.reading.end,
        recurrence: normalized_recurrence(recurrence),
        year_inferred: first.reading.year_inferred,
    })
}

// ------------------------------------------------------------------------------------------
// Text helpers
// ------------------------------------------------------------------------------------------

/// The value of a cell that repeats its field label (`thời gian thực hiện: năm 2024` →
/// `năm 2024`); other cells are returned whole.
fn without_field_label(lower: &str) -> &str {
    if !FIELD_LABELS.iter().any(|label| lower.starts_with(label)) {
        return lower;
    }
    match head_after(lower, 0, 48).find(':') {
        Some(colon) => lower.get(colon + 1..).unwrap_or(lower),
        None => lower,
    }
}

/// Lower case with every character keeping its byte length, so byte offsets found in the result
/// are valid in the original text. A character whose lower case differs in length stays as is.
fn lower_keeping_offsets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if let Some(lower) = crate::text::lower_char(c).filter(|l| l.len_utf8() == c.len_utf8()) {
            out.push(lower);
            continue;
        }
        let mut lowered = c.to_lowercase();
        match (lowered.next(), lowered.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => out.push(l),
            _ => out.push(c),
        }
    }
    out
}

/// True when `text` ends with the whole word `word` (spaces after it allowed).
fn ends_with_word(text: &str, word: &str) -> bool {
    let trimmed = text.trim_end();
    trimmed.ends_with(word) && char_before(trimmed, trimmed.len() - word.len()).is_none_or(|c| !c.is_alphanumeric())
}

fn char_before(text: &str, index: usize) -> Option<char> {
    text.get(..index)?.chars().next_back()
}

fn char_after(text: &str, index: usize) -> Option<char> {
    text.get(index..)?.chars().next()
}

/// The last `max_bytes` (or fewer) bytes of `text[..index]`, cut at a character boundary.
fn tail_before(text: &str, index: usize, max_bytes: usize) -> &str {
    let index = index.min(text.len());
    let mut from = index.saturating_sub(max_bytes);
    while from < index && !text.is_char_boundary(from) {
        from += 1;
    }
    text.get(from..index).unwrap_or("")
}

/// The first `max_bytes` (or fewer) bytes of `text[index..]`, cut at a character boundary.
fn head_after(text: &str, index: usize, max_bytes: usize) -> &str {
    let index = index.min(text.len());
    let mut to = (index + max_bytes).min(text.len());
    while to > index && !text.is_char_boundary(to) {
        to -= 1;
    }
    text.get(index..to).unwrap_or("")
}

/// A regex alternation of lexicon phrases, longest first, spaces matching any whitespace run.
fn alternation(words: &[&str]) -> String {
    let mut sorted: Vec<&str> = words.to_vec();
    sorted.sort_by_key(|w| std::cmp::Reverse(w.len()));
    sorted.iter().map(|w| regex::escape(w).replace(' ', r"\s+")).collect::<Vec<_>>().join("|")
}

/// A regex matching one of `words` at the end of a text, after a non-letter or the start.
fn ending_with(words: &[&str]) -> Regex {
    Regex::new(&format!(r"(?:^|[^\p{{L}}\d])(?P<w>{})[\s:,]*$", alternation(words))).expect("lexicon ending regex")
}

/// A regex matching one of `words` at the start of a text, before a non-letter or the end.
fn starting_with(words: &[&str]) -> Regex {
    Regex::new(&format!(r"^(?P<w>{})(?:$|[^\p{{L}}\d])", alternation(words))).expect("lexicon starting regex")
}

fn words_regex(words: &[&str]) -> Regex {
    Regex::new(&format!(r"(?:^|[^\p{{L}}\d])(?:{})(?:$|[^\p{{L}}\d])", alternation(words))).expect("lexicon words regex")
}

fn normalized_recurrence(mut list: Vec<Recurrence>) -> Vec<Recurrence> {
    list.sort();
    list.dedup();
    list
}

fn day_before(date: Date) -> Option<Date> {
    if date.day > 1 {
        return Date::new(date.year, date.month, date.day - 1);
    }
    if date.month > 1 {
        return Date::last_of_month(date.year, date.month - 1);
    }
    Date::new(date.year.checked_sub(1)?, 12, 31)
}

// ------------------------------------------------------------------------------------------
// Periods written in the text ("atoms")
// ------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Season {
    WinterSpring,
    SummerAutumn,
    AutumnWinter,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    Day {
        day: u32,
        month: u32,
    },
    Months {
        first: u32,
        last: u32,
    },
    Quarters {
        first: u32,
        last: u32,
    },
    Half {
        second: bool,
    },
    /// `đầu năm` / `giữa năm` / `cuối năm`: months `first`..=`last`.
    PartOfYear {
        first: u32,
        last: u32,
    },
    Year,
    YearSpan {
        last_year: i32,
    },
    Seasons {
        seasons: Vec<Season>,
        last_year: Option<i32>,
    },
    /// Written like a period but impossible (29/2/2023): it is consumed and yields no dates.
    Invalid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Atom {
    start: usize,
    end: usize,
    shape: Shape,
    /// The year written with the period.
    written_year: Option<i32>,
    /// The year used, after borrowing from a neighbour or the plan year.
    year: Option<i32>,
    year_inferred: bool,
    /// The atom text began with a word naming a period of years (`giai đoạn`, `thời kỳ`).
    named_period: bool,
    /// The atom text began with `năm` (`năm 2023`, not a bare `2023`).
    with_year_word: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AtomMode {
    /// A deadline cell: bare years (`2023`) and bare `d/m` are periods.
    Cell,
    /// Running prose: a year needs the word `năm`.
    Prose,
}

impl Atom {
    fn new(start: usize, end: usize, shape: Shape, written_year: Option<i32>) -> Atom {
        Atom { start, end, shape, written_year, year: written_year, year_inferred: false, named_period: false, with_year_word: false }
    }

    fn kind(&self) -> DeadlineKind {
        match &self.shape {
            Shape::Day { .. } => DeadlineKind::Date,
            Shape::Months { first, last } if first == last => DeadlineKind::Month,
            Shape::Quarters { first, last } if first == last => DeadlineKind::Quarter,
            Shape::Months { .. } | Shape::Quarters { .. } | Shape::PartOfYear { .. } => DeadlineKind::Range,
            Shape::Half { .. } => DeadlineKind::Half,
            Shape::Year => DeadlineKind::Year,
            Shape::YearSpan { .. } => DeadlineKind::Years,
            Shape::Seasons { .. } => DeadlineKind::Season,
            Shape::Invalid => DeadlineKind::Unknown,
        }
    }

    fn dates(&self) -> Option<(Date, Date)> {
        period_dates(&self.shape, self.year?)
    }
}

/// The inclusive first and last day of a period shape in `year`.
fn period_dates(shape: &Shape, year: i32) -> Option<(Date, Date)> {
    match shape {
        Shape::Day { day, month } => {
            let d = Date::new(year, *month, *day)?;
            Some((d, d))
        }
        Shape::Months { first, last } => {
            Some((Date::first_of_month(start_year(year, first, last)?, *first)?, Date::last_of_month(year, *last)?))
        }
        Shape::Quarters { first, last } => Some((
            Date::first_of_month(start_year(year, first, last)?, first.checked_mul(3)?.checked_sub(2)?)?,
            Date::last_of_month(year, last.checked_mul(3)?)?,
        )),
        Shape::Half { second: false } => Some((Date::new(year, 1, 1)?, Date::new(year, 6, 30)?)),
        Shape::Half { second: true } => Some((Date::new(year, 7, 1)?, Date::new(year, 12, 31)?)),
        Shape::PartOfYear { first, last } => Some((Date::first_of_month(year, *first)?, Date::last_of_month(year, *last)?)),
        Shape::Year => Some((Date::new(year, 1, 1)?, Date::new(year, 12, 31)?)),
        Shape::YearSpan { last_year } => Some((Date::new(year, 1, 1)?, Date::new(*last_year, 12, 31)?)),
        Shape::Seasons { seasons, last_year } => {
            let mut union: Option<(Date, Date)> = None;
            for season in seasons {
                let (first, last) = season_dates(*season, year, *last_year)?;
                union = Some(match union {
                    None => (first, last),
                    Some((a, b)) => (a.min(first), b.max(last)),
                });
            }
            union
        }
        Shape::Invalid => None,
    }
}

/// The year a run of months or quarters starts in: the year before when it wraps past December
/// (`tháng 11 - 2/2025`).
fn start_year(year: i32, first: &u32, last: &u32) -> Option<i32> {
    if first > last {
        year.checked_sub(1)
    } else {
        Some(year)
    }
}

/// SPEC §5.3: Đông Xuân Y–Y+1 = Y-11-01 – (Y+1)-04-30, Hè Thu Y = Y-04-01 – Y-08-31,
/// Thu Đông Y = Y-08-01 – Y-11-30. A single year after Đông Xuân is the harvest year.
fn season_dates(season: Season, year: i32, last_year: Option<i32>) -> Option<(Date, Date)> {
    let last = last_year.unwrap_or(year);
    match season {
        Season::WinterSpring => match last_year {
            Some(end_year) if end_year > year => Some((Date::new(year, 11, 1)?, Date::new(end_year, 4, 30)?)),
            _ => Some((Date::new(year.checked_sub(1)?, 11, 1)?, Date::new(year, 4, 30)?)),
        },
        Season::SummerAutumn => Some((Date::new(year, 4, 1)?, Date::new(last, 8, 31)?)),
        Season::AutumnWinter => Some((Date::new(year, 8, 1)?, Date::new(last, 11, 30)?)),
    }
}

fn roman_or_digit_quarter(s: &str) -> Option<u32> {
    match s.trim_start_matches('0') {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        _ => None,
    }
}

fn parse_year(s: &str) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    (1900..=2199).contains(&y).then_some(y)
}

fn parse_small(s: &str) -> Option<u32> {
    s.parse().ok()
}

const QUARTER: &str = r"(?:iv|iii|ii|i|0?[1-4])";
const MONTH: &str = r"(?:1[0-2]|0?[1-9])";
const DASH: &str = r"[-–—‑−]";

fn citation_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // `số 12/QĐ-UBND ngày 5/6/2023`, `45/2014/TT-BNNPTNT`, `359-KL/TU ngày 08 tháng 11 năm 2018`.
        let symbol = r"(?:\d+[a-zđ]?\s*/\s*(?:\d{4}\s*/\s*)?\p{L}[\p{L}\d&.]*(?:\s*-\s*\p{L}[\p{L}\d&.]*)*|\d+[a-zđ]?\s*-\s*\p{L}[\p{L}\d&.]*\s*/\s*\p{L}[\p{L}\d&.]*)";
        let date = r"(?:\s*,?\s*(?:ban\s+hành\s+)?ngày\s*\d{1,2}\s*(?:[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|tháng\s*\d{1,2}\s*,?\s*năm\s*\d{4}))?";
        Regex::new(&format!("{symbol}{date}")).expect("citation regex")
    })
}

fn full_date_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?:ngày\s*)?(?:(?P<d>\d{1,2})\s*(?P<s>[/.-])\s*(?P<m>\d{1,2})\s*(?P<s2>[/.-])\s*(?P<y>\d{4})|(?P<d2>\d{1,2})\s*tháng\s*(?P<m2>\d{1,2})\s*,?\s*năm\s*(?P<y2>\d{4}))",
        )
        .expect("full date regex")
    })
}

fn day_month_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"ngày\s*(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})|ngày\s*(?P<d2>\d{1,2})\s*tháng\s*(?P<m2>\d{1,2})|(?P<d3>\d{1,2})\s*/\s*(?P<m3>\d{1,2})",
        )
        .expect("day month regex")
    })
}

fn season_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let name = r"(?:đông\s*xuân|hè\s*thu|thu\s*đông)";
        Regex::new(&format!(
            r"(?:vụ\s*)?{name}(?:\s*(?:,|;|và|{DASH})\s*(?:vụ\s*)?{name})*(?:\s*(?:năm\s*)?(?P<y1>\d{{4}})(?:\s*(?:{DASH}|/)\s*(?P<y2>\d{{4}}))?)?"
        ))
        .expect("season regex")
    })
}

fn season_name_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"đông\s*xuân|hè\s*thu|thu\s*đông").expect("season name regex"))
}

fn half_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:(?:0?6|sáu)\s*tháng|nửa)\s*(?P<part>đầu|cuối|sau)\s*(?:của\s*)?năm(?:\s*(?:/\s*)?(?P<y>\d{4}))?")
            .expect("half regex")
    })
}

fn part_of_year_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?P<part>đầu|giữa|cuối)\s*năm(?:\s*(?P<y>\d{4}))?").expect("part regex"))
}

fn quarter_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"qu[ýí]\s*(?P<q1>{QUARTER})(?-u:\b)(?:\s*(?:{DASH}|đến|và|,)\s*(?:qu[ýí]\s*)?(?P<q2>{QUARTER})(?-u:\b))?(?:\s*(?:/|năm|{DASH})\s*(?P<y>\d{{4}}))?"
        ))
        .expect("quarter regex")
    })
}

fn month_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?P<pre>tháng\s*)?(?P<m1>{MONTH})(?:\s*(?P<rsep>{DASH}|đến|và|,)\s*(?P<pre2>tháng\s*)?(?P<m2>{MONTH}))?(?:\s*(?P<ysep>/|năm|{DASH})\s*(?P<y>\d{{4}}))?"
        ))
        .expect("month regex")
    })
}

fn year_span_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?P<pre>(?:giai\s*đoạn|thời\s*kỳ|năm)\s*)?(?P<y1>\d{{4}})\s*(?:{DASH}|(?:đến|tới)(?:\s*hết)?(?:\s*năm)?)\s*(?P<y2>\d{{4}})"
        ))
        .expect("year span regex")
    })
}

fn year_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?P<pre>năm\s*)?(?P<y>\d{4})").expect("year regex"))
}

/// True when the match is not glued to a longer number on either side.
fn standalone_number(text: &str, start: usize, end: usize) -> bool {
    let before_ok = !char_before(text, start).is_some_and(|c| c.is_ascii_digit() || c == '/');
    let after_ok = !char_after(text, end).is_some_and(|c| c.is_ascii_digit() || c == '/');
    before_ok && after_ok
}

/// One pass of atom finding: every match of `regex` that `read` accepts becomes an atom, and its
/// bytes are blanked in `work` so later passes do not read them again.
fn atom_pass(work: &mut String, atoms: &mut Vec<Atom>, may_match: bool, regex: &Regex, read: impl Fn(&Captures, &str) -> Option<Atom>) {
    if !may_match {
        return;
    }
    let mut spans = Vec::new();
    for caps in regex.captures_iter(work) {
        if let Some(atom) = read(&caps, work) {
            spans.push((atom.start, atom.end));
            atoms.push(atom);
        }
    }
    blank(work, &spans);
}

/// Replaces the bytes of each span with spaces. Spans come from regex matches, so they start and
/// end on character boundaries and the buffer stays valid UTF-8.
fn blank(work: &mut String, spans: &[(usize, usize)]) {
    for &(start, end) in spans {
        if start <= end && end <= work.len() && work.is_char_boundary(start) && work.is_char_boundary(end) {
            // Same length: the rest of the text does not move.
            work.replace_range(start..end, &" ".repeat(end - start));
        }
    }
}

fn whole(caps: &Captures) -> (usize, usize) {
    caps.get(0).map_or((0, 0), |m| (m.start(), m.end()))
}

/// Every period written in `lower` (already lower-cased), in text order. Document symbols and the
/// dates that follow them (`Quyết định số 12/QĐ-UBND ngày 5/6/2023`) are skipped.
fn find_atoms(lower: &str, mode: AtomMode) -> Vec<Atom> {
    let mut atoms = Vec::new();
    let mut work = lower.to_string();

    let mut citation_spans = Vec::new();
    // What every match of each regex contains: a pass is skipped on text without it.
    let digit = lower.bytes().any(|b| b.is_ascii_digit());
    let year_word = lower.contains("năm");
    let quarter_word = lower.contains("quý") || lower.contains("quí");
    let season_word = lower.contains("đông") || lower.contains("hè");
    let citations = if digit { citation_regex().find_iter(lower).collect() } else { Vec::new() };
    for m in citations {
        citation_spans.push((m.start(), m.end()));
    }
    blank(&mut work, &citation_spans);

    atom_pass(&mut work, &mut atoms, digit, full_date_regex(), |caps, text| {
        let (start, end) = whole(caps);
        if !standalone_number(text, start, end) {
            return None;
        }
        // `tháng 8-9/2024` is a month range, not the 8th of September.
        let mixed_separators = caps.name("s").map(|s| s.as_str()) != caps.name("s2").map(|s| s.as_str());
        if mixed_separators || ends_with_word(tail_before(text, start, 16), "tháng") {
            return None;
        }
        let (d, m, y) = match (caps.name("d"), caps.name("d2")) {
            (Some(d), _) => (d.as_str(), caps.name("m")?.as_str(), caps.name("y")?.as_str()),
            (None, Some(d)) => (d.as_str(), caps.name("m2")?.as_str(), caps.name("y2")?.as_str()),
            _ => return None,
        };
        let (Some(day), Some(month)) = (parse_small(d), parse_small(m)) else {
            return None;
        };
        let Some(year) = parse_year(y) else {
            return Some(Atom::new(start, end, Shape::Invalid, None));
        };
        if Date::new(year, month, day).is_none() {
            return Some(Atom::new(start, end, Shape::Invalid, Some(year)));
        }
        Some(Atom::new(start, end, Shape::Day { day, month }, Some(year)))
    });

    atom_pass(&mut work, &mut atoms, digit, day_month_regex(), |caps, text| {
        let (start, end) = whole(caps);
        if !standalone_number(text, start, end) || decimal_continues(text, end) {
            return None;
        }
        let (d, m) = if let Some(d) = caps.name("d") {
            (d.as_str(), caps.name("m")?.as_str())
        } else if let Some(d) = caps.name("d2") {
            (d.as_str(), caps.name("m2")?.as_str())
        } else {
            if mode == AtomMode::Prose {
                // A bare `d/m` in prose is too often a fraction or a symbol.
                let before = tail_before(text, start, 24);
                if !before.trim_end().ends_with("trước") {
                    return None;
                }
            }
            (caps.name("d3")?.as_str(), caps.name("m3")?.as_str())
        };
        let (day, month) = (parse_small(d)?, parse_small(m)?);
        // 29/2 exists in leap years; the year decides later.
        if !(1..=12).contains(&month) || day == 0 || day > crate::date::days_in_month(2024, month) {
            return None;
        }
        Some(Atom::new(start, end, Shape::Day { day, month }, None))
    });

    atom_pass(&mut work, &mut atoms, season_word, season_regex(), |caps, text| {
        let (start, end) = whole(caps);
        let matched = text.get(start..end)?;
        let mut seasons = Vec::new();
        for name in season_name_regex().find_iter(matched) {
            let squeezed: String = name.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
            if let Some((_, season)) = SEASONS.iter().find(|(n, _)| *n == squeezed) {
                seasons.push(*season);
            }
        }
        if seasons.is_empty() {
            return None;
        }
        let year = caps.name("y1").and_then(|y| parse_year(y.as_str()));
        let last_year = caps.name("y2").and_then(|y| parse_year(y.as_str()));
        Some(Atom::new(start, end, Shape::Seasons { seasons, last_year }, year))
    });

    atom_pass(&mut work, &mut atoms, year_word, half_regex(), |caps, text| {
        let (start, end) = whole(caps);
        if char_before(text, start).is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        let second = caps.name("part").is_some_and(|p| p.as_str() != "đầu");
        let year = caps.name("y").and_then(|y| parse_year(y.as_str()));
        Some(Atom::new(start, end, Shape::Half { second }, year))
    });

    atom_pass(&mut work, &mut atoms, year_word, part_of_year_regex(), |caps, _text| {
        let (start, end) = whole(caps);
        let (first, last) = match caps.name("part").map(|p| p.as_str()) {
            Some("đầu") => (1, 3),
            Some("giữa") => (4, 9),
            _ => (10, 12),
        };
        let year = caps.name("y").and_then(|y| parse_year(y.as_str()));
        if year.is_none() && mode == AtomMode::Prose {
            return None;
        }
        Some(Atom::new(start, end, Shape::PartOfYear { first, last }, year))
    });

    atom_pass(&mut work, &mut atoms, quarter_word, quarter_regex(), |caps, text| {
        let (start, end) = whole(caps);
        if char_after(text, end).is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        let first = roman_or_digit_quarter(caps.name("q1")?.as_str())?;
        let last = match caps.name("q2") {
            Some(q) => roman_or_digit_quarter(q.as_str())?,
            None => first,
        };
        let year = caps.name("y").and_then(|y| parse_year(y.as_str()));
        Some(Atom::new(start, end, Shape::Quarters { first, last }, year))
    });

    atom_pass(&mut work, &mut atoms, digit, month_regex(), |caps, text| {
        let (start, end) = whole(caps);
        if !standalone_number(text, start, end) {
            return None;
        }
        let has_word = caps.name("pre").is_some();
        let year = caps.name("y").and_then(|y| parse_year(y.as_str()));
        if !has_word {
            // A bare `8/2024` or `8-9/2024` is a month only with a year after a slash.
            let slash_year = caps.name("ysep").is_some_and(|s| s.as_str() == "/") && year.is_some();
            let dash_range = caps.name("rsep").is_none_or(|s| s.as_str().chars().all(|c| "-–—‑−".contains(c)));
            if !slash_year || !dash_range || mode == AtomMode::Prose {
                return None;
            }
        }
        if caps.name("y").is_some() && year.is_none() {
            return None;
        }
        let first = parse_small(caps.name("m1")?.as_str())?;
        let last = match caps.name("m2") {
            Some(m) => parse_small(m.as_str())?,
            None => first,
        };
        // `tháng 11 đến tháng 2/2025` keeps its order: it starts in the year before.
        Some(Atom::new(start, end, Shape::Months { first, last }, year))
    });

    atom_pass(&mut work, &mut atoms, digit, year_span_regex(), |caps, text| {
        let (start, end) = whole(caps);
        if !standalone_number(text, start, end) {
            return None;
        }
        let y1 = parse_year(caps.name("y1")?.as_str())?;
        let y2 = parse_year(caps.name("y2")?.as_str())?;
        let (first, last) = (y1.min(y2), y1.max(y2));
        let pre = caps.name("pre").map_or("", |p| p.as_str());
        let mut atom = Atom::new(start, end, Shape::YearSpan { last_year: last }, Some(first));
        atom.named_period = !pre.is_empty() && !pre.starts_with("năm");
        atom.with_year_word = pre.starts_with("năm");
        Some(atom)
    });

    atom_pass(&mut work, &mut atoms, digit, year_regex(), |caps, text| {
        let (start, end) = whole(caps);
        if !standalone_number(text, start, end)
            || char_before(text, start).is_some_and(|c| c == '.' || c == ',')
            || decimal_continues(text, end)
        {
            return None;
        }
        let year = parse_year(caps.name("y")?.as_str())?;
        let with_word = caps.name("pre").is_some();
        if !with_word && mode == AtomMode::Prose {
            return None;
        }
        let mut atom = Atom::new(start, end, Shape::Year, Some(year));
        atom.with_year_word = with_word;
        Some(atom)
    });

    atoms.sort_by_key(|a| a.start);
    atoms
}

/// Gives every atom without a written year the year written later in the text (else earlier,
/// else the plan year, marked inferred). A borrowed year is moved by one when the periods would
/// otherwise run backwards (`từ tháng 11 đến tháng 2/2025` starts in November 2024).
fn resolve_years(mut atoms: Vec<Atom>, plan_year: Option<i32>) -> Vec<Atom> {
    // The nearest atom with a written year after and before each position, found in two linear
    // sweeps (a cell of thousands of year-less periods must not cost quadratic time).
    let count = atoms.len();
    let mut next_written = vec![None; count];
    let mut seen = None;
    for index in (0..count).rev() {
        next_written[index] = seen;
        if atoms[index].written_year.is_some() {
            seen = Some(index);
        }
    }
    let mut previous_written = None;
    for index in 0..count {
        if atoms[index].written_year.is_some() {
            previous_written = Some(index);
            continue;
        }
        if atoms[index].shape == Shape::Invalid {
            continue;
        }
        let later = next_written[index].and_then(|i| atoms.get(i)).cloned();
        let earlier = previous_written.and_then(|i| atoms.get(i)).cloned();
        let atom = &mut atoms[index];
        if let Some(lender) = later {
            let year = lender.written_year;
            atom.year = year;
            if let (Some((mine, _)), Some((_, theirs))) = (atom.dates(), lender.dates()) {
                if mine > theirs {
                    atom.year = year.and_then(|y| y.checked_sub(1));
                }
            }
        } else if let Some(lender) = earlier {
            let year = lender.written_year;
            atom.year = year;
            if let (Some((_, mine)), Some((theirs, _))) = (atom.dates(), lender.dates()) {
                if mine < theirs {
                    atom.year = year.and_then(|y| y.checked_add(1));
                }
            }
        } else if let Some(year) = plan_year {
            atom.year = Some(year);
            atom.year_inferred = true;
        }
    }
    atoms
}

// ------------------------------------------------------------------------------------------
// Recurrence lists (`định kỳ hàng tháng, quý, 6 tháng và năm`)
// ------------------------------------------------------------------------------------------

fn recurrence_item_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?:(?:hàng|hằng|mỗi|theo\s+từng|từng)\s*)?(?:(?P<six>(?:0?6|sáu)\s*tháng)|(?P<half>nửa\s*năm|bán\s*niên)|(?P<yearly>thường\s*niên)|cuối\s*(?P<end>năm|quý|tháng)|(?P<unit>ngày|tuần|tháng|quý|quí|năm))",
        )
        .expect("recurrence item regex")
    })
}

fn recurrence_separator_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^\s*(?:,|và|hoặc|/|;|-|\))?\s*").expect("separator regex"))
}

fn recurrence_trigger_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?P<periodic>định\s*kỳ)|(?:hàng|hằng|mỗi)\s*(?:ngày|tuần|tháng|quý|quí|năm)|theo\s+từng\s+(?:năm|tháng|quý)|thường\s*niên|bán\s*niên",
        )
        .expect("recurrence trigger regex")
    })
}

/// False when the recurrence item read at `rest[..item_end]` is really the start of something
/// else: a longer word, or a unit with a number after it (`tháng 6`, `năm 2023`, `quý I`).
fn item_is_whole_word(rest: &str, item_end: usize, plain_unit: bool) -> bool {
    let after_raw = rest.get(item_end..).unwrap_or("");
    if after_raw.starts_with(char::is_alphanumeric) {
        return false;
    }
    if !plain_unit {
        return true;
    }
    let after = after_raw.trim_start();
    let mut chars = after.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() => false,
        Some('i' | 'v') => chars.next().is_some_and(|c| c.is_alphabetic()),
        _ => true,
    }
}

/// True when a `.` and a digit follow `end` (`2023.5`), so the number is a decimal.
fn decimal_continues(text: &str, end: usize) -> bool {
    let mut after = text.get(end..).unwrap_or("").chars();
    after.next() == Some('.') && after.next().is_some_and(|c| c.is_ascii_digit())
}

fn unit_recurrence(unit: &str) -> Recurrence {
    match unit {
        "ngày" => Recurrence::Daily,
        "tuần" => Recurrence::Weekly,
        "tháng" => Recurrence::Monthly,
        "quý" | "quí" => Recurrence::Quarterly,
        _ => Recurrence::Annual,
    }
}

/// Reads a list of recurrence words starting at `from`: returns the list, where its last item
/// ends, and how many items it has. A parenthesised note between items (`(ngày 15/06)`) is
/// skipped; a unit followed by a number (`tháng 6`, `năm 2023`) ends the list.
fn read_recurrence_list(lower: &str, from: usize) -> (Vec<Recurrence>, usize) {
    let mut list = Vec::new();
    let mut position = from;
    let mut list_end = from;
    let mut inside_brackets = false;
    while let Some(rest) = lower.get(position..) {
        let skipped = recurrence_separator_regex().find(rest).map_or(0, |m| m.end());
        let Some(rest) = rest.get(skipped..) else {
            break;
        };
        if rest.starts_with('(') {
            match head_after(rest, 0, 80).find(')') {
                // A note after an item (`6 tháng (ngày 15/06)`) is skipped whole.
                Some(close) if !list.is_empty() => {
                    position += skipped + close + 1;
                    continue;
                }
                // A list that opens in brackets (`định kỳ (hằng năm)`) is read inside them.
                Some(_) => {
                    position += skipped + 1;
                    inside_brackets = true;
                    continue;
                }
                None => break,
            }
        }
        let Some(caps) = recurrence_item_regex().captures(rest) else {
            break;
        };
        let item_end = whole(&caps).1;
        if !item_is_whole_word(rest, item_end, caps.name("unit").is_some()) {
            break;
        }
        let item = if caps.name("six").is_some() || caps.name("half").is_some() {
            Recurrence::Semiannual
        } else if caps.name("yearly").is_some() {
            Recurrence::Annual
        } else if let Some(unit) = caps.name("end").or(caps.name("unit")) {
            unit_recurrence(unit.as_str())
        } else {
            break;
        };
        list.push(item);
        position += skipped + item_end;
        list_end = position;
    }
    if inside_brackets {
        let rest = lower.get(list_end..).unwrap_or("");
        if rest.trim_start().starts_with(')') {
            list_end += rest.len() - rest.trim_start().len() + 1;
        }
    }
    (list, list_end)
}

/// The recurrence named by a trigger match (`định kỳ` reads the list after it; `hàng năm` is the
/// first item of its own list). Returns the list and where it ends.
fn trigger_recurrence(lower: &str, trigger_start: usize, trigger_end: usize, periodic: bool) -> (Vec<Recurrence>, usize) {
    if periodic {
        let (list, end) = read_recurrence_list(lower, trigger_end);
        (list, end.max(trigger_end))
    } else {
        let (list, end) = read_recurrence_list(lower, trigger_start);
        (list, end.max(trigger_end))
    }
}

// ------------------------------------------------------------------------------------------
// Reading a deadline cell
// ------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
struct Reading {
    kind: DeadlineKind,
    start: Option<Date>,
    end: Option<Date>,
    recurrence: Vec<Recurrence>,
    year_inferred: bool,
}

impl Reading {
    fn bare(kind: DeadlineKind) -> Reading {
        Reading { kind, start: None, end: None, recurrence: Vec::new(), year_inferred: false }
    }
}

fn continuous_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| words_regex(CONTINUOUS_WORDS))
}

fn open_end_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| words_regex(OPEN_END_PHRASES))
}

fn by_ending_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| ending_with(BY_PREPOSITIONS))
}

fn from_ending_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| ending_with(FROM_PREPOSITIONS))
}

fn until_ending_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| ending_with(UNTIL_PREPOSITIONS))
}

fn within_ending_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| ending_with(WITHIN_PREPOSITIONS))
}

fn event_lead_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| starting_with(EVENT_LEADS))
}

fn event_anywhere_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:^|[^\p{L}])khi\s+(?:có|được|nhận|phát\s+sinh|xảy\s+ra)|theo\s+(?:yêu\s+cầu|tiến\s+độ|chỉ\s+đạo|đề\s+nghị)")
            .expect("event regex")
    })
}

/// Which preposition a text ends with, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lead {
    By { strict: bool },
    From,
    Until,
    Within,
    None,
}

fn lead_before(lower: &str, index: usize) -> (Lead, usize) {
    let index = index.min(lower.len());
    let tail = tail_before(lower, index, 48);
    let tail_start = index - tail.len();
    let at = |re: &Regex| re.captures(tail).and_then(|c| c.name("w")).map(|w| tail_start + w.start());
    if let Some(caps) = by_ending_regex().captures(tail) {
        if let Some(w) = caps.name("w") {
            let word: String = w.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
            let strict = STRICT_BY_PREPOSITIONS.contains(&word.as_str());
            return (Lead::By { strict }, tail_start + w.start());
        }
    }
    if let Some(position) = at(until_ending_regex()) {
        return (Lead::Until, position);
    }
    if let Some(position) = at(from_ending_regex()) {
        return (Lead::From, position);
    }
    if let Some(position) = at(within_ending_regex()) {
        return (Lead::Within, position);
    }
    (Lead::None, index)
}

/// The union of the dated atoms: (first day, last day, any year inferred).
fn union_of(atoms: &[&Atom]) -> (Option<Date>, Option<Date>, bool) {
    let mut start: Option<Date> = None;
    let mut end: Option<Date> = None;
    let mut inferred = false;
    for atom in atoms {
        if let Some((first, last)) = atom.dates() {
            start = Some(start.map_or(first, |s| s.min(first)));
            end = Some(end.map_or(last, |e| e.max(last)));
            inferred |= atom.year_inferred;
        }
    }
    (start, end, inferred)
}

/// The kind of a cell naming one or several periods.
fn union_kind(atoms: &[&Atom]) -> DeadlineKind {
    match atoms {
        [] => DeadlineKind::Unknown,
        [only] => only.kind(),
        several => {
            let kinds: Vec<DeadlineKind> = several.iter().map(|a| a.kind()).collect();
            if kinds.iter().all(|k| matches!(k, DeadlineKind::Year | DeadlineKind::Years)) {
                DeadlineKind::Years
            } else if kinds.iter().all(|k| *k == DeadlineKind::Season) {
                DeadlineKind::Season
            } else if several.windows(2).all(|w| w[0].dates() == w[1].dates()) {
                kinds[0]
            } else {
                DeadlineKind::Range
            }
        }
    }
}

fn read_cell(lower: &str, atoms: &[Atom]) -> Reading {
    let valid: Vec<&Atom> = atoms.iter().filter(|a| a.shape != Shape::Invalid).collect();

    // Recurrence: triggers anywhere, or a cell that is only a list (`06 tháng, năm`).
    let mut recurrence_position: Option<usize> = None;
    let mut recurrence = Vec::new();
    let mut covered_until = 0;
    for caps in recurrence_trigger_regex().captures_iter(lower) {
        let (start, end) = whole(&caps);
        recurrence_position.get_or_insert(start);
        if start < covered_until {
            continue; // already read as part of the list before it
        }
        let (list, list_end) = trigger_recurrence(lower, start, end, caps.name("periodic").is_some());
        recurrence.extend(list);
        covered_until = list_end;
    }
    if recurrence_position.is_none() && valid.is_empty() {
        let (list, end) = read_recurrence_list(lower, 0);
        let rest = lower.get(end..).unwrap_or("");
        if list.len() >= 2 && !rest.chars().any(char::is_alphanumeric) {
            recurrence = list;
            recurrence_position = Some(0);
        }
    }
    let continuous_position = [continuous_regex(), open_end_regex()].iter().filter_map(|re| re.find(lower).map(|m| m.start())).min();

    if let Some(position) = recurrence_position {
        if continuous_position.is_none_or(|c| position <= c) {
            let written: Vec<&Atom> = valid.iter().copied().filter(|a| a.written_year.is_some()).collect();
            let (start, _, _) = union_of(&written);
            return Reading { kind: DeadlineKind::Recurring, start, end: None, recurrence, year_inferred: false };
        }
    }
    if continuous_position.is_some() {
        let (start, _, inferred) = union_of(&valid);
        return Reading {
            kind: DeadlineKind::Continuous,
            start,
            end: None,
            recurrence: Vec::new(),
            year_inferred: inferred && start.is_some(),
        };
    }
    let Some(first) = valid.first() else {
        if !atoms.is_empty() {
            return Reading::bare(DeadlineKind::Unknown);
        }
        let opening = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
        if event_lead_regex().is_match(opening) || event_anywhere_regex().is_match(lower) {
            return Reading::bare(DeadlineKind::Event);
        }
        return Reading::bare(DeadlineKind::Unknown);
    };

    let (lead, _) = lead_before(lower, first.start);
    let (start, end, inferred) = union_of(&valid);
    let last = valid.last().copied().unwrap_or(first);
    // `Từ quý II/2027` opens a period; `Từ tháng 3 - 6/2024` (one atom, two ends) closes it.
    let opens = lead == Lead::From && valid.len() == 1 && !matches!(first.kind(), DeadlineKind::Range | DeadlineKind::Years);
    // `Đến hết năm 2025` bounds one period; `đến` before a list is only a connective.
    let bounds = matches!(lead, Lead::By { .. }) || (lead == Lead::Until && valid.len() == 1);
    match lead {
        _ if opens => {
            Reading { kind: DeadlineKind::Continuous, start, end: None, recurrence: Vec::new(), year_inferred: inferred && start.is_some() }
        }
        _ if bounds => {
            let strict = lead == Lead::By { strict: true };
            let end = by_end(last, strict);
            Reading { kind: DeadlineKind::By, start: None, end, recurrence: Vec::new(), year_inferred: last.year_inferred && end.is_some() }
        }
        // `từ ngày 11/9 đến hết năm 2026`: from the first period's start to the last one's end.
        Lead::From if valid.len() >= 2 => {
            let start = first.dates().map(|(s, _)| s);
            let end = last.dates().map(|(_, e)| e);
            Reading {
                kind: union_kind(&valid),
                start,
                end,
                recurrence: Vec::new(),
                year_inferred: (first.year_inferred || last.year_inferred) && start.is_some(),
            }
        }
        _ => Reading { kind: union_kind(&valid), start, end, recurrence: Vec::new(), year_inferred: inferred && start.is_some() },
    }
}

/// The last day of a "by" deadline: the date itself, the day before a period when the
/// preposition is strict (`trước quý III`), else the period's last day.
fn by_end(atom: &Atom, strict: bool) -> Option<Date> {
    let (first, last) = atom.dates()?;
    match atom.shape {
        Shape::Day { .. } => Some(first),
        _ if strict => day_before(first),
        _ => Some(last),
    }
}

// ------------------------------------------------------------------------------------------
// Finding the governing time expression in prose
// ------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Candidate {
    start: usize,
    end: usize,
    reading: Reading,
}

fn verb_start_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| starting_with(ACTION_VERBS))
}

fn noun_before_continuous_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| ending_with_no_punctuation(NOUNS_BEFORE_ADJECTIVAL_CONTINUOUS))
}

fn noun_before_periodic_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| ending_with_no_punctuation(NOUNS_BEFORE_ADJECTIVAL_PERIODIC))
}

fn noun_before_recurrence_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| ending_with_no_punctuation(NOUNS_BEFORE_ADJECTIVAL_RECURRENCE))
}

fn event_noun_before_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| ending_with_no_punctuation(RECURRING_EVENT_NOUNS))
}

fn clause_opener_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| starting_with(CLAUSE_OPENERS))
}

fn noun_phrase_year_cue_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| words_regex(NOUN_PHRASE_YEAR_CUES))
}

fn following_recurrence_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^\s*(?:hàng|hằng|mỗi)\s+(?P<unit>ngày|tuần|tháng|quý|năm)").expect("following regex"))
}

fn following_open_end_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(&format!(r"^\s*(?:,\s*)?(?:và\s+)?(?:{})", alternation(OPEN_END_PHRASES))).expect("open end regex"))
}

/// A clause that so far holds only a due day (`Ngày 15 hằng tháng, …`, `trước ngày 10`).
fn due_day_opening_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^[\s,\-+*•]*(?:(?:trước|vào|chậm\s+nhất)\s+)?ngày\s*\d{1,2}(?:\s*(?:/|tháng)\s*\d{1,2})?\s*$").expect("due day regex")
    })
}

/// Like [`ending_with`], but the word must touch the end (only spaces after it), so that
/// `giám sát, định kỳ` is not read as `<noun> định kỳ`.
fn ending_with_no_punctuation(words: &[&str]) -> Regex {
    Regex::new(&format!(r"(?:^|[^\p{{L}}\d])(?:{})\s*$", alternation(words))).expect("lexicon ending regex")
}

/// Where the clause holding `index` begins (after `.`, `;`, `:`, `!`, `?`, `(` or a line break).
/// The search looks back at most [`CLAUSE_LOOKBACK`] bytes, so that a long text without
/// punctuation costs linear time; a longer clause starts at the window's edge.
fn clause_start_before(lower: &str, index: usize) -> usize {
    let index = index.min(lower.len());
    let window = tail_before(lower, index, CLAUSE_LOOKBACK);
    let window_start = index - window.len();
    window.rfind(['.', ';', ':', '!', '?', '\n', '(']).map_or(window_start, |i| window_start + i + 1)
}

/// How far back a clause start is looked for (a clause of running prose is far shorter).
const CLAUSE_LOOKBACK: usize = 600;

/// Where the sentence holding `index` ends.
fn sentence_end_after(lower: &str, index: usize) -> usize {
    lower.get(index..).and_then(|after| after.find(['.', '\n', '!', '?'])).map_or(lower.len(), |i| index + i)
}

/// True when only clause openers (`Đồng thời,`, `tiếp tục`) stand between the clause start and
/// `index`.
fn at_clause_start(lower: &str, index: usize) -> bool {
    let from = clause_start_before(lower, index);
    let mut rest = lower.get(from..index).unwrap_or("");
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || ",-+*•–".contains(c));
        if rest.is_empty() {
            return true;
        }
        match clause_opener_regex().captures(rest).and_then(|c| c.name("w")) {
            Some(w) => rest = rest.get(w.end()..).unwrap_or(""),
            None => return false,
        }
    }
}

fn followed_by_verb(lower: &str, index: usize) -> bool {
    let rest = head_after(lower, index, 64).trim_start_matches(|c: char| c.is_whitespace());
    verb_start_regex().is_match(rest)
}

fn thuong_xuyen_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"thường\s+xuyên").expect("continuous word regex"))
}

/// `Thường xuyên …` at the start of a clause or before a verb; not `chi thường xuyên`.
fn continuous_candidates(lower: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    for m in thuong_xuyen_regex().find_iter(lower) {
        if char_before(lower, m.start()).is_some_and(char::is_alphanumeric) || char_after(lower, m.end()).is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let before = tail_before(lower, m.start(), 48);
        if noun_before_continuous_regex().is_match(before) {
            continue;
        }
        if at_clause_start(lower, m.start()) || followed_by_verb(lower, m.end()) {
            out.push(Candidate { start: m.start(), end: m.end(), reading: Reading::bare(DeadlineKind::Continuous) });
            // Only the first is needed; later ones never win.
            break;
        }
    }
    out
}

/// `Định kỳ hàng tháng, quý, năm`, `hằng năm` used as an adverb, `theo từng năm`.
fn recurrence_candidates(lower: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut covered_until = 0;
    for caps in recurrence_trigger_regex().captures_iter(lower) {
        let (start, end) = whole(&caps);
        if start < covered_until {
            continue; // part of the list read for an earlier trigger
        }
        // `mỗi năm` in prose sets the rate of a target (`mỗi năm xây dựng 2-3 chuỗi`); a shorter
        // unit (`mỗi quý đánh giá`, `mỗi tháng báo cáo`) says how often the work is done.
        if lower.get(start..end).is_some_and(|t| t.starts_with("mỗi") && t.ends_with("năm")) {
            continue;
        }
        if char_before(lower, start).is_some_and(char::is_alphanumeric) || char_after(lower, end).is_some_and(char::is_alphanumeric) {
            continue;
        }
        let periodic = caps.name("periodic").is_some();
        let (list, list_end) = trigger_recurrence(lower, start, end, periodic);
        let before = tail_before(lower, start, 48);
        let accepted = if periodic {
            !noun_before_periodic_regex().is_match(before)
                && (!list.is_empty()
                    || at_clause_start(lower, start)
                    || followed_by_verb(lower, end)
                    || head_after(lower, end, 12).trim_start().starts_with("trước"))
        } else {
            let matched = lower.get(start..end).unwrap_or("");
            let by_itself = matched.starts_with("theo");
            let after_periodic = before.trim_end().ends_with("định kỳ");
            by_itself
                || after_periodic
                || (!noun_before_recurrence_regex().is_match(before)
                    && (at_clause_start(lower, start)
                        || due_day_opening_regex().is_match(lower.get(clause_start_before(lower, start)..start).unwrap_or(""))
                        || event_noun_before_regex().is_match(before)
                        || followed_by_verb(lower, list_end)
                        || ends_sentence(lower, list_end)))
        };
        if accepted {
            covered_until = list_end;
            let mut reading = Reading::bare(DeadlineKind::Recurring);
            reading.recurrence = list;
            out.push(Candidate { start, end: list_end, reading });
        }
    }
    out
}

/// `Tổ chức kiểm tra hằng quý.`: a recurrence word closing its sentence qualifies the action
/// (a noun it qualified would have been caught by the adjectival-use cues before it).
fn ends_sentence(lower: &str, end: usize) -> bool {
    let rest = lower.get(end..).unwrap_or("").trim_start();
    rest.is_empty() || rest.starts_with(['.', ';', '!'])
}

/// True when `trước năm Y` belongs to the name of a programme or target earlier in its clause
/// (`Đề án xây dựng tỉnh … đạt chuẩn nông thôn mới trước năm 2025`).
fn year_names_a_target(lower: &str, atom_start: usize, lead_start: usize) -> bool {
    let clause_from = clause_start_before(lower, atom_start);
    let clause = lower.get(clause_from..lead_start).unwrap_or("");
    noun_phrase_year_cue_regex().is_match(clause) || programme_noun_regex().is_match(clause)
}

fn programme_noun_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| words_regex(PROGRAMME_NOUNS))
}

/// A period after a governing preposition: `trong năm 2023`, `trước ngày 30/11/2023`,
/// `xong trong tháng 12/2025`, `Từ quý II/2026` (clause start only).
fn dated_candidates(lower: &str, plan_year: Option<i32>) -> Vec<Candidate> {
    let mut out = Vec::new();
    let atoms = find_atoms(lower, AtomMode::Prose);
    let mut index = 0;
    while index < atoms.len() {
        let atom = &atoms[index];
        index += 1;
        if atom.shape == Shape::Invalid || atom.named_period {
            continue;
        }
        if matches!(atom.shape, Shape::Year | Shape::YearSpan { .. }) && !atom.with_year_word {
            continue;
        }
        let (lead, lead_start) = lead_before(lower, atom.start);
        let reading = match lead {
            Lead::By { strict } => {
                if matches!(atom.shape, Shape::Year | Shape::YearSpan { .. }) && year_names_a_target(lower, atom.start, lead_start) {
                    continue;
                }
                let resolved = resolve_years(vec![atom.clone()], plan_year);
                let Some(only) = resolved.first() else {
                    continue;
                };
                let end = by_end(only, strict);
                Reading {
                    kind: DeadlineKind::By,
                    start: None,
                    end,
                    recurrence: Vec::new(),
                    year_inferred: only.year_inferred && end.is_some(),
                }
            }
            Lead::Within => {
                if matches!(atom.shape, Shape::Year | Shape::YearSpan { .. }) {
                    let clause_from = clause_start_before(lower, atom.start);
                    let clause = lower.get(clause_from..lead_start).unwrap_or("");
                    if noun_phrase_year_cue_regex().is_match(clause) {
                        continue;
                    }
                }
                let resolved = resolve_years(vec![atom.clone()], plan_year);
                let Some(only) = resolved.first() else {
                    continue;
                };
                let (start, end, inferred) = union_of(&[only]);
                Reading { kind: only.kind(), start, end, recurrence: Vec::new(), year_inferred: inferred }
            }
            Lead::From => {
                let gap = lower.get(atom.end..).unwrap_or("");
                let next = atoms.get(index).filter(|next| {
                    let between = gap.get(..next.start.saturating_sub(atom.end)).unwrap_or("");
                    let between = between.trim().trim_end_matches("hết").trim();
                    between == "đến" || between == "tới" || between == "-"
                });
                // Mid-clause, only a closed run of days, months or quarters is a schedule;
                // `số liệu từ năm 2020 đến năm 2023` names a period of data.
                let schedule_like = |a: &Atom| matches!(a.shape, Shape::Day { .. } | Shape::Months { .. } | Shape::Quarters { .. });
                // An open start after the action (`thực hiện từ tháng 7/2025`) needs a day,
                // month or quarter; a year there is usually a data period.
                let dated_start = next.is_none() && schedule_like(atom);
                // `từ ngày 01/7/2025 đến hết năm 2026`: a dated start may run to a named year.
                let closed_schedule = next.is_some_and(|n| schedule_like(atom) && (schedule_like(n) || n.with_year_word));
                if !closed_schedule && !dated_start && !at_clause_start(lower, lead_start) {
                    continue;
                }
                match next {
                    Some(next) => {
                        let pair = resolve_years(vec![atom.clone(), next.clone()], plan_year);
                        let refs: Vec<&Atom> = pair.iter().collect();
                        let (start, end, inferred) = union_of(&refs);
                        index += 1;
                        out.push(Candidate {
                            start: lead_start,
                            end: next.end,
                            reading: Reading { kind: union_kind(&refs), start, end, recurrence: Vec::new(), year_inferred: inferred },
                        });
                        continue;
                    }
                    None => {
                        let resolved = resolve_years(vec![atom.clone()], plan_year);
                        let Some(only) = resolved.first() else {
                            continue;
                        };
                        let (start, end, inferred) = union_of(&[only]);
                        // `từ tháng 3 đến tháng 6/2025` read as one span is closed, not open-ended.
                        if matches!(only.kind(), DeadlineKind::Range | DeadlineKind::Years) {
                            Reading { kind: only.kind(), start, end, recurrence: Vec::new(), year_inferred: inferred }
                        } else {
                            Reading { kind: DeadlineKind::Continuous, start, end: None, recurrence: Vec::new(), year_inferred: inferred }
                        }
                    }
                }
            }
            Lead::Until | Lead::None => continue,
        };
        // `trong năm 2025 và các năm tiếp theo`: no end.
        if let Some(m) = following_open_end_regex().find(lower.get(atom.end..).unwrap_or("")) {
            if !matches!(lead, Lead::By { .. }) {
                let mut open = reading;
                open.kind = DeadlineKind::Continuous;
                open.end = None;
                out.push(Candidate { start: lead_start, end: atom.end + m.end(), reading: open });
                continue;
            }
        }
        // `trước ngày 15/12 hằng năm`: a yearly due day, not one date.
        if let Some(caps) = following_recurrence_regex().captures(lower.get(atom.end..).unwrap_or("")) {
            let unit = caps.name("unit").map_or("năm", |u| u.as_str());
            let mut recurring = Reading::bare(DeadlineKind::Recurring);
            recurring.recurrence = vec![unit_recurrence(unit)];
            out.push(Candidate { start: lead_start, end: atom.end + whole(&caps).1, reading: recurring });
            continue;
        }
        out.push(Candidate { start: lead_start, end: atom.end, reading });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use DeadlineKind as K;
    use Recurrence as R;

    /// (input, plan year, kind, start, end, recurrence, year inferred)
    type Case = (&'static str, Option<i32>, DeadlineKind, &'static str, &'static str, &'static [Recurrence], bool);

    fn iso(date: Option<Date>) -> String {
        date.map_or_else(|| "null".to_string(), |d| d.iso())
    }

    fn check_all(cases: &[Case], parse: fn(&str, Option<i32>) -> Option<Deadline>) {
        let mut failures = Vec::new();
        for (input, plan_year, kind, start, end, recurrence, inferred) in cases {
            let got = parse(input, *plan_year);
            let expected = (*kind, start.to_string(), end.to_string(), recurrence.to_vec(), *inferred);
            let actual = got.as_ref().map(|d| (d.kind, iso(d.start), iso(d.end), d.recurrence.clone(), d.year_inferred));
            if actual.as_ref() != Some(&expected) {
                failures.push(format!("{input:?}: expected {expected:?}, got {actual:?}"));
            }
        }
        assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    }

    const NONE: &[Recurrence] = &[];

    #[rustfmt::skip]
    const CELL_CASES: &[Case] = &[
        // month
        ("Tháng 9/2025", None, K::Month, "2025-09-01", "2025-09-30", NONE, false),
        ("9/2025", None, K::Month, "2025-09-01", "2025-09-30", NONE, false),
        ("tháng 02 năm 2024", None, K::Month, "2024-02-01", "2024-02-29", NONE, false),
        ("Hoàn thành trong tháng 11 năm 2022", None, K::Month, "2022-11-01", "2022-11-30", NONE, false),
        ("11/2023", Some(2023), K::Month, "2023-11-01", "2023-11-30", NONE, false),
        ("THÁNG 7 / 2026", None, K::Month, "2026-07-01", "2026-07-31", NONE, false),
        ("T10/2024", None, K::Month, "2024-10-01", "2024-10-31", NONE, false),
        ("xong trong tháng 3/2026.", None, K::Month, "2026-03-01", "2026-03-31", NONE, false),
        // missing year → plan year
        ("tháng 5", Some(2024), K::Month, "2024-05-01", "2024-05-31", NONE, true),
        ("Tháng 10", None, K::Month, "null", "null", NONE, false),
        // range
        ("Tháng 4-5/2025", None, K::Range, "2025-04-01", "2025-05-31", NONE, false),
        ("Tháng 9 - 11/2024", None, K::Range, "2024-09-01", "2024-11-30", NONE, false),
        ("từ tháng 2 đến tháng 7/2024", None, K::Range, "2024-02-01", "2024-07-31", NONE, false),
        ("Từ tháng 11 đến tháng 2/2025", None, K::Range, "2024-11-01", "2025-02-28", NONE, false),
        ("Tháng 10/2024 - tháng 3/2025", None, K::Range, "2024-10-01", "2025-03-31", NONE, false),
        ("Quý II - III/2025", None, K::Range, "2025-04-01", "2025-09-30", NONE, false),
        ("Quý III/2025 – Quý I/2026", None, K::Range, "2025-07-01", "2026-03-31", NONE, false),
        ("Từ quý I/2027 đến quý IV/2029", None, K::Range, "2027-01-01", "2029-12-31", NONE, false),
        ("từ ngày 05/10 đến hết năm 2025", None, K::Range, "2025-10-05", "2025-12-31", NONE, false),
        ("Từ ngày 3/3/2025 đến ngày 7/3/2025", None, K::Range, "2025-03-03", "2025-03-07", NONE, false),
        ("Quý I và Quý II năm 2024", None, K::Range, "2024-01-01", "2024-06-30", NONE, false),
        ("Tháng 6; tháng 12/2023", None, K::Range, "2023-06-01", "2023-12-31", NONE, false),
        // quarter
        ("Quý IV/2024", None, K::Quarter, "2024-10-01", "2024-12-31", NONE, false),
        ("quý 3 năm 2025", None, K::Quarter, "2025-07-01", "2025-09-30", NONE, false),
        ("Quý I Năm 2027", None, K::Quarter, "2027-01-01", "2027-03-31", NONE, false),
        ("Trong quý 04/2023", None, K::Quarter, "2023-10-01", "2023-12-31", NONE, false),
        ("Quý II", Some(2026), K::Quarter, "2026-04-01", "2026-06-30", NONE, true),
        // half
        ("6 tháng đầu năm 2024", None, K::Half, "2024-01-01", "2024-06-30", NONE, false),
        ("06 tháng cuối năm 2025", None, K::Half, "2025-07-01", "2025-12-31", NONE, false),
        ("6 tháng cuối năm", Some(2023), K::Half, "2023-07-01", "2023-12-31", NONE, true),
        ("nửa đầu năm 2026", None, K::Half, "2026-01-01", "2026-06-30", NONE, false),
        // year, years
        ("Năm 2026", None, K::Year, "2026-01-01", "2026-12-31", NONE, false),
        ("2027", None, K::Year, "2027-01-01", "2027-12-31", NONE, false),
        ("Trong năm 2024", None, K::Year, "2024-01-01", "2024-12-31", NONE, false),
        ("2022 - 2024", None, K::Years, "2022-01-01", "2024-12-31", NONE, false),
        ("Giai đoạn 2026-2030", None, K::Years, "2026-01-01", "2030-12-31", NONE, false),
        ("năm 2024 - 2026", None, K::Years, "2024-01-01", "2026-12-31", NONE, false),
        ("2025–2035", None, K::Years, "2025-01-01", "2035-12-31", NONE, false),
        ("Năm 2026; Năm 2028", None, K::Years, "2026-01-01", "2028-12-31", NONE, false),
        ("Từ năm 2023 đến năm 2025", None, K::Years, "2023-01-01", "2025-12-31", NONE, false),
        // date
        ("20/10/2024", None, K::Date, "2024-10-20", "2024-10-20", NONE, false),
        ("ngày 05 tháng 9 năm 2025", None, K::Date, "2025-09-05", "2025-09-05", NONE, false),
        ("Ngày 1/12/2026", None, K::Date, "2026-12-01", "2026-12-01", NONE, false),
        ("ngày 3 tháng 2", Some(2025), K::Date, "2025-02-03", "2025-02-03", NONE, true),
        // continuous
        ("Thường xuyên", Some(2025), K::Continuous, "null", "null", NONE, false),
        ("Thường xuyên, theo chỉ đạo của cấp trên", None, K::Continuous, "null", "null", NONE, false),
        ("Liên tục", None, K::Continuous, "null", "null", NONE, false),
        ("Từ quý III/2026", None, K::Continuous, "2026-07-01", "null", NONE, false),
        ("Từ tháng 9/2025, thường xuyên", None, K::Continuous, "2025-09-01", "null", NONE, false),
        ("Từ 15/8/2024", None, K::Continuous, "2024-08-15", "null", NONE, false),
        ("Năm 2025 và các năm tiếp theo", None, K::Continuous, "2025-01-01", "null", NONE, false),
        ("Giai đoạn 2025-2030 và những năm tiếp theo", None, K::Continuous, "2025-01-01", "null", NONE, false),
        ("Từ năm 2026 trở đi", None, K::Continuous, "2026-01-01", "null", NONE, false),
        ("từ quý IV", Some(2025), K::Continuous, "2025-10-01", "null", NONE, true),
        // by
        ("trước ngày 15/10/2024", None, K::By, "null", "2024-10-15", NONE, false),
        ("Chậm nhất ngày 30/6/2025", None, K::By, "null", "2025-06-30", NONE, false),
        ("Trước 28/02/2025", None, K::By, "null", "2025-02-28", NONE, false),
        ("Hoàn thành trước ngày 20 tháng 12 năm 2023", None, K::By, "null", "2023-12-20", NONE, false),
        ("trước ngày 10/7", Some(2024), K::By, "null", "2024-07-10", NONE, true),
        ("Trước quý III/2025", None, K::By, "null", "2025-06-30", NONE, false),
        ("Chậm nhất trong quý II/2025", None, K::By, "null", "2025-06-30", NONE, false),
        ("Đến hết năm 2026", None, K::By, "null", "2026-12-31", NONE, false),
        ("Hạn chót: 31/3/2025", None, K::By, "null", "2025-03-31", NONE, false),
        // recurring
        ("06 tháng, năm", None, K::Recurring, "null", "null", &[R::Semiannual, R::Annual], false),
        ("Định kỳ 6 tháng, năm", None, K::Recurring, "null", "null", &[R::Semiannual, R::Annual], false),
        ("Hằng tháng", None, K::Recurring, "null", "null", &[R::Monthly], false),
        ("hàng quý", None, K::Recurring, "null", "null", &[R::Quarterly], false),
        ("Hàng năm", Some(2025), K::Recurring, "null", "null", &[R::Annual], false),
        ("Định kỳ hàng tháng, quý, năm", None, K::Recurring, "null", "null", &[R::Monthly, R::Quarterly, R::Annual], false),
        ("Định kỳ năm, quý, tháng", None, K::Recurring, "null", "null", &[R::Monthly, R::Quarterly, R::Annual], false),
        ("Định kỳ", None, K::Recurring, "null", "null", NONE, false),
        ("Năm 2023 và hàng năm", None, K::Recurring, "2023-01-01", "null", &[R::Annual], false),
        ("Theo kế hoạch công tác hằng năm của ngành", None, K::Recurring, "null", "null", &[R::Annual], false),
        ("Tháng 3 và tháng 9 hằng năm", Some(2024), K::Recurring, "null", "null", &[R::Annual], false),
        ("Trước ngày 20/12 hằng năm", Some(2024), K::Recurring, "null", "null", &[R::Annual], false),
        ("định kỳ trước ngày 15 tháng 12 hàng năm", None, K::Recurring, "null", "null", &[R::Annual], false),
        ("Hàng tuần", None, K::Recurring, "null", "null", &[R::Weekly], false),
        ("Hằng ngày", None, K::Recurring, "null", "null", &[R::Daily], false),
        ("Định kỳ hằng quý (trước ngày 20 của tháng cuối quý)", None, K::Recurring, "null", "null", &[R::Quarterly], false),
        ("Tháng, quý, năm", None, K::Recurring, "null", "null", &[R::Monthly, R::Quarterly, R::Annual], false),
        ("theo từng năm", None, K::Recurring, "null", "null", &[R::Annual], false),
        // event
        ("Khi có thay đổi nhân sự", None, K::Event, "null", "null", NONE, false),
        ("Theo tiến độ thực hiện dự án", None, K::Event, "null", "null", NONE, false),
        ("Khi có yêu cầu", Some(2025), K::Event, "null", "null", NONE, false),
        ("Sau khi Đề án được phê duyệt", None, K::Event, "null", "null", NONE, false),
        ("Thực hiện ngay khi có chỉ đạo", None, K::Event, "null", "null", NONE, false),
        // season
        ("Vụ Hè Thu và Thu Đông 2025; Đông Xuân 2025 - 2026", None, K::Season, "2025-04-01", "2026-04-30", NONE, false),
        ("Vụ Hè Thu và Thu Đông 2023", None, K::Season, "2023-04-01", "2023-11-30", NONE, false),
        ("Vụ Đông Xuân 2024-2025", None, K::Season, "2024-11-01", "2025-04-30", NONE, false),
        ("Vụ Đông Xuân 2025", None, K::Season, "2024-11-01", "2025-04-30", NONE, false),
        ("vụ Thu Đông", Some(2024), K::Season, "2024-08-01", "2024-11-30", NONE, true),
        // parts of the year (documented choice)
        ("đầu năm 2025", None, K::Range, "2025-01-01", "2025-03-31", NONE, false),
        ("Cuối năm 2024", None, K::Range, "2024-10-01", "2024-12-31", NONE, false),
        // a repeated field label is skipped
        ("Thời gian thực hiện: Theo yêu cầu", None, K::Event, "null", "null", NONE, false),
        ("Thời gian hoàn thành: Quý I/2026", None, K::Quarter, "2026-01-01", "2026-03-31", NONE, false),
        // cited documents are not periods
        ("Theo Kế hoạch số 54/KH-UBND ngày 07/6/2024", None, K::Event, "null", "null", NONE, false),
        // unparseable
        ("Đang triển khai", Some(2025), K::Unknown, "null", "null", NONE, false),
        ("Tháng 99/99999", Some(2025), K::Unknown, "null", "null", NONE, false),
        ("Quý V/2024", Some(2024), K::Unknown, "null", "null", NONE, false),
        ("Tháng 13/2024", None, K::Unknown, "null", "null", NONE, false),
        ("29/2/2023", None, K::Unknown, "null", "null", NONE, false),
        ("29/2/2024", None, K::Date, "2024-02-29", "2024-02-29", NONE, false),
        ("31/4/2025", None, K::Unknown, "null", "null", NONE, false),
        ("ngày 29/2", Some(2023), K::Date, "null", "null", NONE, false),
    ];

    #[test]
    fn cells_read_as_the_conventions_say() {
        check_all(CELL_CASES, parse_deadline);
    }

    #[test]
    fn cell_text_is_kept_as_written() {
        let deadline = parse_deadline("  Quý II/2023  ", None).expect("a deadline");
        assert_eq!(deadline.text, "Quý II/2023");
        assert_eq!(parse_deadline("Tháng 8/2024", None).map(|d| d.kind.as_str()), Some("month"));
        assert_eq!(Recurrence::Semiannual.as_str(), "semiannual");
    }

    #[test]
    fn empty_and_punctuation_only_cells_are_none() {
        for input in ["", "   ", "-", "...", " / ", "–", "(*)", "\u{a0}"] {
            assert_eq!(parse_deadline(input, Some(2024)), None, "{input:?}");
            assert_eq!(find_deadline(input, Some(2024)), None, "{input:?}");
        }
    }

    #[rustfmt::skip]
    const PROSE_CASES: &[Case] = &[
        ("Tổ chức chiến dịch diệt lăng quăng từ tháng 3 đến tháng 6/2025.", None, K::Range, "2025-03-01", "2025-06-30", &[], false),
        ("Kiểm tra hoạt động thương mại điện tử từ ngày 01/7/2025 đến hết năm 2026.", None, K::Range, "2025-07-01", "2026-12-31", &[], false),
        ("Tổ chức kiểm tra hằng quý.", None, K::Recurring, "null", "null", &[R::Quarterly], false),
        ("Giao chỉ tiêu cho từng đơn vị; mỗi quý đánh giá kết quả một lần.", None, K::Recurring, "null", "null", &[R::Quarterly], false),
        ("Mỗi tháng tổng hợp số liệu gửi Sở Y tế.", None, K::Recurring, "null", "null", &[R::Monthly], false),
        // `hoàn thành` alone before a period, as `hoàn thành trong`
        ("Rà soát danh mục thủ tục, hoàn thành năm 2024 - 2025.", None, K::Years, "2024-01-01", "2025-12-31", &[], false),
        ("Xây dựng cơ sở dữ liệu, hoàn thành quý III/2026.", None, K::Quarter, "2026-07-01", "2026-09-30", &[], false),
        ("Sửa chữa trụ sở, hoàn thành trước quý IV/2026.", None, K::By, "null", "2026-09-30", &[], false),
        ("Chủ trì, phối hợp với Trung tâm Chính trị hằng quý biên soạn tài liệu.", None, K::Recurring, "null", "null", &[R::Quarterly], false),
        ("Biên tập chuyên mục, phát sóng hằng tháng; báo cáo kết quả.", None, K::Recurring, "null", "null", &[R::Monthly], false),
        // governing expressions
        ("Thường xuyên kiểm tra, đôn đốc các địa phương thực hiện tiêu chí.", None, K::Continuous, "null", "null", NONE, false),
        ("Phối hợp với các sở tuyên truyền về chương trình; thường xuyên rà soát kết quả của các xã.", None, K::Continuous, "null", "null", NONE, false),
        ("Tiếp tục chủ trì, phối hợp với các ngành thường xuyên theo dõi tiến độ.", None, K::Continuous, "null", "null", NONE, false),
        ("Đồng thời, thường xuyên cập nhật dữ liệu lên hệ thống.", None, K::Continuous, "null", "null", NONE, false),
        ("Định kỳ hàng tháng, quý, năm, các đơn vị gửi báo cáo về Sở.", None, K::Recurring, "null", "null", &[R::Monthly, R::Quarterly, R::Annual], false),
        ("Theo dõi, tổng hợp; định kỳ 6 tháng và cuối năm báo cáo Ủy ban nhân dân tỉnh.", None, K::Recurring, "null", "null", &[R::Semiannual, R::Annual], false),
        ("Đối với cấp tỉnh định kỳ 6 tháng và năm; đối với cấp xã hàng tháng, quý báo cáo kết quả.", None, K::Recurring, "null", "null", &[R::Monthly, R::Quarterly, R::Semiannual, R::Annual], false),
        ("Kiểm tra tiến độ và định kỳ báo cáo Ủy ban nhân dân tỉnh theo quy định.", None, K::Recurring, "null", "null", NONE, false),
        ("Hằng năm, tổ chức đánh giá kết quả thực hiện Kế hoạch.", None, K::Recurring, "null", "null", &[R::Annual], false),
        ("Tham mưu tổ chức hội nghị sơ kết hàng năm để rút kinh nghiệm.", None, K::Recurring, "null", "null", &[R::Annual], false),
        ("Xây dựng kế hoạch cụ thể theo từng năm để triển khai.", None, K::Recurring, "null", "null", &[R::Annual], false),
        ("Các đơn vị báo cáo kết quả trước ngày 15/12 hằng năm.", Some(2024), K::Recurring, "null", "null", &[R::Annual], false),
        ("Triển khai đồng bộ các dự án của Chương trình giai đoạn 2021 - 2025 trong năm 2024.", None, K::Year, "2024-01-01", "2024-12-31", NONE, false),
        ("Tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 20/11/2025.", None, K::By, "null", "2025-11-20", NONE, false),
        ("Gửi báo cáo về Sở Tài chính trước ngày 10/6.", Some(2026), K::By, "null", "2026-06-10", NONE, true),
        ("Các đơn vị xây dựng kế hoạch triển khai xong trong tháng 10/2025.", None, K::Month, "2025-10-01", "2025-10-31", NONE, false),
        ("Hoàn thành việc rà soát trong quý III/2024.", None, K::Quarter, "2024-07-01", "2024-09-30", NONE, false),
        ("Từ quý II/2026, tổ chức vận hành hệ thống.", None, K::Continuous, "2026-04-01", "null", NONE, false),
        ("Tổ chức kiểm tra từ ngày 3/3/2025 đến ngày 7/3/2025.", None, K::Range, "2025-03-03", "2025-03-07", NONE, false),
        ("Xây dựng cơ sở dữ liệu (thời gian hoàn thành: tháng 6/2025).", None, K::Month, "2025-06-01", "2025-06-30", NONE, false),
        ("Tổ chức tập huấn cho cán bộ trong năm 2025 và các năm tiếp theo.", None, K::Continuous, "2025-01-01", "null", NONE, false),
        ("Ngày 20 hằng tháng, các đơn vị gửi báo cáo về Sở.", None, K::Recurring, "null", "null", &[R::Monthly], false),
        ("Áp dụng thống nhất từ ngày 01/7/2025.", None, K::Continuous, "2025-07-01", "null", NONE, false),
        ("Chậm nhất đến hết quý II/2026 phải đưa hệ thống vào vận hành.", None, K::By, "null", "2026-06-30", NONE, false),
        ("Chủ trì tổ chức hội nghị tổng kết 05 năm vào quý IV/2025.", None, K::Quarter, "2025-10-01", "2025-12-31", NONE, false),
        ("Trong 6 tháng đầu năm 2025, hoàn thành việc lắp đặt.", None, K::Half, "2025-01-01", "2025-06-30", NONE, false),
        ("Báo cáo kết quả trong tháng 12 hằng năm.", Some(2024), K::Recurring, "null", "null", &[R::Annual], false),
        // the first expression wins
        ("Thường xuyên kiểm tra các xã. Định kỳ hàng quý báo cáo Ban Chỉ đạo.", None, K::Continuous, "null", "null", NONE, false),
        ("Ban hành kế hoạch xong trong tháng 12/2025. Định kỳ hằng năm báo cáo kết quả.", None, K::Month, "2025-12-01", "2025-12-31", NONE, false),
    ];

    const PROSE_NEGATIVES: &[&str] = &[
        "Bố trí kinh phí thực hiện trong dự toán ngân sách nhà nước hằng năm.",
        "Triển khai Kế hoạch cơ cấu lại ngành nông nghiệp giai đoạn 2021 - 2025.",
        "Xây dựng kế hoạch thực hiện Chương trình mỗi xã một sản phẩm năm 2022.",
        "Rà soát, điều chỉnh quy hoạch hạ tầng viễn thông đến năm 2030.",
        "Thực hiện Chiến lược phát triển nông nghiệp giai đoạn 2022 - 2030, tầm nhìn đến năm 2050.",
        "Chỉ đạo các đơn vị thực hiện các hoạt động thường xuyên, nhằm đạt chỉ tiêu kế hoạch khám chữa bệnh năm 2023.",
        "Hỗ trợ 10 xã đăng ký đạt chuẩn nông thôn mới nâng cao trong năm 2023 theo Kế hoạch.",
        "Bố trí kinh phí chi thường xuyên trong dự toán ngân sách nhà nước hàng năm cho các đơn vị.",
        "Hướng dẫn người dân sử dụng điện thường xuyên an toàn.",
        "Cụ thể hóa Đề án trong các kế hoạch chuyển đổi số trung hạn và hàng năm của Bộ.",
        "Chuẩn bị tài liệu họp định kỳ của Ban Chỉ đạo.",
        "Thực hiện chi trả thông qua tài khoản ngân hàng theo định kỳ.",
        "Thực hiện kịp thời, đồng thời phối hợp các phương án trong thời gian tới.",
        "Trong quá trình triển khai, nghiên cứu đề xuất điều chỉnh nội dung.",
        "Chuẩn bị phương án thu dung điều trị khi có dịch bùng phát.",
        "Tiếp tục thực hiện Quyết định số 12/QĐ-UBND ngày 5/6/2023 của Ủy ban nhân dân tỉnh.",
        "Triển khai Kế hoạch số 39/KH-UBND ngày 24 tháng 5 năm 2021 về phát triển nông nghiệp.",
        "Hướng dẫn các cơ sở mỗi năm xây dựng tối thiểu hai chuỗi thực phẩm an toàn.",
        "Triển khai Đề án xây dựng tỉnh đạt chuẩn nông thôn mới trước năm 2025.",
        "Xây dựng, duy trì thường xuyên các chuyên mục về pháp luật.",
        "Tổ chức hội nghị ngày 5/6/2024 tại hội trường tỉnh.",
        "Khảo sát 3/4 số xã trên địa bàn.",
        "Phấn đấu đến năm 2025 có 100% xã đạt chuẩn.",
        "Tổng hợp số liệu thống kê từ năm 2020 đến năm 2023 của ngành.",
        "Thực hiện nghiêm chế độ báo cáo định kỳ theo quy định.",
        "Chủ động bố trí kinh phí thường xuyên để thực hiện.",
        "Người trực tiếp, thường xuyên làm công tác pháp chế được hỗ trợ.",
    ];

    #[test]
    fn prose_expressions_that_govern_the_action() {
        check_all(PROSE_CASES, find_deadline);
    }

    #[test]
    fn prose_years_in_names_and_adjective_uses_are_not_deadlines() {
        for input in PROSE_NEGATIVES {
            assert_eq!(find_deadline(input, Some(2023)), None, "{input:?}");
        }
    }

    #[test]
    fn prose_phrase_is_returned_as_written() {
        let text = |s: &str| find_deadline(s, Some(2025)).map(|d| d.text);
        assert_eq!(text("Thường xuyên theo dõi tiến độ.").as_deref(), Some("Thường xuyên"));
        assert_eq!(text("Giao Văn phòng theo dõi; Định kỳ hàng tháng, quý, năm báo cáo.").as_deref(), Some("Định kỳ hàng tháng, quý, năm"));
        assert_eq!(
            text("Yêu cầu các sở thực hiện; định kỳ trước ngày 30 tháng 11 hàng năm báo cáo UBND.").as_deref(),
            Some("định kỳ trước ngày 30 tháng 11 hàng năm")
        );
        assert_eq!(text("Các đơn vị xây dựng kế hoạch xong trong tháng 12/2025.").as_deref(), Some("xong trong tháng 12/2025"));
        assert_eq!(
            text("Báo cáo kết quả định kỳ 6 tháng (ngày 15/06) và hàng năm (ngày 15/12) về Sở.").as_deref(),
            Some("định kỳ 6 tháng (ngày 15/06) và hàng năm")
        );
    }

    #[test]
    fn no_panic_on_hostile_input() {
        let long_digits = "9".repeat(100_000);
        let long_mixed = "Tháng 8/2024 quý IV/2025 thường xuyên 29/2/2023 định kỳ hàng năm ".repeat(5_000);
        let long_words = "trước ".repeat(50_000);
        let inputs: Vec<String> = vec![
            long_digits,
            long_mixed,
            long_words,
            "Tháng 99/99999".into(),
            "Quý V/2024".into(),
            "tháng 13".into(),
            "ngày 31/2".into(),
            "ngày 00/00/0000".into(),
            "00/2024".into(),
            "2199 - 1900".into(),
            "(((((".into(),
            "định kỳ ((((((( hàng".into(),
            "Đông Xuân 1900".into(),
            "İİİ quý İ".into(),
            "ẞ tháng ẞ 8/2024".into(),
            "\u{301}\u{301}tháng\u{301} 8".into(),
            "từ".into(),
            "trước ngày".into(),
        ];
        for input in &inputs {
            for plan_year in [None, Some(2024), Some(i32::MAX), Some(i32::MIN), Some(0)] {
                let _ = parse_deadline(input, plan_year);
                let _ = find_deadline(input, plan_year);
            }
        }
        assert_eq!(parse_deadline("Quý I", Some(i32::MAX)).map(|d| d.kind), Some(K::Quarter));
        assert_eq!(parse_deadline("Vụ Đông Xuân", Some(i32::MIN)).map(|d| (d.kind, d.start)), Some((K::Season, None)));
    }

    #[test]
    fn lower_case_keeps_byte_offsets() {
        let text = "ĐỊNH KỲ Hằng Năm İ ẞ";
        let lower = lower_keeping_offsets(text);
        assert_eq!(lower.len(), text.len());
        assert!(lower.starts_with("định kỳ hằng năm"));
    }
}
