//! Batch conversion (`vnplan convert`): many inputs in, OUT_DIR written atomically.
//!
//! Documents are processed in parallel (rayon) and results are written in doc_id order, so the
//! output is byte-identical whatever the number of threads. One failing file never stops the
//! batch: it is listed in `errors.jsonl` and the summary, and the exit status says so.
//! Every output file is written to a temporary file in OUT_DIR and renamed into place, so an
//! interrupted run leaves either the previous or the new version of each file.

use std::collections::BTreeMap;
use std::fs;
use std::io::{IsTerminal, Write};
use std::path::{Component, Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::output::{self, CsvRows, CSV_FILES};
use crate::pipeline::{self, InputFile};

pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub json: bool,
    pub csv: bool,
    pub jsonl: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            json: true,
            csv: true,
            jsonl: false,
        }
    }
}

impl Formats {
    /// Parses `json,csv,jsonl`.
    pub fn parse(s: &str) -> std::result::Result<Formats, String> {
        let mut f = Formats {
            json: false,
            csv: false,
            jsonl: false,
        };
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part {
                "json" => f.json = true,
                "csv" => f.csv = true,
                "jsonl" => f.jsonl = true,
                other => return Err(format!("unknown format {other:?} (expected json, csv or jsonl)")),
            }
        }
        if !(f.json || f.csv || f.jsonl) {
            return Err("no output format given".into());
        }
        Ok(f)
    }
}

#[derive(Debug, Clone)]
pub struct ConvertOptions {
    pub inputs: Vec<PathBuf>,
    pub out_dir: PathBuf,
    pub jobs: Option<usize>,
    pub formats: Formats,
    pub shard: Option<(u64, u64)>,
    pub excel_safe: bool,
    pub quiet: bool,
    pub max_bytes: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub path: String,
    pub error: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub tool_version: &'static str,
    pub inputs: usize,
    pub documents: usize,
    pub failed: usize,
    pub skipped_by_shard: usize,
    pub encodings: BTreeMap<String, usize>,
    pub sections: usize,
    pub tables: usize,
    pub tasks: usize,
    pub agencies: usize,
    pub legal_refs: usize,
    pub input_bytes: u64,
    pub elapsed_seconds: f64,
    pub mb_per_second: f64,
    pub failures: Vec<Failure>,
}

#[derive(Debug, Clone, Serialize)]
struct ManifestEntry {
    path: String,
    sha256: String,
}

#[derive(Debug, Clone, Serialize)]
struct Manifest {
    tool_version: &'static str,
    documents: BTreeMap<String, ManifestEntry>,
}

/// What one document gives the writers.
struct DocResult {
    doc_id: String,
    json_line: Vec<u8>,
    csv: CsvRows,
    encoding: &'static str,
    counts: [usize; 5],
    bytes: u64,
    manifest: ManifestEntry,
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, then rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.vnplan-tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    Ok(())
}

/// The output path of a document's JSON, guaranteed to stay inside `documents/`.
pub fn document_path(out_dir: &Path, doc_id: &str) -> PathBuf {
    let mut p = out_dir.join("documents");
    for part in Path::new(doc_id).components() {
        if let Component::Normal(s) = part {
            p.push(s);
        }
    }
    let mut name = p.into_os_string();
    name.push(".json");
    PathBuf::from(name)
}

fn progress_bar(len: usize, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} documents, ETA {eta}") {
        pb.set_style(style);
    }
    pb
}

/// Runs a conversion. Returns the summary; the caller turns it into an exit status.
pub fn convert(opts: &ConvertOptions) -> Result<Summary> {
    let started = Instant::now();
    let all_inputs = pipeline::collect_inputs(&opts.inputs)?;
    let n_inputs = all_inputs.len();
    let inputs: Vec<InputFile> = match opts.shard {
        Some((i, n)) => all_inputs.into_iter().filter(|f| pipeline::in_shard(&f.doc_id, i, n)).collect(),
        None => all_inputs,
    };
    let skipped_by_shard = n_inputs - inputs.len();
    fs::create_dir_all(&opts.out_dir).map_err(|e| Error::io(&opts.out_dir, e))?;
    // Check the output directory is writable before doing the work.
    write_atomic(&opts.out_dir.join(".vnplan-write-check"), b"")
        .and_then(|_| fs::remove_file(opts.out_dir.join(".vnplan-write-check")).map_err(|e| Error::io(&opts.out_dir, e)))?;

    let pool = {
        let mut b = rayon::ThreadPoolBuilder::new();
        if let Some(j) = opts.jobs {
            b = b.num_threads(j.max(1));
        }
        b.build().map_err(|e| Error::Usage(format!("cannot start worker threads: {e}")))?
    };
    let pb = progress_bar(inputs.len(), opts.quiet);
    let formats = opts.formats;
    let out_dir = opts.out_dir.clone();
    let max_bytes = opts.max_bytes;
    let results: Vec<std::result::Result<DocResult, Failure>> = pool.install(|| {
        inputs
            .par_iter()
            .map(|input| {
                let r = process_one(input, &out_dir, formats, max_bytes);
                pb.inc(1);
                r
            })
            .collect()
    });
    pb.finish_and_clear();

    let mut summary = Summary {
        tool_version: TOOL_VERSION,
        inputs: n_inputs,
        documents: 0,
        failed: 0,
        skipped_by_shard,
        encodings: BTreeMap::new(),
        sections: 0,
        tables: 0,
        tasks: 0,
        agencies: 0,
        legal_refs: 0,
        input_bytes: 0,
        elapsed_seconds: 0.0,
        mb_per_second: 0.0,
        failures: Vec::new(),
    };
    let mut csv_files: Vec<Vec<Vec<String>>> = vec![Vec::new(); CSV_FILES.len()];
    let mut jsonl: Vec<u8> = Vec::new();
    let mut manifest = Manifest {
        tool_version: TOOL_VERSION,
        documents: BTreeMap::new(),
    };
    for r in results {
        match r {
            Ok(doc) => {
                summary.documents += 1;
                *summary.encodings.entry(doc.encoding.to_string()).or_default() += 1;
                summary.sections += doc.counts[0];
                summary.tables += doc.counts[1];
                summary.tasks += doc.counts[2];
                summary.agencies += doc.counts[3];
                summary.legal_refs += doc.counts[4];
                summary.input_bytes += doc.bytes;
                for (file, rows) in csv_files.iter_mut().zip(doc.csv) {
                    file.extend(rows);
                }
                jsonl.extend_from_slice(&doc.json_line);
                manifest.documents.insert(doc.doc_id, doc.manifest);
            }
            Err(f) => {
                summary.failed += 1;
                summary.failures.push(f);
            }
        }
    }
    if formats.csv {
        for ((name, header), rows) in CSV_FILES.iter().zip(&csv_files) {
            write_atomic(&opts.out_dir.join(name), &render_csv(header, rows, opts.excel_safe)?)?;
        }
    }
    if formats.jsonl {
        write_atomic(&opts.out_dir.join("documents.jsonl"), &jsonl)?;
    }
    let mut errors = Vec::new();
    for f in &summary.failures {
        errors.extend(serde_json::to_vec(f).unwrap_or_default());
        errors.push(b'\n');
    }
    write_atomic(&opts.out_dir.join("errors.jsonl"), &errors)?;
    write_atomic(&opts.out_dir.join("manifest.json"), &pretty(&manifest))?;
    summary.elapsed_seconds = started.elapsed().as_secs_f64();
    summary.mb_per_second = if summary.elapsed_seconds > 0.0 {
        summary.input_bytes as f64 / 1e6 / summary.elapsed_seconds
    } else {
        0.0
    };
    write_atomic(&opts.out_dir.join("summary.json"), &pretty(&summary))?;
    Ok(summary)
}

