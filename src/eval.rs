//! Scoring of extracted documents against hand-labelled gold files (SPEC §6, `vnplan eval`).
//!
//! In: predicted documents and gold documents, both as [`EvalDoc`] (the gold file format of
//! SPEC §6; the caller converts its pipeline output into the same shape), or a gold directory
//! read with [`load_gold_dir`]. Out: an [`EvalReport`] with micro-averaged overall scores,
//! one row per gold document, and the documents that could not be paired; [`render_table`]
//! prints it for people and [`metric_values`] names the overall values for a floor check.
//!
//! Not here: running the pipeline, converting its document model, deciding floors, any
//! normalization beyond the comparison rules below (no tone-placement repair, no agency
//! canonicalisation, no typo repair: the pipeline must already produce canonical strings).
//!
//! # The comparison rules (the contract; anyone can reproduce the numbers from this)
//!
//! * **Text** ([`normalize_text`]): Unicode NFC, lower case (`str::to_lowercase`, then NFC
//!   again), every run of Unicode white space (including NBSP, tabs, line breaks) collapsed to
//!   one space, leading and trailing white space removed.
//! * **Symbols** (`number` of metadata and of legal references, [`normalize_symbol`]): text
//!   normalization, then all white space removed and `đ` (from `Đ` or `đ`) mapped to `d`.
//!   Nothing else is mapped (not the look-alike `Ð`/`ð`).
//! * **Optional fields** (`issued_date`, deadline `start`/`end`, metadata fields): a value that
//!   is empty after normalization counts as `null`; `null` equals only `null`.
//! * **Documents** are paired by exact `doc_id`. A gold document with no prediction counts every
//!   gold item as a miss (sections, references and tasks are false negatives; each metadata
//!   field is wrong, even one whose gold value is `null`). A prediction with no gold document
//!   is ignored and listed in [`EvalReport::unmatched_predictions`]; when a `doc_id` is
//!   predicted twice, the first prediction is scored.
//! * **Metadata**: accuracy of each of `doc_type` (text), `number` (symbol) and `issued_date`
//!   (text), over gold documents.
//! * **Sections**: P/R/F1 over the multiset of keys (text of `marker`, the first
//!   [`SECTION_HEADING_KEY_CHARS`] characters — Unicode scalar values, not bytes — of the
//!   normalized `heading`). A key predicted twice matches two gold sections with that key.
//! * **Legal references**: P/R/F1 over the multiset of (text of `doc_type`, symbol of
//!   `number`); equal keys pair in document order (first predicted with first gold, …);
//!   `issued_date` accuracy over those matched pairs.
//! * **Tasks**: see [`match_tasks`] for the one-to-one, best-first matching, the word sets and
//!   the Jaccard. Task P/R/F1 counts matched pairs as true positives. `tasks.table` and
//!   `tasks.body` run the same matching on the tasks of that `source` only (predicted and gold
//!   both filtered), so a body prediction that matches a table gold task counts for neither;
//!   tasks with another `source` count only in the overall figure. On the pairs of the overall
//!   matching: micro P/R/F1 of `lead` names and of `partners` names (each list taken as a set
//!   of normalized names, empty names dropped; TP/FP/FN summed over pairs) and the accuracy of
//!   the deadline (`kind`, `start`, `end`), where a `null` deadline equals only a `null`
//!   deadline. `number` and `description` of matched tasks are not scored further.
//! * **Averaging**: micro: counts are summed over all gold documents, then the ratios computed.
//! * **Empty denominators**: precision is TP/(TP+FP) and recall TP/(TP+FN); when a denominator
//!   is 0 the value is 1.0 if both sides are empty (nothing predicted, nothing in gold) and 0.0
//!   otherwise; F1 is 2PR/(P+R), 1.0 when both sides are empty and 0.0 when P+R = 0. An
//!   accuracy over zero items is 1.0 (there was nothing to get wrong). The per-document table
//!   prints the lead, partners and deadline cells of a document without matched task pairs
//!   as `-` instead.

use std::cmp::{Ordering, Reverse};
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt::Write as _;
use std::hash::Hash;
use std::path::Path;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// How many characters of a normalized section heading take part in the section key.
pub const SECTION_HEADING_KEY_CHARS: usize = 40;

/// Two task descriptions whose normalized texts agree on this many first characters match.
pub const TASK_PREFIX_CHARS: usize = 60;

/// Two task descriptions whose word sets have a Jaccard of at least
/// `TASK_JACCARD_MIN_NUMERATOR / TASK_JACCARD_MIN_DENOMINATOR` (0.6) match. Kept as an exact
/// fraction so that the boundary does not depend on floating-point rounding.
pub const TASK_JACCARD_MIN_NUMERATOR: u64 = 3;
/// See [`TASK_JACCARD_MIN_NUMERATOR`].
pub const TASK_JACCARD_MIN_DENOMINATOR: u64 = 5;

/// The `source` value of tasks taken from appendix tables.
pub const TASK_SOURCE_TABLE: &str = "table";
/// The `source` value of tasks taken from the body text.
pub const TASK_SOURCE_BODY: &str = "body";

/// File-name suffix of gold files in a gold directory.
pub const GOLD_FILE_SUFFIX: &str = ".gold.json";

// ---------------------------------------------------------------------------------------------
// The gold format (SPEC §6), also used for predictions.
// ---------------------------------------------------------------------------------------------

/// One document in the gold format. Every field may be missing in a file (defaults apply);
/// unknown fields (e.g. a deadline's `recurrence`) are ignored.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct EvalDoc {
    pub doc_id: String,
    pub metadata: EvalMetadata,
    pub sections: Vec<EvalSection>,
    pub legal_refs: Vec<EvalRef>,
    pub tasks: Vec<EvalTask>,
}

/// The scored metadata fields.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct EvalMetadata {
    pub doc_type: Option<String>,
    pub number: Option<String>,
    pub issued_date: Option<String>,
}

/// A Roman, Arabic or dotted heading of the body.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct EvalSection {
    pub marker: String,
    pub heading: String,
}

/// A distinct cited document.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct EvalRef {
    pub doc_type: String,
    pub number: String,
    pub issued_date: Option<String>,
}

/// A task with its agencies (canonical names) and deadline.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct EvalTask {
    pub source: String,
    pub number: String,
    pub description: String,
    pub lead: Vec<String>,
    pub partners: Vec<String>,
    pub deadline: Option<EvalDeadline>,
}

/// The scored part of a deadline: kind and inclusive ISO start/end.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct EvalDeadline {
    pub kind: String,
    pub start: Option<String>,
    pub end: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Loading gold files.
// ---------------------------------------------------------------------------------------------

/// Loads every `<doc_id>.gold.json` in `dir` (non-recursive; hidden files, directories and
/// other files are skipped), sorted by doc_id. A file without `doc_id` takes it from its name;
/// a file whose `doc_id` differs from its name is an error. Errors name the offending path.
pub fn load_gold_dir(dir: &Path) -> Result<Vec<EvalDoc>, String> {
    let entries = std::fs::read_dir(dir).map_err(|error| format!("{}: cannot read gold directory: {error}", dir.display()))?;
    let mut gold_docs = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|error| format!("{}: cannot list gold directory: {error}", dir.display()))?;
        let path = entry.path();
        let Some(file_name) = path.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        if file_name.starts_with('.') {
            continue;
        }
        let Some(doc_id_from_name) = file_name.strip_suffix(GOLD_FILE_SUFFIX) else {
            continue;
        };
        if doc_id_from_name.is_empty() || !path.is_file() {
            continue;
        }
        gold_docs.push(load_gold_file(&path, doc_id_from_name)?);
    }
    gold_docs.sort_by(|left, right| left.doc_id.cmp(&right.doc_id));
    Ok(gold_docs)
}

fn load_gold_file(path: &Path, doc_id_from_name: &str) -> Result<EvalDoc, String> {
    let text = std::fs::read_to_string(path).map_err(|error| format!("{}: cannot read gold file: {error}", path.display()))?;
    let mut doc: EvalDoc = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|error| format!("{}: invalid gold file: {error}", path.display()))?;
    if doc.doc_id.is_empty() {
        doc.doc_id = doc_id_from_name.to_string();
    } else if doc.doc_id != doc_id_from_name {
        return Err(format!("{}: doc_id {:?} differs from the file name's {:?}", path.display(), doc.doc_id, doc_id_from_name));
    }
    Ok(doc)
}

// ---------------------------------------------------------------------------------------------
// Normalization.
// ---------------------------------------------------------------------------------------------

/// NFC, lower case, white space collapsed and trimmed (the rule for every compared string).
pub fn normalize_text(text: &str) -> String {
    let lowered = text.nfc().collect::<String>().to_lowercase();
    let mut normalized = String::with_capacity(lowered.len());
    for word in lowered.nfc().collect::<String>().split_whitespace() {
        if !normalized.is_empty() {
            normalized.push(' ');
        }
        normalized.push_str(word);
    }
    normalized
}

/// [`normalize_text`], then all white space dropped and `đ` mapped to `d` (the rule for the
/// `number` of metadata and legal references: `22 /KH-BCĐ` → `22/kh-bcd`).
pub fn normalize_symbol(text: &str) -> String {
    normalize_text(text)
        .chars()
        .filter(|character| !character.is_whitespace())
        .map(|character| if character == 'đ' { 'd' } else { character })
        .collect()
}

