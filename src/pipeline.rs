//! The pipeline, wired in one place: bytes → decode → normalize → segment → extract → Document.
//!
//! Also finds the input files of a batch and gives each its `doc_id` (SPEC §5). Only reading a
//! file and accepting its bytes can fail; everything after decoding is total.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::date::find_dates;
use crate::deadline::DeadlineKind;
use crate::error::{Error, Result};
use crate::model::{Agency, DateMention, Diagnostic, Document, LegalRefEntry, Source, Task};
use crate::tasks::RawTask;
use crate::{agency, decode, legal, metadata, normalize, segment, tasks};

/// Default limit on the size of one input file.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// One input document of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    pub doc_id: String,
}

fn is_input_name(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).as_deref(), Some("txt" | "md"))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|s| s.starts_with('.') && s != "." && s != "..")
}

/// The `doc_id` of a file found under `root`: its relative path without extension, `/`-separated.
pub fn doc_id_for(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let rel = rel.with_extension("");
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

/// Walks the INPUT arguments: files as given, directories recursively (`.txt` and `.md`,
/// hidden entries and symlinked directories skipped). Sorted by doc_id; a doc_id met twice is
/// an error naming both paths.
pub fn collect_inputs(args: &[PathBuf]) -> Result<Vec<InputFile>> {
    let mut out: Vec<InputFile> = Vec::new();
    for arg in args {
        let meta = fs::metadata(arg).map_err(|e| Error::io(arg, e))?;
        if meta.is_file() {
            let stem = arg.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            // `..txt` has the stem `.`: keep a doc_id that names a file.
            let stem = if stem.trim_matches('.').is_empty() {
                arg.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
            } else {
                stem
            };
            out.push(InputFile { path: arg.clone(), doc_id: stem });
            continue;
        }
        let walker = walkdir::WalkDir::new(arg)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walker {
            let entry = entry.map_err(|e| {
                let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| arg.clone());
                let io = e.into_io_error().unwrap_or_else(|| std::io::Error::other("walk error"));
                Error::io(path, io)
            })?;
            if entry.file_type().is_file() && is_input_name(entry.path()) {
                out.push(InputFile { path: entry.path().to_path_buf(), doc_id: doc_id_for(arg, entry.path()) });
            }
        }
    }
    out.sort_by(|a, b| a.doc_id.cmp(&b.doc_id).then_with(|| a.path.cmp(&b.path)));
    for pair in out.windows(2) {
        if pair[0].doc_id == pair[1].doc_id {
            return Err(Error::Usage(format!(
                "two inputs have the same doc_id {:?}: {} and {}",
                pair[0].doc_id,
                pair[0].path.display(),
                pair[1].path.display()
            )));
        }
    }
    Ok(out)
}

/// Reads an input file, refusing one over `max_bytes`.
pub fn read_input(input: &InputFile, max_bytes: u64) -> Result<Vec<u8>> {
    let size = fs::metadata(&input.path).map_err(|e| Error::io(&input.path, e))?.len();
    if size > max_bytes {
        return Err(Error::TooLarge { path: input.path.clone(), size, limit: max_bytes });
    }
    fs::read(&input.path).map_err(|e| Error::io(&input.path, e))
}

/// Reads, decodes and extracts one file.
pub fn process_file(input: &InputFile, max_bytes: u64) -> Result<Document> {
    let bytes = read_input(input, max_bytes)?;
    process_bytes(&input.doc_id, &input.path.to_string_lossy(), &bytes).map_err(|reason| Error::Decode { path: input.path.clone(), reason })
}