fn pretty<T: Serialize>(v: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).unwrap_or_default();
    out.push(b'\n');
    out
}

fn process_one(input: &InputFile, out_dir: &Path, formats: Formats, max_bytes: u64) -> std::result::Result<DocResult, Failure> {
    let fail = |e: Error| Failure {
        path: input.path.to_string_lossy().into_owned(),
        error: e.to_string(),
    };
    let doc = pipeline::process_file(input, max_bytes).map_err(fail)?;
    if formats.json {
        write_atomic(&document_path(out_dir, &doc.doc_id), &output::document_json(&doc)).map_err(fail)?;
    }
    let json_line = if formats.jsonl {
        output::document_json_line(&doc)
    } else {
        Vec::new()
    };
    let csv = if formats.csv {
        output::csv_rows(&doc)
    } else {
        vec![Vec::new(); CSV_FILES.len()]
    };
    Ok(DocResult {
        doc_id: doc.doc_id.clone(),
        encoding: doc.source.encoding.as_str(),
        counts: [
            doc.sections.len(),
            doc.tables.len(),
            doc.tasks.len(),
            doc.agencies.len(),
            doc.legal_refs.len(),
        ],
        bytes: doc.source.bytes,
        manifest: ManifestEntry {
            path: doc.source.path.clone(),
            sha256: doc.source.sha256.clone(),
        },
        json_line,
        csv,
    })
}

/// RFC 4180 CSV with a header row; `excel_safe` adds a UTF-8 BOM and neutralises formulas.
pub fn render_csv(header: &[&str], rows: &[Vec<String>], excel_safe: bool) -> Result<Vec<u8>> {
    let mut buf: Vec<u8> = Vec::new();
    if excel_safe {
        buf.extend_from_slice("\u{FEFF}".as_bytes());
    }
    {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut buf);
        let to_err = |e: csv::Error| Error::Usage(format!("CSV writing failed: {e}"));
        w.write_record(header).map_err(to_err)?;
        for row in rows {
            if excel_safe {
                w.write_record(row.iter().map(|c| output::excel_safe(c).into_owned()))
                    .map_err(to_err)?;
            } else {
                w.write_record(row).map_err(to_err)?;
            }
        }
        w.flush().map_err(|e| Error::io("<csv buffer>", e))?;
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_paths_never_escape_the_output_directory() {
        let out = Path::new("/tmp/out");
        assert_eq!(document_path(out, "a/b"), PathBuf::from("/tmp/out/documents/a/b.json"));
        assert_eq!(
            document_path(out, "../../etc/passwd"),
            PathBuf::from("/tmp/out/documents/etc/passwd.json")
        );
        assert_eq!(document_path(out, "/abs/x"), PathBuf::from("/tmp/out/documents/abs/x.json"));
    }

    #[test]
    fn formats_parse() {
        assert_eq!(
            Formats::parse("json,csv").unwrap(),
            Formats {
                json: true,
                csv: true,
                jsonl: false
            }
        );
        assert!(Formats::parse("xml").is_err());
        assert!(Formats::parse("").is_err());
    }

    #[test]
    fn csv_quoting_and_excel_safety() {
        let rows = vec![vec!["=1+1".to_string(), "a,\"b\"".to_string()]];
        let plain = String::from_utf8(render_csv(&["x", "y"], &rows, false).unwrap()).unwrap();
        assert_eq!(plain, "x,y\r\n=1+1,\"a,\"\"b\"\"\"\r\n");
        let safe = String::from_utf8(render_csv(&["x", "y"], &rows, true).unwrap()).unwrap();
        assert!(safe.starts_with('\u{FEFF}'));
        assert!(safe.contains("'=1+1"));
    }
}