/// Normalizes an optional value with `normalize`; a value empty after normalization is `None`.
fn normalize_optional(value: Option<&str>, normalize: fn(&str) -> String) -> Option<String> {
    value.map(normalize).filter(|normalized| !normalized.is_empty())
}

/// The first `char_count` characters (Unicode scalar values) of `text`, never splitting one.
pub fn char_prefix(text: &str, char_count: usize) -> &str {
    match text.char_indices().nth(char_count) {
        Some((byte_index, _)) => &text[..byte_index],
        None => text,
    }
}

/// The word set of a description: the normalized text split on white space, each word with
/// punctuation trimmed from both ends (every character that is not alphabetic or numeric, so
/// `(OCOP),` → `ocop` while `2021-2025` and `kh-ubnd` keep their inner marks), empty words
/// dropped, duplicates removed. Sorted.
pub fn description_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = words_of_normalized(&normalize_text(text)).map(str::to_string).collect();
    words.sort();
    words.dedup();
    words
}

fn words_of_normalized(normalized: &str) -> impl Iterator<Item = &str> {
    normalized
        .split_whitespace()
        .map(|word| word.trim_matches(|character: char| !character.is_alphanumeric()))
        .filter(|word| !word.is_empty())
}

/// An exact non-negative fraction, ordered by value (used for the Jaccard so that ties and the
/// 0.6 boundary are decided exactly).
#[derive(Debug, Clone, Copy)]
pub struct Fraction {
    pub numerator: u64,
    /// Never 0.
    pub denominator: u64,
}

impl Fraction {
    pub fn value(self) -> f64 {
        self.numerator as f64 / self.denominator as f64
    }

    fn at_least(self, numerator: u64, denominator: u64) -> bool {
        u128::from(self.numerator) * u128::from(denominator) >= u128::from(numerator) * u128::from(self.denominator)
    }
}

impl Ord for Fraction {
    fn cmp(&self, other: &Self) -> Ordering {
        (u128::from(self.numerator) * u128::from(other.denominator)).cmp(&(u128::from(other.numerator) * u128::from(self.denominator)))
    }
}

impl PartialOrd for Fraction {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Fraction {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Fraction {}

/// |A∩B| / |A∪B| of two sorted, deduplicated word lists; 0 when both are empty.
fn jaccard_of_sorted<T: Ord>(left: &[T], right: &[T]) -> Fraction {
    let (mut left_index, mut right_index, mut shared) = (0, 0, 0u64);
    while let (Some(left_word), Some(right_word)) = (left.get(left_index), right.get(right_index)) {
        match left_word.cmp(right_word) {
            Ordering::Less => left_index += 1,
            Ordering::Greater => right_index += 1,
            Ordering::Equal => {
                shared += 1;
                left_index += 1;
                right_index += 1;
            }
        }
    }
    let union = left.len() as u64 + right.len() as u64 - shared;
    if union == 0 {
        Fraction { numerator: 0, denominator: 1 }
    } else {
        Fraction { numerator: shared, denominator: union }
    }
}

/// The word-set Jaccard of two descriptions (see [`description_words`]); 0 when neither has a
/// word.
pub fn description_jaccard(left: &str, right: &str) -> f64 {
    jaccard_of_sorted(&description_words(left), &description_words(right)).value()
}

// ---------------------------------------------------------------------------------------------
// Task matching.
// ---------------------------------------------------------------------------------------------

/// Why a predicted task was paired with a gold task; earlier tiers are taken first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchTier {
    /// The normalized descriptions are equal.
    Identical,
    /// The normalized descriptions agree on their first [`TASK_PREFIX_CHARS`] characters.
    Prefix,
    /// Only the word-set Jaccard reaches 0.6.
    Jaccard,
}

/// One predicted task paired with one gold task (indices into the lists given).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskPair {
    pub predicted_index: usize,
    pub gold_index: usize,
    pub tier: MatchTier,
    pub same_source: bool,
    pub jaccard: f64,
}

/// A task reduced to what matching compares.
struct TaskMatchKey {
    description: String,
    prefix_byte_len: usize,
    word_ids: Vec<u32>,
    source: String,
}

impl TaskMatchKey {
    fn prefix(&self) -> &str {
        self.description.get(..self.prefix_byte_len).unwrap_or("")
    }
}

fn task_match_keys(tasks: &[EvalTask], word_ids: &mut HashMap<String, u32>) -> Vec<TaskMatchKey> {
    tasks
        .iter()
        .map(|task| {
            let description = normalize_text(&task.description);
            let prefix_byte_len = char_prefix(&description, TASK_PREFIX_CHARS).len();
            let mut ids: Vec<u32> = words_of_normalized(&description)
                .map(|word| {
                    let next_id = word_ids.len() as u32;
                    *word_ids.entry(word.to_string()).or_insert(next_id)
                })
                .collect();
            ids.sort_unstable();
            ids.dedup();
            TaskMatchKey { description, prefix_byte_len, word_ids: ids, source: normalize_text(&task.source) }
        })
        .collect()
}

/// Pairs predicted tasks with gold tasks of one document, one-to-one, best first.
///
/// A pair is a candidate when the normalized descriptions agree on their first
/// [`TASK_PREFIX_CHARS`] characters (both strings cut to that many characters and compared;
/// so a description shorter than that agrees only with an identical one), or when their word
/// sets (see [`description_words`]) have a Jaccard of at least 0.6 (exactly: 3·|A∪B| ≤
/// 5·|A∩B|). Candidates are ranked by, in order: tier (identical descriptions, then prefix
/// agreements, then the rest); same `source` before different `source` (within each tier);
/// higher Jaccard of the whole descriptions; lower gold index; lower predicted index. They are
/// taken greedily in that order, skipping any whose predicted or gold task is already paired.
/// The result is sorted by gold index.
pub fn match_tasks(predicted: &[EvalTask], gold: &[EvalTask]) -> Vec<TaskPair> {
    let mut word_ids = HashMap::new();
    let predicted_keys = task_match_keys(predicted, &mut word_ids);
    let gold_keys = task_match_keys(gold, &mut word_ids);

    struct Candidate {
        tier: MatchTier,
        different_source: bool,
        jaccard: Fraction,
        gold_index: usize,
        predicted_index: usize,
    }
    let mut candidates = Vec::new();
    for (gold_index, gold_key) in gold_keys.iter().enumerate() {
        for (predicted_index, predicted_key) in predicted_keys.iter().enumerate() {
            let jaccard = jaccard_of_sorted(&predicted_key.word_ids, &gold_key.word_ids);
            let tier = if predicted_key.description == gold_key.description {
                MatchTier::Identical
            } else if predicted_key.prefix() == gold_key.prefix() {
                MatchTier::Prefix
            } else if jaccard.at_least(TASK_JACCARD_MIN_NUMERATOR, TASK_JACCARD_MIN_DENOMINATOR) {
                MatchTier::Jaccard
            } else {
                continue;
            };
            candidates.push(Candidate {
                tier,
                different_source: predicted_key.source != gold_key.source,
                jaccard,
                gold_index,
                predicted_index,
            });
        }
    }
    candidates.sort_unstable_by_key(|candidate| {
        (candidate.tier, candidate.different_source, Reverse(candidate.jaccard), candidate.gold_index, candidate.predicted_index)
    });

    let mut predicted_taken = vec![false; predicted.len()];
    let mut gold_taken = vec![false; gold.len()];
    let mut pairs = Vec::new();
    for candidate in candidates {
        let (Some(predicted_done), Some(gold_done)) =
            (predicted_taken.get(candidate.predicted_index), gold_taken.get(candidate.gold_index))
        else {
            continue;
        };
        if *predicted_done || *gold_done {
            continue;
        }
        predicted_taken[candidate.predicted_index] = true;
        gold_taken[candidate.gold_index] = true;
        pairs.push(TaskPair {
            predicted_index: candidate.predicted_index,
            gold_index: candidate.gold_index,
            tier: candidate.tier,
            same_source: !candidate.different_source,
            jaccard: candidate.jaccard.value(),
        });
    }
    pairs.sort_by_key(|pair| pair.gold_index);
    pairs
}

// ---------------------------------------------------------------------------------------------
// Scores.
// ---------------------------------------------------------------------------------------------

/// Precision, recall and F1 with the counts they come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct PrfScore {
    pub true_positives: u64,
    pub false_positives: u64,
    pub false_negatives: u64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl PrfScore {
    /// The ratios of these counts, with the empty-denominator rule of the module docs.
    pub fn from_counts(true_positives: u64, false_positives: u64, false_negatives: u64) -> Self {
        let both_sides_empty = true_positives + false_positives == 0 && true_positives + false_negatives == 0;
        let ratio = |denominator: u64| {
            if denominator == 0 {
                if both_sides_empty {
                    1.0
                } else {
                    0.0
                }
            } else {
                true_positives as f64 / denominator as f64
            }
        };
        let precision = ratio(true_positives + false_positives);
        let recall = ratio(true_positives + false_negatives);
        let f1 = if both_sides_empty {
            1.0
        } else if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        PrfScore { true_positives, false_positives, false_negatives, precision, recall, f1 }
    }

    /// Counts of `matched` pairs out of `predicted` and `gold` items.
    fn from_matches(matched: usize, predicted: usize, gold: usize) -> Self {
        PrfScore::from_counts(matched as u64, predicted.saturating_sub(matched) as u64, gold.saturating_sub(matched) as u64)
    }

    /// The micro-average of two scores: counts summed, ratios recomputed.
    pub fn combined(self, other: PrfScore) -> Self {
        PrfScore::from_counts(
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
        )
    }
}