/// Decodes and extracts a document held in memory.
pub fn process_bytes(doc_id: &str, path: &str, bytes: &[u8]) -> std::result::Result<Document, decode::DecodeError> {
    let decoded = decode::decode(bytes)?;
    let source = Source { path: path.to_string(), sha256: sha256_hex(bytes), bytes: bytes.len() as u64, encoding: decoded.encoding };
    let mut doc = extract_document(doc_id, source, &decoded.text);
    for w in decoded.warnings {
        doc.diagnostics.insert(0, Diagnostic::warning(None, w));
    }
    Ok(doc)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Runs normalization, segmentation and extraction on decoded text.
pub fn extract_document(doc_id: &str, source: Source, text: &str) -> Document {
    let lines = normalize::normalize(text);
    let layout = segment::segment(&lines);
    let meta = metadata::extract_metadata(&lines, &layout);
    let mut diagnostics = Vec::new();

    // Legal references over every line (body, tables, appendices).
    let numbered: Vec<(usize, &str)> = lines.iter().map(|l| (l.no, l.text.as_str())).collect();
    let own_number = meta.number.as_deref().map(legal::normalize_number);
    let legal_refs: Vec<LegalRefEntry> = legal::extract_legal_refs(&numbered)
        .into_iter()
        .map(|r| {
            let is_self = own_number.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(&r.number));
            LegalRefEntry { reference: r, is_self }
        })
        .collect();

    let dates: Vec<DateMention> = lines
        .iter()
        .flat_map(|l| {
            find_dates(&l.text).into_iter().map(move |m| DateMention { text: m.text(&l.text).to_string(), value: m.date, line: l.no })
        })
        .collect();

    let raw_tasks = tasks::extract_tasks(&lines, &layout, meta.plan_year);
    let mut registry = AgencyRegistry::default();
    let mut ref_index: HashMap<String, usize> = HashMap::new();
    for (i, r) in legal_refs.iter().enumerate() {
        ref_index.entry(r.reference.number.to_uppercase()).or_insert(i);
    }
    let mut doc_tasks = Vec::with_capacity(raw_tasks.len());
    for raw in raw_tasks {
        if let Some(d) = &raw.deadline {
            if d.kind == DeadlineKind::Unknown {
                diagnostics.push(Diagnostic::warning(Some(raw.line), format!("deadline not understood: {:?}", d.text)));
            }
        }
        doc_tasks.push(register_task(raw, &mut registry, &ref_index));
    }
    if !layout.tables.is_empty() && layout.tables.iter().all(|t| !t.is_task_table()) {
        diagnostics.push(Diagnostic::info(
            layout.tables.first().map(|t| t.line),
            "no table has both a task and a lead-agency column; table rows are not tasks",
        ));
    }
    if meta.number.is_none() {
        diagnostics.push(Diagnostic::info(None, "document number not found"));
    }

    Document {
        doc_id: doc_id.to_string(),
        source,
        metadata: meta,
        sections: layout.sections,
        tables: layout.tables,
        tasks: doc_tasks,
        agencies: registry.agencies,
        legal_refs,
        dates,
        diagnostics,
    }
}

#[derive(Default)]
struct AgencyRegistry {
    agencies: Vec<Agency>,
    by_key: HashMap<String, usize>,
}

impl AgencyRegistry {
    fn intern(&mut self, name: &str) -> usize {
        let key = crate::text::lowercase(name);
        if let Some(&i) = self.by_key.get(&key) {
            self.agencies[i].mentions += 1;
            if self.agencies[i].name != name && !self.agencies[i].aliases.iter().any(|a| a == name) {
                self.agencies[i].aliases.push(name.to_string());
            }
            return i;
        }
        let (kind, level) = agency::classify_agency(name);
        let idx = self.agencies.len();
        self.agencies.push(Agency { name: name.to_string(), kind, level, aliases: Vec::new(), mentions: 1 });
        self.by_key.insert(key, idx);
        idx
    }
}

fn register_task(raw: RawTask, registry: &mut AgencyRegistry, ref_index: &HashMap<String, usize>) -> Task {
    let lead = raw.lead.iter().map(|n| registry.intern(n)).collect();
    let partners = raw.partners.iter().map(|n| registry.intern(n)).collect();
    let mut cited = String::new();
    for part in [Some(raw.description.as_str()), raw.result.as_deref(), raw.note.as_deref()].into_iter().flatten() {
        cited.push_str(part);
        cited.push(' ');
    }
    let mut legal_refs: Vec<usize> = Vec::new();
    // A task can only point at the document's own references.
    let cited_numbers = if ref_index.is_empty() { Vec::new() } else { legal::ref_numbers_in(&cited) };
    for n in cited_numbers {
        if let Some(&i) = ref_index.get(&n.to_uppercase()) {
            if !legal_refs.contains(&i) {
                legal_refs.push(i);
            }
        }
    }
    Task {
        source: raw.source,
        table: raw.table,
        section: raw.section,
        number: raw.number,
        group: raw.group,
        description: raw.description,
        lead,
        partners,
        deadline: raw.deadline,
        result: raw.result,
        note: raw.note,
        legal_refs,
        line: raw.line,
    }
}

/// Stable 64-bit FNV-1a hash, used for `--shard` (must never change between versions).
pub fn stable_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Whether `doc_id` belongs to shard `index` of `count` (0-based index).
pub fn in_shard(doc_id: &str, index: u64, count: u64) -> bool {
    count <= 1 || stable_hash(doc_id) % count == index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_ids_are_relative_paths_without_extension() {
        assert_eq!(doc_id_for(Path::new("corpus"), Path::new("corpus/a/b.txt")), "a/b");
        assert_eq!(doc_id_for(Path::new("corpus/"), Path::new("corpus/x.md")), "x");
    }

    #[test]
    fn shard_hash_is_stable() {
        assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c);
        let ids = ["a", "b", "c", "d", "e", "f"];
        for id in ids {
            assert_eq!((0..3).filter(|&i| in_shard(id, i, 3)).count(), 1);
        }
    }
}