/// Accuracy with its counts; 1.0 over zero items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct AccuracyScore {
    pub correct: u64,
    pub total: u64,
    pub accuracy: f64,
}

impl AccuracyScore {
    pub fn from_counts(correct: u64, total: u64) -> Self {
        let accuracy = if total == 0 { 1.0 } else { correct as f64 / total as f64 };
        AccuracyScore { correct, total, accuracy }
    }

    fn from_outcomes(outcomes: impl IntoIterator<Item = bool>) -> Self {
        let (mut correct, mut total) = (0, 0);
        for outcome in outcomes {
            total += 1;
            correct += u64::from(outcome);
        }
        AccuracyScore::from_counts(correct, total)
    }

    /// The micro-average of two scores.
    pub fn combined(self, other: AccuracyScore) -> Self {
        AccuracyScore::from_counts(self.correct + other.correct, self.total + other.total)
    }
}

/// Every scored field, for one document or micro-averaged over all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct FieldScores {
    pub metadata_doc_type: AccuracyScore,
    pub metadata_number: AccuracyScore,
    pub metadata_issued_date: AccuracyScore,
    pub sections: PrfScore,
    pub legal_refs: PrfScore,
    pub legal_refs_issued_date: AccuracyScore,
    pub tasks: PrfScore,
    pub tasks_table: PrfScore,
    pub tasks_body: PrfScore,
    pub tasks_lead: PrfScore,
    pub tasks_partners: PrfScore,
    pub tasks_deadline: AccuracyScore,
}

impl FieldScores {
    /// The scores of nothing predicted against nothing in gold (every value 1.0, no counts):
    /// the neutral start of a micro-average.
    pub fn empty() -> Self {
        let prf = PrfScore::from_counts(0, 0, 0);
        let accuracy = AccuracyScore::from_counts(0, 0);
        FieldScores {
            metadata_doc_type: accuracy,
            metadata_number: accuracy,
            metadata_issued_date: accuracy,
            sections: prf,
            legal_refs: prf,
            legal_refs_issued_date: accuracy,
            tasks: prf,
            tasks_table: prf,
            tasks_body: prf,
            tasks_lead: prf,
            tasks_partners: prf,
            tasks_deadline: accuracy,
        }
    }

    /// The micro-average of two sets of scores.
    pub fn combined(&self, other: &FieldScores) -> FieldScores {
        FieldScores {
            metadata_doc_type: self.metadata_doc_type.combined(other.metadata_doc_type),
            metadata_number: self.metadata_number.combined(other.metadata_number),
            metadata_issued_date: self.metadata_issued_date.combined(other.metadata_issued_date),
            sections: self.sections.combined(other.sections),
            legal_refs: self.legal_refs.combined(other.legal_refs),
            legal_refs_issued_date: self.legal_refs_issued_date.combined(other.legal_refs_issued_date),
            tasks: self.tasks.combined(other.tasks),
            tasks_table: self.tasks_table.combined(other.tasks_table),
            tasks_body: self.tasks_body.combined(other.tasks_body),
            tasks_lead: self.tasks_lead.combined(other.tasks_lead),
            tasks_partners: self.tasks_partners.combined(other.tasks_partners),
            tasks_deadline: self.tasks_deadline.combined(other.tasks_deadline),
        }
    }

    /// The named values (see [`metric_values`]), sorted by name.
    fn named_values(&self) -> Vec<(String, f64)> {
        let mut values = vec![
            ("legal_refs.f1", self.legal_refs.f1),
            ("legal_refs.issued_date", self.legal_refs_issued_date.accuracy),
            ("metadata.doc_type", self.metadata_doc_type.accuracy),
            ("metadata.issued_date", self.metadata_issued_date.accuracy),
            ("metadata.number", self.metadata_number.accuracy),
            ("sections.f1", self.sections.f1),
            ("tasks.body.f1", self.tasks_body.f1),
            ("tasks.deadline", self.tasks_deadline.accuracy),
            ("tasks.f1", self.tasks.f1),
            ("tasks.lead.f1", self.tasks_lead.f1),
            ("tasks.partners.f1", self.tasks_partners.f1),
            ("tasks.table.f1", self.tasks_table.f1),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_string(), value))
        .collect::<Vec<_>>();
        values.sort_by(|left, right| left.0.cmp(&right.0));
        values
    }
}

/// The scores of one gold document.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentScore {
    pub doc_id: String,
    /// False when no prediction had this doc_id (every gold item then counts as a miss).
    pub has_prediction: bool,
    pub predicted_tasks: usize,
    pub gold_tasks: usize,
    pub scores: FieldScores,
    /// The overall task matching, sorted by gold index (indices into the documents' `tasks`).
    pub task_pairs: Vec<TaskPair>,
}

/// The result of [`score`].
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// Micro-averaged over every gold document (those without a prediction included).
    pub overall: FieldScores,
    /// One row per gold document, sorted by doc_id.
    pub documents: Vec<DocumentScore>,
    /// doc_ids predicted but absent from gold (ignored in the scores), sorted, once each.
    pub unmatched_predictions: Vec<String>,
    /// doc_ids in gold without a prediction (scored as all misses), sorted, once each.
    pub missing_predictions: Vec<String>,
}

/// Scores predictions against gold. Documents are paired by doc_id; a gold doc with no
/// prediction counts every gold item as a miss; a prediction with no gold is ignored but
/// listed in `unmatched_predictions`. See the module docs for every rule.
pub fn score(predicted: &[EvalDoc], gold: &[EvalDoc]) -> EvalReport {
    let mut predicted_by_id: HashMap<&str, &EvalDoc> = HashMap::new();
    for predicted_doc in predicted {
        predicted_by_id.entry(predicted_doc.doc_id.as_str()).or_insert(predicted_doc);
    }
    let gold_ids: HashSet<&str> = gold.iter().map(|doc| doc.doc_id.as_str()).collect();

    let mut documents: Vec<DocumentScore> =
        gold.iter().map(|gold_doc| score_document(predicted_by_id.get(gold_doc.doc_id.as_str()).copied(), gold_doc)).collect();
    documents.sort_by(|left, right| left.doc_id.cmp(&right.doc_id));

    let overall = documents.iter().fold(FieldScores::empty(), |total, document| total.combined(&document.scores));

    let mut unmatched_predictions: Vec<String> =
        predicted_by_id.keys().filter(|doc_id| !gold_ids.contains(*doc_id)).map(|doc_id| doc_id.to_string()).collect();
    unmatched_predictions.sort();
    let mut missing_predictions: Vec<String> =
        documents.iter().filter(|document| !document.has_prediction).map(|document| document.doc_id.clone()).collect();
    missing_predictions.dedup();

    EvalReport { overall, documents, unmatched_predictions, missing_predictions }
}

/// Scores one gold document against its prediction, or against nothing.
pub fn score_document(predicted: Option<&EvalDoc>, gold: &EvalDoc) -> DocumentScore {
    let empty_prediction = EvalDoc::default();
    let predicted_doc = predicted.unwrap_or(&empty_prediction);
    let metadata_field = |predicted_value: &Option<String>, gold_value: &Option<String>, normalize: fn(&str) -> String| {
        let correct = predicted.is_some()
            && normalize_optional(predicted_value.as_deref(), normalize) == normalize_optional(gold_value.as_deref(), normalize);
        AccuracyScore::from_outcomes([correct])
    };
    let (predicted_meta, gold_meta) = (&predicted_doc.metadata, &gold.metadata);

    let (legal_refs, legal_refs_issued_date) = score_legal_refs(&predicted_doc.legal_refs, &gold.legal_refs);
    let task_scores = score_tasks(&predicted_doc.tasks, &gold.tasks);

    DocumentScore {
        doc_id: gold.doc_id.clone(),
        has_prediction: predicted.is_some(),
        predicted_tasks: predicted_doc.tasks.len(),
        gold_tasks: gold.tasks.len(),
        scores: FieldScores {
            metadata_doc_type: metadata_field(&predicted_meta.doc_type, &gold_meta.doc_type, normalize_text),
            metadata_number: metadata_field(&predicted_meta.number, &gold_meta.number, normalize_symbol),
            metadata_issued_date: metadata_field(&predicted_meta.issued_date, &gold_meta.issued_date, normalize_text),
            sections: score_sections(&predicted_doc.sections, &gold.sections),
            legal_refs,
            legal_refs_issued_date,
            tasks: task_scores.tasks,
            tasks_table: task_scores.tasks_table,
            tasks_body: task_scores.tasks_body,
            tasks_lead: task_scores.lead,
            tasks_partners: task_scores.partners,
            tasks_deadline: task_scores.deadline,
        },
        task_pairs: task_scores.pairs,
    }
}

/// Pairs equal keys one-to-one in document order: the first predicted occurrence of a key
/// with its first gold occurrence, and so on. Returns (predicted index, gold index) pairs.
fn pair_equal_keys<K: Eq + Hash>(predicted: &[K], gold: &[K]) -> Vec<(usize, usize)> {
    let mut gold_positions: HashMap<&K, VecDeque<usize>> = HashMap::new();
    for (gold_index, key) in gold.iter().enumerate() {
        gold_positions.entry(key).or_default().push_back(gold_index);
    }
    predicted
        .iter()
        .enumerate()
        .filter_map(|(predicted_index, key)| {
            let gold_index = gold_positions.get_mut(key)?.pop_front()?;
            Some((predicted_index, gold_index))
        })
        .collect()
}

/// The key a section is compared by: (marker, first 40 characters of the heading).
pub fn section_key(section: &EvalSection) -> (String, String) {
    let heading = normalize_text(&section.heading);
    (normalize_text(&section.marker), char_prefix(&heading, SECTION_HEADING_KEY_CHARS).to_string())
}

fn score_sections(predicted: &[EvalSection], gold: &[EvalSection]) -> PrfScore {
    let predicted_keys: Vec<_> = predicted.iter().map(section_key).collect();
    let gold_keys: Vec<_> = gold.iter().map(section_key).collect();
    let matched = pair_equal_keys(&predicted_keys, &gold_keys).len();
    PrfScore::from_matches(matched, predicted.len(), gold.len())
}

/// The key a legal reference is compared by: (doc_type as text, number as symbol).
pub fn legal_ref_key(reference: &EvalRef) -> (String, String) {
    (normalize_text(&reference.doc_type), normalize_symbol(&reference.number))
}

fn score_legal_refs(predicted: &[EvalRef], gold: &[EvalRef]) -> (PrfScore, AccuracyScore) {
    let predicted_keys: Vec<_> = predicted.iter().map(legal_ref_key).collect();
    let gold_keys: Vec<_> = gold.iter().map(legal_ref_key).collect();
    let pairs = pair_equal_keys(&predicted_keys, &gold_keys);
    let issued_date = AccuracyScore::from_outcomes(pairs.iter().filter_map(|&(predicted_index, gold_index)| {
        let predicted_ref = predicted.get(predicted_index)?;
        let gold_ref = gold.get(gold_index)?;
        Some(
            normalize_optional(predicted_ref.issued_date.as_deref(), normalize_text)
                == normalize_optional(gold_ref.issued_date.as_deref(), normalize_text),
        )
    }));
    (PrfScore::from_matches(pairs.len(), predicted.len(), gold.len()), issued_date)
}

struct TaskScores {
    tasks: PrfScore,
    tasks_table: PrfScore,
    tasks_body: PrfScore,
    lead: PrfScore,
    partners: PrfScore,
    deadline: AccuracyScore,
    pairs: Vec<TaskPair>,
}

fn score_tasks(predicted: &[EvalTask], gold: &[EvalTask]) -> TaskScores {
    let pairs = match_tasks(predicted, gold);
    let mut lead = PrfScore::from_counts(0, 0, 0);
    let mut partners = PrfScore::from_counts(0, 0, 0);
    let mut deadline_outcomes = Vec::with_capacity(pairs.len());
    for pair in &pairs {
        let (Some(predicted_task), Some(gold_task)) = (predicted.get(pair.predicted_index), gold.get(pair.gold_index)) else {
            continue;
        };
        lead = lead.combined(name_set_score(&predicted_task.lead, &gold_task.lead));
        partners = partners.combined(name_set_score(&predicted_task.partners, &gold_task.partners));
        deadline_outcomes.push(deadline_key(predicted_task.deadline.as_ref()) == deadline_key(gold_task.deadline.as_ref()));
    }
    TaskScores {
        tasks: PrfScore::from_matches(pairs.len(), predicted.len(), gold.len()),
        tasks_table: score_tasks_of_source(predicted, gold, TASK_SOURCE_TABLE),
        tasks_body: score_tasks_of_source(predicted, gold, TASK_SOURCE_BODY),
        lead,
        partners,
        deadline: AccuracyScore::from_outcomes(deadline_outcomes),
        pairs,
    }
}

/// Task P/R/F1 when only the tasks of `source` (predicted and gold) are matched.
fn score_tasks_of_source(predicted: &[EvalTask], gold: &[EvalTask], source: &str) -> PrfScore {
    let of_source =
        |tasks: &[EvalTask]| -> Vec<EvalTask> { tasks.iter().filter(|task| normalize_text(&task.source) == source).cloned().collect() };
    let (predicted_of_source, gold_of_source) = (of_source(predicted), of_source(gold));
    let matched = match_tasks(&predicted_of_source, &gold_of_source).len();
    PrfScore::from_matches(matched, predicted_of_source.len(), gold_of_source.len())
}

/// Counts of one task's agency names: each list a set of normalized, non-empty names.
fn name_set_score(predicted: &[String], gold: &[String]) -> PrfScore {
    let name_set =
        |names: &[String]| -> HashSet<String> { names.iter().map(|name| normalize_text(name)).filter(|name| !name.is_empty()).collect() };
    let (predicted_names, gold_names) = (name_set(predicted), name_set(gold));
    let shared = predicted_names.intersection(&gold_names).count();
    PrfScore::from_matches(shared, predicted_names.len(), gold_names.len())
}

type DeadlineKey = (String, Option<String>, Option<String>);

fn deadline_key(deadline: Option<&EvalDeadline>) -> Option<DeadlineKey> {
    deadline.map(|deadline| {
        (
            normalize_text(&deadline.kind),
            normalize_optional(deadline.start.as_deref(), normalize_text),
            normalize_optional(deadline.end.as_deref(), normalize_text),
        )
    })
}

// ---------------------------------------------------------------------------------------------
// Presentation.
// ---------------------------------------------------------------------------------------------

/// Named overall metric values in [0,1] for the floor check, sorted by name:
/// `legal_refs.f1`, `legal_refs.issued_date`, `metadata.doc_type`, `metadata.issued_date`,
/// `metadata.number`, `sections.f1`, `tasks.body.f1`, `tasks.deadline`, `tasks.f1`,
/// `tasks.lead.f1`, `tasks.partners.f1`, `tasks.table.f1`.
pub fn metric_values(report: &EvalReport) -> Vec<(String, f64)> {
    report.overall.named_values()
}

/// Human-readable table: overall per-field P/R/F1 (or accuracy, with counts), then a
/// per-document table, then the documents that could not be paired.
pub fn render_table(report: &EvalReport) -> String {
    let mut out = String::new();
    let scored_with_prediction = report.documents.iter().filter(|document| document.has_prediction).count();
    let _ = writeln!(
        out,
        "Overall (micro-averaged over {} gold documents, {} with a prediction)",
        report.documents.len(),
        scored_with_prediction
    );
    let overall = &report.overall;
    let prf_rows: [(&str, &PrfScore); 7] = [
        ("sections", &overall.sections),
        ("legal_refs", &overall.legal_refs),
        ("tasks", &overall.tasks),
        ("tasks.table", &overall.tasks_table),
        ("tasks.body", &overall.tasks_body),
        ("tasks.lead", &overall.tasks_lead),
        ("tasks.partners", &overall.tasks_partners),
    ];
    let _ = writeln!(out, "{:<24} {:>9} {:>9} {:>9}  {:>6} {:>6} {:>6}", "field", "precision", "recall", "f1", "tp", "fp", "fn");
    for (name, prf) in prf_rows {
        let _ = writeln!(
            out,
            "{:<24} {:>9.3} {:>9.3} {:>9.3}  {:>6} {:>6} {:>6}",
            name, prf.precision, prf.recall, prf.f1, prf.true_positives, prf.false_positives, prf.false_negatives
        );
    }
    out.push('\n');
    let accuracy_rows: [(&str, &AccuracyScore); 5] = [
        ("metadata.doc_type", &overall.metadata_doc_type),
        ("metadata.number", &overall.metadata_number),
        ("metadata.issued_date", &overall.metadata_issued_date),
        ("legal_refs.issued_date", &overall.legal_refs_issued_date),
        ("tasks.deadline", &overall.tasks_deadline),
    ];
    let _ = writeln!(out, "{:<24} {:>9} {:>7} {:>7}", "field", "accuracy", "correct", "total");
    for (name, accuracy) in accuracy_rows {
        let _ = writeln!(out, "{:<24} {:>9.3} {:>7} {:>7}", name, accuracy.accuracy, accuracy.correct, accuracy.total);
    }

    out.push('\n');
    let doc_id_width =
        report.documents.iter().map(|document| document.doc_id.chars().count()).chain(std::iter::once("doc_id".len())).max().unwrap_or(6);
    let _ = writeln!(
        out,
        "{:<doc_id_width$}  {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}  {:>10}",
        "doc_id", "sections", "refs", "tasks", "lead", "partners", "deadline", "tasks p/g"
    );
    for document in &report.documents {
        let scores = &document.scores;
        // Lead, partners and deadline are scored on matched task pairs; with none, the cell
        // shows `-` rather than the 1.0 of the empty-denominator rule.
        let on_pairs = |value: f64| {
            if document.task_pairs.is_empty() {
                "-".to_string()
            } else {
                format!("{value:.3}")
            }
        };
        let _ = write!(
            out,
            "{:<doc_id_width$}  {:>8.3} {:>8.3} {:>8.3} {:>8} {:>8} {:>8}  {:>10}",
            document.doc_id,
            scores.sections.f1,
            scores.legal_refs.f1,
            scores.tasks.f1,
            on_pairs(scores.tasks_lead.f1),
            on_pairs(scores.tasks_partners.f1),
            on_pairs(scores.tasks_deadline.accuracy),
            format!("{}/{}", document.predicted_tasks, document.gold_tasks),
        );
        if !document.has_prediction {
            out.push_str("  (no prediction)");
        }
        out.push('\n');
    }
    if !report.missing_predictions.is_empty() {
        let _ = writeln!(out, "\nGold documents without a prediction (scored as misses): {}", report.missing_predictions.join(", "));
    }
    if !report.unmatched_predictions.is_empty() {
        let _ = writeln!(out, "\nPredictions without a gold document (not scored): {}", report.unmatched_predictions.join(", "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // -- helpers ---------------------------------------------------------------------------

    fn task(source: &str, description: &str, lead: &[&str]) -> EvalTask {
        EvalTask {
            source: source.to_string(),
            number: String::new(),
            description: description.to_string(),
            lead: lead.iter().map(|name| name.to_string()).collect(),
            partners: Vec::new(),
            deadline: None,
        }
    }

    fn deadline(kind: &str, start: Option<&str>, end: Option<&str>) -> Option<EvalDeadline> {
        Some(EvalDeadline { kind: kind.to_string(), start: start.map(str::to_string), end: end.map(str::to_string) })
    }

    fn doc_with_tasks(doc_id: &str, tasks: Vec<EvalTask>) -> EvalDoc {
        EvalDoc { doc_id: doc_id.to_string(), tasks, ..EvalDoc::default() }
    }

    fn section(marker: &str, heading: &str) -> EvalSection {
        EvalSection { marker: marker.to_string(), heading: heading.to_string() }
    }

    fn reference(doc_type: &str, number: &str, issued_date: Option<&str>) -> EvalRef {
        EvalRef { doc_type: doc_type.to_string(), number: number.to_string(), issued_date: issued_date.map(str::to_string) }
    }

    fn nfd(text: &str) -> String {
        text.nfd().collect()
    }

    fn pairs_as_indices(pairs: &[TaskPair]) -> Vec<(usize, usize)> {
        pairs.iter().map(|pair| (pair.predicted_index, pair.gold_index)).collect()
    }

    fn value_of(report: &EvalReport, name: &str) -> f64 {
        metric_values(report).into_iter().find(|(metric, _)| metric == name).map(|(_, value)| value).unwrap_or(f64::NAN)
    }

    /// A unique empty directory under the system temp directory.
    fn scratch_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("vnplan-eval-test-{}-{}", std::process::id(), name));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        dir
    }

    // -- normalization ---------------------------------------------------------------------

    #[test]
    fn normalize_text_treats_nfd_and_nfc_alike() {
        let composed = "Kế hoạch Triển khai thực hiện Ủy ban";
        let decomposed = nfd(composed);
        assert_ne!(composed, decomposed);
        assert_eq!(normalize_text(composed), normalize_text(&decomposed));
        assert_eq!(normalize_text(&decomposed), "kế hoạch triển khai thực hiện ủy ban");
    }

    #[test]
    fn normalize_text_folds_case_and_collapses_whitespace() {
        assert_eq!(normalize_text("  SỞ   Tài\u{a0}chính\t\n tỉnh  "), "sở tài chính tỉnh");
        assert_eq!(normalize_text(""), "");
        assert_eq!(normalize_text(" \u{a0}\t"), "");
        assert_eq!(normalize_text("ĐẮK NÔNG"), "đắk nông");
    }

    #[test]
    fn normalize_symbol_drops_spaces_and_maps_d_with_stroke() {
        assert_eq!(normalize_symbol("22 /KH-BCĐ"), "22/kh-bcd");
        assert_eq!(normalize_symbol("22/KH-BCD"), "22/kh-bcd");
        assert_eq!(normalize_symbol("09/2020/TT- BKHĐT"), normalize_symbol("09/2020/TT-BKHDT"));
        assert_eq!(normalize_symbol("62/2019/nđ-cp"), "62/2019/nd-cp");
        // Only Đ/đ is mapped, not the look-alike Icelandic eth.
        assert_ne!(normalize_symbol("62/2019/NÐ-CP"), "62/2019/nd-cp");
        // NFD input of a symbol with tone marks still agrees.
        assert_eq!(normalize_symbol(&nfd("1335/QĐ-BNN-TT")), "1335/qd-bnn-tt");
    }

    #[test]
    fn char_prefix_never_splits_multibyte_characters() {
        assert_eq!(char_prefix("Ủy ban", 1), "Ủ");
        assert_eq!(char_prefix("Ủy ban", 2), "Ủy");
        assert_eq!(char_prefix("Ủy", 10), "Ủy");
        assert_eq!(char_prefix("", 3), "");
        assert_eq!(char_prefix("đđđ", 0), "");
    }

    #[test]
    fn description_words_trim_punctuation_and_deduplicate() {
        assert_eq!(
            description_words("Chương trình (OCOP), giai đoạn 2021-2025; OCOP - ..."),
            vec!["2021-2025", "chương", "giai", "ocop", "trình", "đoạn"]
        );
        assert!(description_words(" - ... ; ").is_empty());
        assert_eq!(description_jaccard("a b", "- ; "), 0.0);
        assert_eq!(description_jaccard("", ""), 0.0);
    }

    #[test]
    fn fraction_order_is_exact() {
        let three_fifths = Fraction { numerator: 3, denominator: 5 };
        let six_tenths = Fraction { numerator: 6, denominator: 10 };
        assert_eq!(three_fifths, six_tenths);
        assert!(three_fifths.at_least(3, 5));
        assert!(!Fraction { numerator: 5, denominator: 9 }.at_least(3, 5));
    }

    // -- sections, references, metadata -----------------------------------------------------

    #[test]
    fn section_key_uses_first_40_characters_not_bytes() {
        // 40 characters, all multibyte-heavy Vietnamese.
        let common = "Đẩy mạnh phát triển giáo dục, y tế, bảo ";
        assert_eq!(common.chars().count(), 40);
        let gold = vec![section("5", &format!("{common}vệ môi trường"))];
        let same_key = vec![section("5", &format!("{common}VỆ SINH"))];
        let report = score(
            &[EvalDoc { doc_id: "d".into(), sections: same_key, ..EvalDoc::default() }],
            &[EvalDoc { doc_id: "d".into(), sections: gold.clone(), ..EvalDoc::default() }],
        );
        assert_eq!(report.overall.sections.f1, 1.0);

        // Differs at the 40th character: no match.
        let changed_at_40 = format!("{}x vệ môi trường", char_prefix(common, 39));
        let report = score(
            &[EvalDoc { doc_id: "d".into(), sections: vec![section("5", &changed_at_40)], ..EvalDoc::default() }],
            &[EvalDoc { doc_id: "d".into(), sections: gold, ..EvalDoc::default() }],
        );
        assert_eq!(report.overall.sections.true_positives, 0);
        assert_eq!(report.overall.sections.f1, 0.0);
    }

    #[test]
    fn section_key_normalizes_case_whitespace_and_marker() {
        assert_eq!(section_key(&section(" II ", "MỤC   ĐÍCH,\u{a0}YÊU CẦU")), section_key(&section("II", &nfd("Mục đích, yêu cầu"))));
        assert_ne!(section_key(&section("1", "Mục đích")), section_key(&section("2", "Mục đích")));
    }

    #[test]
    fn sections_are_a_multiset() {
        let gold = EvalDoc {
            doc_id: "d".into(), sections: vec![section("1", "Mục đích"), section("1", "Mục đích")], ..EvalDoc::default()
        };
        let predicted =
            EvalDoc { doc_id: "d".into(), sections: vec![section("1", "Mục đích"), section("3", "Khác")], ..EvalDoc::default() };
        let sections = score(&[predicted], &[gold]).overall.sections;
        assert_eq!((sections.true_positives, sections.false_positives, sections.false_negatives), (1, 1, 1));
        assert!((sections.f1 - 0.5).abs() < 1e-12);
    }

    #[test]
    fn legal_refs_match_on_type_and_symbol_and_score_dates_on_pairs() {
        let gold = EvalDoc {
            doc_id: "d".into(),
            legal_refs: vec![
                reference("Quyết định", "1335/QĐ-BNN-TT", Some("2024-05-10")),
                reference("Nghị định", "62/2019/NĐ-CP", None),
                reference("Kế hoạch", "54/KH-UBND", Some("2024-06-07")),
            ],
            ..EvalDoc::default()
        };
        let predicted = EvalDoc {
            doc_id: "d".into(),
            legal_refs: vec![
                reference("QUYẾT ĐỊNH", "1335 / QD-BNN-TT", Some("2024-05-10")),
                reference("nghị  định", "62/2019/ND-CP", Some("2019-07-05")),
                reference("Quyết định", "54/KH-UBND", Some("2024-06-07")),
            ],
            ..EvalDoc::default()
        };
        let overall = score(&[predicted], &[gold]).overall;
        assert_eq!(overall.legal_refs.true_positives, 2);
        assert_eq!(overall.legal_refs.false_positives, 1);
        assert_eq!(overall.legal_refs.false_negatives, 1);
        assert_eq!(overall.legal_refs_issued_date.correct, 1);
        assert_eq!(overall.legal_refs_issued_date.total, 2);
    }

    #[test]
    fn metadata_accuracy_per_field_with_symbol_rules() {
        let gold = EvalDoc {
            doc_id: "d".into(),
            metadata: EvalMetadata { doc_type: Some("Kế hoạch".into()), number: Some("22/KH-BCĐ".into()), issued_date: None },
            ..EvalDoc::default()
        };
        let predicted = EvalDoc {
            doc_id: "d".into(),
            metadata: EvalMetadata {
                doc_type: Some(nfd("KẾ HOẠCH")),
                number: Some("22 /KH-BCD".into()),
                issued_date: Some("  ".into()), // empty counts as null
            },
            ..EvalDoc::default()
        };
        let overall = score(std::slice::from_ref(&predicted), std::slice::from_ref(&gold)).overall;
        assert_eq!(overall.metadata_doc_type.accuracy, 1.0);
        assert_eq!(overall.metadata_number.accuracy, 1.0);
        assert_eq!(overall.metadata_issued_date.accuracy, 1.0);

        let mut wrong = predicted;
        wrong.metadata.number = Some("22/KH-UBND".into());
        wrong.metadata.issued_date = Some("2023-04-17".into());
        let overall = score(&[wrong], &[gold]).overall;
        assert_eq!(overall.metadata_doc_type.accuracy, 1.0);
        assert_eq!(overall.metadata_number.accuracy, 0.0);
        assert_eq!(overall.metadata_issued_date.accuracy, 0.0);
    }

    // -- task matching ---------------------------------------------------------------------

    #[test]
    fn tasks_agreeing_on_60_multibyte_characters_match_by_prefix() {
        let common = "Thường xuyên theo dõi, đôn đốc, kiểm tra, đánh giá kết quả t";
        assert_eq!(common.chars().count(), 60);
        let gold = vec![task("body", &format!("{common}hực hiện tiêu chí do Sở Y tế phụ trách."), &[])];
        // Same 60 characters, then a completely different (long) tail: Jaccard far below 0.6.
        let predicted = vec![task(
            "body",
            &format!(
                "{}ổng hợp báo cáo gửi về Ủy ban nhân dân tỉnh trước ngày mười lăm hằng tháng \
                 cùng nhiều nội dung khác nữa không liên quan gì",
                common.to_uppercase()
            ),
            &[],
        )];
        assert!(description_jaccard(&predicted[0].description, &gold[0].description) < 0.6);
        let pairs = match_tasks(&predicted, &gold);
        assert_eq!(pairs_as_indices(&pairs), vec![(0, 0)]);
        assert_eq!(pairs[0].tier, MatchTier::Prefix);

        // A difference at the 60th character breaks the prefix agreement.
        let changed_at_60 = format!("{}X{}", char_prefix(common, 59), "ổng hợp báo cáo khác");
        let predicted = vec![task("body", &changed_at_60, &[])];
        assert!(match_tasks(&predicted, &gold).is_empty());
    }

    #[test]
    fn short_description_agrees_on_prefix_only_with_an_identical_one() {
        let gold = vec![task("table", "Kiện toàn Ban Chỉ đạo", &[])];
        let longer = vec![task("table", "Kiện toàn Ban Chỉ đạo các cấp và tổ giúp việc của ban chỉ đạo tỉnh", &[])];
        assert!(match_tasks(&longer, &gold).is_empty());
        let same = vec![task("table", "  KIỆN TOÀN  Ban Chỉ đạo ", &[])];
        let pairs = match_tasks(&same, &gold);
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].tier, MatchTier::Identical);
    }

    #[test]
    fn jaccard_threshold_is_inclusive_at_exactly_0_6() {
        let gold = vec![task("body", "alpha beta gamma delta", &[])];
        // 3 shared of 5 → exactly 0.6, and no common prefix.
        let at_threshold = vec![task("body", "epsilon alpha, beta gamma.", &[])];
        let pairs = match_tasks(&at_threshold, &gold);
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].tier, MatchTier::Jaccard);
        assert!((pairs[0].jaccard - 0.6).abs() < 1e-12);
        // 3 shared of 6 → 0.5: no match.
        let below = vec![task("body", "epsilon zeta alpha beta gamma", &[])];
        assert!(match_tasks(&below, &gold).is_empty());
        // 4 shared of 7 → 0.571: no match.
        let gold_five = vec![task("body", "alpha beta gamma delta eta", &[])];
        let just_below = vec![task("body", "epsilon zeta alpha beta gamma delta", &[])];
        assert!(match_tasks(&just_below, &gold_five).is_empty());
        // 3 shared of 4 → 0.75 (a shorter text, so no prefix agreement): match.
        let above = vec![task("body", "alpha beta gamma", &[])];
        let pairs = match_tasks(&above, &gold);
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].tier, MatchTier::Jaccard);
        assert!((pairs[0].jaccard - 0.75).abs() < 1e-12);
    }

    /// The nine 003 tasks that share their first 60 characters and differ only in the agency.
    const TWINS: [(&str, &str); 9] = [
        ("các nội dung tiêu chí của địa phương do Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("tiêu chí của các địa phương do Sở Xây dựng", "Sở Xây dựng"),
        ("tiêu chí của các địa phương do Sở Giao thông vận tải", "Sở Giao thông vận tải"),
        ("tiêu chí của các địa phương do Sở Giáo dục và Đào tạo", "Sở Giáo dục và Đào tạo"),
        ("tiêu chí của các địa phương do Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
        ("tiêu chí của các địa phương do Sở Thông tin và Truyền thông", "Sở Thông tin và Truyền thông"),
        ("tiêu chí của các địa phương do Sở Lao động - Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
        ("tiêu chí của các địa phương do Sở Y tế", "Sở Y tế"),
        ("tiêu chí của các địa phương do Sở Tài nguyên và Môi trường", "Sở Tài nguyên và Môi trường"),
    ];

    fn twin_description(middle: &str) -> String {
        format!("Thường xuyên theo dõi, đôn đốc, kiểm tra, đánh giá kết quả thực hiện {middle} phụ trách.")
    }

    fn twin_gold() -> Vec<EvalTask> {
        TWINS.iter().map(|(middle, agency)| task("body", &twin_description(middle), &[agency])).collect()
    }

    #[test]
    fn nine_tasks_sharing_a_prefix_pair_with_their_identical_twins() {
        let gold = twin_gold();
        let prefixes: HashSet<String> = gold.iter().map(|task| char_prefix(&normalize_text(&task.description), 60).to_string()).collect();
        assert_eq!(prefixes.len(), 1, "the nine share one 60-character prefix");
        // Predictions in reverse order, case and spacing changed.
        let predicted: Vec<EvalTask> = gold
            .iter()
            .rev()
            .map(|gold_task| {
                let mut predicted_task = gold_task.clone();
                predicted_task.description = format!("  {}", predicted_task.description.to_uppercase());
                predicted_task
            })
            .collect();
        let pairs = match_tasks(&predicted, &gold);
        assert_eq!(pairs.len(), 9);
        for pair in &pairs {
            assert_eq!(pair.tier, MatchTier::Identical);
            assert_eq!(pair.predicted_index, 8 - pair.gold_index);
        }
        let report = score(&[doc_with_tasks("003", predicted)], &[doc_with_tasks("003", gold)]);
        assert_eq!(report.overall.tasks.f1, 1.0);
        assert_eq!(report.overall.tasks_lead.f1, 1.0);
    }

    #[test]
    fn nine_tasks_sharing_a_prefix_pair_by_best_jaccard_when_none_is_identical() {
        let gold = twin_gold();
        // Every prediction differs from its twin (an extra trailing word), so the prefix tier
        // decides, ranked by the Jaccard of the whole descriptions.
        let predicted: Vec<EvalTask> = gold
            .iter()
            .rev()
            .map(|gold_task| {
                let mut predicted_task = gold_task.clone();
                predicted_task.description = format!("{} ngay", predicted_task.description);
                predicted_task
            })
            .collect();
        let pairs = match_tasks(&predicted, &gold);
        assert_eq!(pairs.len(), 9);
        for pair in &pairs {
            assert_eq!(pair.tier, MatchTier::Prefix);
            assert_eq!(pair.predicted_index, 8 - pair.gold_index);
        }
        let report = score(&[doc_with_tasks("003", predicted)], &[doc_with_tasks("003", gold)]);
        assert_eq!(report.overall.tasks_lead.f1, 1.0);
    }

    #[test]
    fn first_come_pairing_would_have_failed_on_the_twins() {
        // Guard that the fixture is a real hazard: every twin also reaches the other gold tasks.
        let gold = twin_gold();
        let first = &gold[1].description;
        for other in gold.iter().skip(2) {
            assert_eq!(char_prefix(&normalize_text(first), 60), char_prefix(&normalize_text(&other.description), 60));
        }
        // A prediction for one twin alone still picks its own twin, not the first gold task.
        let predicted = vec![gold[7].clone()];
        assert_eq!(pairs_as_indices(&match_tasks(&predicted, &gold)), vec![(0, 7)]);
    }

    #[test]
    fn identical_descriptions_prefer_the_same_source() {
        let text = "Tổ chức kiểm tra, giám sát tình hình thực hiện kế hoạch năm 2023.";
        let gold = vec![task("table", text, &["Sở Tài chính"]), task("body", text, &["Sở Tài chính"])];
        let mut predicted_body = task("body", text, &["Sở Tài chính"]);
        predicted_body.deadline = deadline("month", Some("2023-07-01"), Some("2023-07-31"));
        let predicted = vec![predicted_body, task("table", text, &["Sở Tài chính"])];
        let pairs = match_tasks(&predicted, &gold);
        assert_eq!(pairs_as_indices(&pairs), vec![(1, 0), (0, 1)]);
        assert!(pairs.iter().all(|pair| pair.same_source));
    }

    #[test]
    fn same_source_is_preferred_within_a_tier_over_a_higher_jaccard() {
        let common = "Nghiên cứu, tư vấn, phản biện chính sách, giải pháp công nghệ";
        let gold = vec![
            task("table", &format!("{common} mới cho doanh nghiệp"), &[]),
            task("body", &format!("{common} và chuyển đổi số của tỉnh"), &[]),
        ];
        let predicted = vec![task("body", &format!("{common} mới cho doanh nghiệp nhỏ"), &[])];
        let higher_jaccard_with_table = description_jaccard(&predicted[0].description, &gold[0].description);
        let lower_jaccard_with_body = description_jaccard(&predicted[0].description, &gold[1].description);
        assert!(higher_jaccard_with_table > lower_jaccard_with_body);
        let pairs = match_tasks(&predicted, &gold);
        assert_eq!(pairs_as_indices(&pairs), vec![(0, 1)]);
        assert!(pairs[0].same_source);
        // A cross-source pair is still taken when it is the only candidate.
        let pairs = match_tasks(&predicted, &gold[..1]);
        assert_eq!(pairs_as_indices(&pairs), vec![(0, 0)]);
        assert!(!pairs[0].same_source);
    }

    #[test]
    fn tiers_rank_before_source() {
        // An identical cross-source pair beats a same-source prefix pair.
        let common = "Tổ chức tuyên truyền sâu rộng về chương trình xây dựng nông thôn mới";
        let gold = vec![task("table", &format!("{common} năm 2024"), &[])];
        let predicted =
            vec![task("table", &format!("{common} năm 2025 trên địa bàn"), &[]), task("body", &format!("{common} năm 2024"), &[])];
        let pairs = match_tasks(&predicted, &gold);
        assert_eq!(pairs_as_indices(&pairs), vec![(1, 0)]);
        assert_eq!(pairs[0].tier, MatchTier::Identical);
    }

    #[test]
    fn ties_follow_document_order() {
        let gold = vec![task("table", "Một việc", &["A"]), task("table", "Một việc", &["B"])];
        let predicted = vec![task("table", "một việc", &["A"]), task("table", "MỘT VIỆC", &["B"])];
        assert_eq!(pairs_as_indices(&match_tasks(&predicted, &gold)), vec![(0, 0), (1, 1)]);
    }

    #[test]
    fn per_source_scores_match_within_the_source_only() {
        let text = "Xây dựng cơ sở dữ liệu chuyên ngành về kết cấu hạ tầng giao thông";
        let gold = vec![task("table", text, &[])];
        let predicted = vec![task("body", text, &[])];
        let overall = score(&[doc_with_tasks("d", predicted)], &[doc_with_tasks("d", gold)]).overall;
        assert_eq!(overall.tasks.f1, 1.0);
        assert_eq!(overall.tasks_table.true_positives, 0);
        assert_eq!(overall.tasks_table.false_negatives, 1);
        assert_eq!(overall.tasks_table.f1, 0.0);
        assert_eq!(overall.tasks_body.false_positives, 1);
        assert_eq!(overall.tasks_body.f1, 0.0);
    }

    // -- task fields -----------------------------------------------------------------------

    #[test]
    fn lead_and_partners_are_micro_scored_as_name_sets() {
        let mut gold_task = task("table", "Việc một", &["Sở Tài chính", "Sở Xây dựng", "Sở Tài chính"]);
        gold_task.partners = vec!["Các sở, ban, ngành tỉnh có liên quan".into()];
        let mut predicted_task = task("table", "việc một", &["SỞ TÀI CHÍNH", "Sở Y tế", ""]);
        predicted_task.partners = vec!["Các sở, ban ngành tỉnh có liên quan".into()];
        let overall = score(&[doc_with_tasks("d", vec![predicted_task])], &[doc_with_tasks("d", vec![gold_task])]).overall;
        let lead = overall.tasks_lead;
        assert_eq!((lead.true_positives, lead.false_positives, lead.false_negatives), (1, 1, 1));
        assert_eq!(overall.tasks_partners.f1, 0.0);
    }

    #[test]
    fn empty_agency_lists_on_both_sides_score_one() {
        let overall =
            score(&[doc_with_tasks("d", vec![task("body", "Việc", &[])])], &[doc_with_tasks("d", vec![task("body", "Việc", &[])])]).overall;
        assert_eq!(overall.tasks_lead.f1, 1.0);
        assert_eq!(overall.tasks_partners.f1, 1.0);
    }

    #[test]
    fn deadline_accuracy_treats_null_as_equal_only_to_null() {
        let with_deadline = |text: &str, value: Option<EvalDeadline>| {
            let mut new_task = task("table", text, &[]);
            new_task.deadline = value;
            new_task
        };
        let gold = vec![
            with_deadline("Việc một", None),
            with_deadline("Việc hai", None),
            with_deadline("Việc ba", deadline("month", Some("2024-08-01"), Some("2024-08-31"))),
            with_deadline("Việc bốn", deadline("month", Some("2024-08-01"), Some("2024-08-31"))),
            with_deadline("Việc năm", deadline("continuous", None, None)),
        ];
        let predicted = vec![
            with_deadline("Việc một", None),
            with_deadline("Việc hai", deadline("unknown", None, None)),
            with_deadline("Việc ba", deadline(" MONTH ", Some("2024-08-01"), Some("2024-08-31"))),
            with_deadline("Việc bốn", deadline("month", Some("2024-08-01"), Some("2024-09-30"))),
            with_deadline("Việc năm", deadline("continuous", Some(""), None)),
        ];
        let overall = score(&[doc_with_tasks("d", predicted)], &[doc_with_tasks("d", gold)]).overall;
        assert_eq!(overall.tasks.true_positives, 5);
        assert_eq!(overall.tasks_deadline.correct, 3);
        assert_eq!(overall.tasks_deadline.total, 5);
    }

    // -- documents and averaging -----------------------------------------------------------

    #[test]
    fn missing_prediction_counts_every_gold_item_as_a_miss() {
        let gold = EvalDoc {
            doc_id: "gold-only".into(),
            metadata: EvalMetadata { doc_type: Some("Kế hoạch".into()), number: Some("1/KH-UBND".into()), issued_date: None },
            sections: vec![section("I", "Mục đích")],
            legal_refs: vec![reference("Nghị định", "62/2019/NĐ-CP", None)],
            tasks: vec![task("table", "Việc một", &["Sở Y tế"])],
        };
        let stray = doc_with_tasks("no-gold", vec![task("table", "Việc một", &["Sở Y tế"])]);
        let report = score(&[stray], &[gold]);
        assert_eq!(report.missing_predictions, vec!["gold-only".to_string()]);
        assert_eq!(report.unmatched_predictions, vec!["no-gold".to_string()]);
        assert_eq!(report.documents.len(), 1);
        assert!(!report.documents[0].has_prediction);
        let overall = report.overall;
        assert_eq!(overall.metadata_doc_type.accuracy, 0.0);
        assert_eq!(overall.metadata_issued_date.accuracy, 0.0);
        assert_eq!(overall.sections.false_negatives, 1);
        assert_eq!(overall.sections.f1, 0.0);
        assert_eq!(overall.legal_refs.recall, 0.0);
        assert_eq!(overall.tasks.false_negatives, 1);
        assert_eq!(overall.tasks.f1, 0.0);
        assert_eq!(overall.tasks_table.f1, 0.0);
        assert_eq!(overall.tasks_deadline.total, 0);
        assert!(render_table(&report).contains("(no prediction)"));
    }

    #[test]
    fn empty_lists_follow_the_zero_denominator_rule() {
        let empty = EvalDoc { doc_id: "d".into(), ..EvalDoc::default() };
        let report = score(std::slice::from_ref(&empty), std::slice::from_ref(&empty));
        for (name, value) in metric_values(&report) {
            assert_eq!(value, 1.0, "{name}");
        }
        // Predicted something where gold has nothing.
        let predicted = EvalDoc { sections: vec![section("I", "Mục đích")], ..empty.clone() };
        let sections = score(&[predicted], std::slice::from_ref(&empty)).overall.sections;
        assert_eq!((sections.precision, sections.recall, sections.f1), (0.0, 0.0, 0.0));
        // Predicted nothing where gold has something.
        let gold = EvalDoc { sections: vec![section("I", "Mục đích")], ..empty.clone() };
        let sections = score(std::slice::from_ref(&empty), &[gold]).overall.sections;
        assert_eq!((sections.precision, sections.recall, sections.f1), (0.0, 0.0, 0.0));
        // No documents at all.
        let report = score(&[], &[]);
        assert!(metric_values(&report).iter().all(|(_, value)| *value == 1.0));
    }

    #[test]
    fn prf_from_counts() {
        let prf = PrfScore::from_counts(3, 1, 2);
        assert!((prf.precision - 0.75).abs() < 1e-12);
        assert!((prf.recall - 0.6).abs() < 1e-12);
        assert!((prf.f1 - 2.0 * 0.75 * 0.6 / 1.35).abs() < 1e-12);
        assert_eq!(PrfScore::from_counts(0, 2, 3).f1, 0.0);
    }

    #[test]
    fn micro_average_sums_counts_over_documents() {
        // Doc a: 1 gold, 1 matching prediction. Doc b: 3 gold, 1 wrong prediction.
        let gold = vec![
            doc_with_tasks("a", vec![task("table", "Việc một", &["X"])]),
            doc_with_tasks(
                "b",
                vec![
                    task("table", "Việc hai", &["Y"]),
                    task("table", "Nhiệm vụ ba khác hẳn", &["Y"]),
                    task("table", "Công tác bốn riêng biệt", &["Y"]),
                ],
            ),
        ];
        let predicted = vec![
            doc_with_tasks("b", vec![task("table", "Hoàn toàn khác", &["Y"])]),
            doc_with_tasks("a", vec![task("table", "Việc một", &["X", "Z"])]),
        ];
        let report = score(&predicted, &gold);
        let tasks = report.overall.tasks;
        assert_eq!((tasks.true_positives, tasks.false_positives, tasks.false_negatives), (1, 1, 3));
        assert!((tasks.precision - 0.5).abs() < 1e-12);
        assert!((tasks.recall - 0.25).abs() < 1e-12);
        assert!((tasks.f1 - 1.0 / 3.0).abs() < 1e-12);
        // Macro-averaging would give (1.0 + 0.0) / 2 = 0.5 instead.
        assert_eq!(report.documents[0].doc_id, "a");
        assert_eq!(report.documents[0].scores.tasks.f1, 1.0);
        assert_eq!(report.documents[1].scores.tasks.f1, 0.0);
        let lead = report.overall.tasks_lead;
        assert_eq!((lead.true_positives, lead.false_positives, lead.false_negatives), (1, 1, 0));
        // Metadata accuracy is also summed: 2 of 2 gold documents have null fields predicted.
        assert_eq!(report.overall.metadata_number.total, 2);
        assert_eq!(report.overall.metadata_number.accuracy, 1.0);
    }

    #[test]
    fn first_duplicate_prediction_is_scored() {
        let gold = vec![doc_with_tasks("a", vec![task("table", "Việc một", &[])])];
        let predicted = vec![doc_with_tasks("a", vec![task("table", "Việc một", &[])]), doc_with_tasks("a", vec![])];
        let report = score(&predicted, &gold);
        assert_eq!(report.overall.tasks.f1, 1.0);
        assert!(report.unmatched_predictions.is_empty());
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let weird = vec![
            task("", "", &[""]),
            task("TABLE", " - ; ", &["  "]),
            task("body", &"ế".repeat(500), &[]),
            task("body", "\u{300}\u{301} combining only", &[]),
        ];
        let report = score(&[doc_with_tasks("d", weird.clone())], &[doc_with_tasks("d", weird)]);
        assert_eq!(report.overall.tasks.f1, 1.0);
        let json = serde_json::to_string(&report).expect("report serializes");
        assert!(json.contains("\"overall\""));
        let _ = render_table(&report);
    }

    // -- presentation ----------------------------------------------------------------------

    #[test]
    fn metric_values_are_named_sorted_and_bounded() {
        let gold = vec![doc_with_tasks("a", vec![task("table", "Việc một", &["X"])])];
        let predicted = vec![doc_with_tasks("a", vec![task("body", "Việc một", &["Y"])])];
        let values = metric_values(&score(&predicted, &gold));
        let names: Vec<&str> = values.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "legal_refs.f1",
                "legal_refs.issued_date",
                "metadata.doc_type",
                "metadata.issued_date",
                "metadata.number",
                "sections.f1",
                "tasks.body.f1",
                "tasks.deadline",
                "tasks.f1",
                "tasks.lead.f1",
                "tasks.partners.f1",
                "tasks.table.f1",
            ]
        );
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert!(values.iter().all(|(_, value)| (0.0..=1.0).contains(value)));
        let report = score(&predicted, &gold);
        assert_eq!(value_of(&report, "tasks.f1"), 1.0);
        assert_eq!(value_of(&report, "tasks.lead.f1"), 0.0);
    }

    #[test]
    fn render_table_lists_fields_and_documents() {
        let gold = vec![
            doc_with_tasks("001_đồng-tháp", vec![task("table", "Việc một", &["X"])]),
            doc_with_tasks("002", vec![task("table", "Việc hai", &["X"])]),
        ];
        let predicted = vec![doc_with_tasks("001_đồng-tháp", vec![task("table", "Việc một", &["X"])]), doc_with_tasks("999", vec![])];
        let table = render_table(&score(&predicted, &gold));
        for expected in [
            "Overall (micro-averaged over 2 gold documents, 1 with a prediction)",
            "precision",
            "sections",
            "legal_refs",
            "tasks.table",
            "tasks.body",
            "tasks.lead",
            "tasks.partners",
            "metadata.doc_type",
            "metadata.number",
            "metadata.issued_date",
            "legal_refs.issued_date",
            "tasks.deadline",
            "doc_id",
            "001_đồng-tháp",
            "1/1",
            "0/1",
            "(no prediction)",
            "Gold documents without a prediction (scored as misses): 002",
            "Predictions without a gold document (not scored): 999",
        ] {
            assert!(table.contains(expected), "missing {expected:?} in\n{table}");
        }
        let unpredicted_row = table.lines().find(|line| line.starts_with("002 ")).unwrap_or_default();
        assert!(unpredicted_row.contains("       -"), "{unpredicted_row}");
        // Document rows line up: the doc_id column is padded by characters, not bytes.
        let row_lengths: Vec<usize> = table
            .lines()
            .filter(|line| line.starts_with("001_") || line.starts_with("002 "))
            .map(|line| line.trim_end_matches("  (no prediction)").chars().count())
            .collect();
        assert_eq!(row_lengths.len(), 2);
        assert_eq!(row_lengths[0], row_lengths[1]);
    }

    // -- gold files ------------------------------------------------------------------------

    #[test]
    fn load_gold_dir_reads_sorts_and_reports_paths() {
        let dir = scratch_dir("load");
        std::fs::write(
            dir.join("b.gold.json"),
            r#"{"doc_id": "b", "tasks": [{"source": "table", "description": "x",
                "deadline": {"kind": "recurring", "start": null, "end": null,
                             "recurrence": ["annual"]}}]}"#,
        )
        .expect("write");
        std::fs::write(dir.join("a.gold.json"), "\u{feff}{}").expect("write");
        std::fs::write(dir.join("a.notes.md"), "# notes").expect("write");
        std::fs::write(dir.join(".hidden.gold.json"), "not json").expect("write");
        std::fs::create_dir_all(dir.join("sub.gold.json")).expect("mkdir");
        let docs = load_gold_dir(&dir).expect("loads");
        let ids: Vec<&str> = docs.iter().map(|doc| doc.doc_id.as_str()).collect();
        assert_eq!(ids, vec!["a", "b"]);
        assert_eq!(docs[1].tasks[0].lead, Vec::<String>::new());
        assert_eq!(docs[1].tasks[0].deadline.as_ref().map(|d| d.kind.as_str()), Some("recurring"));

        std::fs::write(dir.join("c.gold.json"), "{ broken").expect("write");
        let error = load_gold_dir(&dir).expect_err("bad json");
        assert!(error.contains("c.gold.json"), "{error}");
        std::fs::remove_file(dir.join("c.gold.json")).expect("rm");

        std::fs::write(dir.join("d.gold.json"), r#"{"doc_id": "other"}"#).expect("write");
        let error = load_gold_dir(&dir).expect_err("doc_id mismatch");
        assert!(error.contains("d.gold.json") && error.contains("other"), "{error}");

        let missing = dir.join("does-not-exist");
        let error = load_gold_dir(&missing).expect_err("missing dir");
        assert!(error.contains("does-not-exist"), "{error}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn every_shared_gold_file_scores_perfectly_against_itself() {
        let dir = Path::new("/work/shared/gold");
        if !dir.is_dir() {
            eprintln!("skipped: {} is absent", dir.display());
            return;
        }
        let gold = load_gold_dir(dir).expect("gold files load");
        assert!(!gold.is_empty());
        let report = score(&gold, &gold);
        assert!(report.missing_predictions.is_empty());
        assert!(report.unmatched_predictions.is_empty());
        for (name, value) in metric_values(&report) {
            assert_eq!(value, 1.0, "overall {name}");
        }
        for (document, gold_doc) in report.documents.iter().zip(&gold) {
            let single = score(std::slice::from_ref(gold_doc), std::slice::from_ref(gold_doc));
            for (name, value) in metric_values(&single) {
                assert_eq!(value, 1.0, "{} {name}", document.doc_id);
            }
            assert_eq!(document.task_pairs.len(), gold_doc.tasks.len());
            for pair in &document.task_pairs {
                assert_eq!(pair.predicted_index, pair.gold_index, "{}", document.doc_id);
                assert_eq!(pair.tier, MatchTier::Identical);
            }
        }
        // The twins of 003 exist in the real gold and pair with themselves.
        if let Some(doc_003) = gold.iter().find(|doc| doc.doc_id.starts_with("003_")) {
            let shared = doc_003
                .tasks
                .iter()
                .filter(|task| {
                    char_prefix(&normalize_text(&task.description), 60) == "thường xuyên theo dõi, đôn đốc, kiểm tra, đánh giá kết quả t"
                })
                .count();
            assert_eq!(shared, 9);
        }
    }
}
