//! Batch conversion (`vnplan convert`): many inputs in, OUT_DIR written atomically.
//!
//! Documents are processed in parallel (rayon) and results are written in doc_id order, so the
//! output is byte-identical whatever the number of threads. One failing file never stops the
//! batch: it is listed in `errors.jsonl` and the summary, and the exit status says so.
//! Every output file is written to a temporary file in OUT_DIR and renamed into place, so an
//! interrupted run leaves either the previous or the new version of each file.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Component, Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::output::{self, CSV_FILES};
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
        Formats { json: true, csv: true, jsonl: false }
    }
}

impl Formats {
    /// Parses `json,csv,jsonl`.
    pub fn parse(s: &str) -> std::result::Result<Formats, String> {
        let mut f = Formats { json: false, csv: false, jsonl: false };
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
    /// Skip documents whose content hash matches the previous run's manifest (same tool
    /// version and output options); their rows are carried over.
    pub incremental: bool,
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
    /// Documents in the output (converted now or carried over by `--incremental`).
    pub documents: usize,
    /// Documents carried over unchanged by `--incremental`.
    pub unchanged: usize,
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

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct ManifestEntry {
    path: String,
    sha256: String,
    encoding: String,
}

/// What a run wrote, so that `--incremental` knows which documents it can keep.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Manifest {
    tool_version: String,
    formats: String,
    excel_safe: bool,
    documents: BTreeMap<String, ManifestEntry>,
}

impl Formats {
    fn as_list(self) -> String {
        let mut v = Vec::new();
        if self.json {
            v.push("json");
        }
        if self.csv {
            v.push("csv");
        }
        if self.jsonl {
            v.push("jsonl");
        }
        v.join(",")
    }
}

/// `manifest.json` written as documents arrive, so that it is never held in memory. They arrive
/// in doc_id order, the order of the manifest's map, and the bytes are those of the
/// pretty-printed [`Manifest`].
struct ManifestStream {
    staged: StagedFile,
    entries: usize,
}

impl ManifestStream {
    fn create(path: &Path, formats: Formats, excel_safe: bool) -> Result<ManifestStream> {
        let mut staged = StagedFile::create(path)?;
        staged.writer().write_all(manifest_head(formats, excel_safe).as_bytes()).map_err(|e| Error::io(path, e))?;
        Ok(ManifestStream { staged, entries: 0 })
    }

    fn push(&mut self, doc_id: &str, entry: &ManifestEntry) -> Result<()> {
        let text = manifest_entry(self.entries == 0, doc_id, entry);
        self.entries += 1;
        let dest = self.staged.dest.clone();
        self.staged.writer().write_all(text.as_bytes()).map_err(|e| Error::io(dest, e))
    }

    fn commit(mut self) -> Result<()> {
        let tail = manifest_tail(self.entries == 0);
        let dest = self.staged.dest.clone();
        self.staged.writer().write_all(tail.as_bytes()).map_err(|e| Error::io(dest, e))?;
        self.staged.commit()
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

fn manifest_head(formats: Formats, excel_safe: bool) -> String {
    format!(
        "{{\n  \"tool_version\": {},\n  \"formats\": {},\n  \"excel_safe\": {excel_safe},\n  \"documents\": {{",
        json_string(TOOL_VERSION),
        json_string(&formats.as_list())
    )
}

fn manifest_entry(first: bool, doc_id: &str, entry: &ManifestEntry) -> String {
    let value = serde_json::to_string_pretty(entry).unwrap_or_default().replace('\n', "\n    ");
    format!("{}    {}: {value}", if first { "\n" } else { ",\n" }, json_string(doc_id))
}

fn manifest_tail(empty: bool) -> &'static str {
    if empty {
        "}\n}\n"
    } else {
        "\n  }\n}\n"
    }
}

/// What one document gives the writers.
enum Outcome {
    Converted(Box<Converted>),
    /// `--incremental`: same content and tool version as last run; its rows are copied.
    Unchanged {
        doc_id: String,
        entry: ManifestEntry,
        bytes: u64,
    },
    Failed(Failure),
}

struct Converted {
    doc_id: String,
    json_line: Vec<u8>,
    /// The document's rows of each CSV file, already encoded (CRLF lines, no header).
    csv: Vec<Vec<u8>>,
    encoding: &'static str,
    counts: [usize; 5],
    bytes: u64,
    manifest: ManifestEntry,
}

/// Writes `bytes` to `path` atomically and durably: a temporary file in the same directory,
/// synced, then renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut staged = StagedFile::create(path)?;
    staged.writer().write_all(bytes).map_err(|e| Error::io(path, e))?;
    staged.commit()
}

/// Writes a document's JSON atomically (temporary file, then rename) without syncing it: a
/// sync per file would cost more than the conversion itself. [`sync_file_system`] makes all
/// documents durable at once before the manifest, which `--incremental` trusts, is written.
fn write_document(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut staged = StagedFile::create(path)?;
    staged.writer().write_all(bytes).map_err(|e| Error::io(path, e))?;
    staged.rename_into_place(false)
}

/// Flushes every file written under `dir` to stable storage with one call (`syncfs` on Linux,
/// `sync` elsewhere on Unix). Files committed with [`StagedFile::commit`] are synced one by
/// one anyway.
fn sync_file_system(dir: &Path) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let handle = fs::File::open(dir).map_err(|e| Error::io(dir, e))?;
        // SAFETY: `syncfs` only reads the descriptor, which `handle` keeps open for the call.
        if unsafe { libc::syncfs(handle.as_raw_fd()) } != 0 {
            return Err(Error::io(dir, std::io::Error::last_os_error()));
        }
    }
    #[cfg(all(unix, not(target_os = "linux")))]
    {
        let _ = dir;
        // SAFETY: `sync` takes no arguments and cannot fail.
        unsafe { libc::sync() };
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Marker in the names of temporary files; leftovers of an interrupted run are removed by the
/// next run.
const TEMP_MARKER: &str = ".vnplan-tmp-";

/// A short temporary name beside `dest` (a long output name plus a suffix could exceed the
/// file system's name limit).
fn temp_path(dest: &Path) -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    dest.with_file_name(format!("{TEMP_MARKER}{}-{n}", std::process::id()))
}

/// A file being written under a temporary name; `commit` syncs it and renames it into place.
/// Dropped without `commit`, it removes the temporary file.
struct StagedFile {
    dest: PathBuf,
    tmp: PathBuf,
    writer: Option<BufWriter<fs::File>>,
}

impl StagedFile {
    fn create(dest: &Path) -> Result<StagedFile> {
        let dir = dest.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let tmp = temp_path(dest);
        let file = fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        Ok(StagedFile { dest: dest.to_path_buf(), tmp, writer: Some(BufWriter::with_capacity(1 << 16, file)) })
    }

    fn writer(&mut self) -> &mut BufWriter<fs::File> {
        self.writer.as_mut().expect("writer present until commit")
    }

    fn commit(self) -> Result<()> {
        self.rename_into_place(true)
    }

    fn rename_into_place(mut self, sync: bool) -> Result<()> {
        let writer = self.writer.take().expect("writer present until commit");
        let file = writer.into_inner().map_err(|e| Error::io(&self.dest, e.into_error()))?;
        if sync {
            file.sync_all().map_err(|e| Error::io(&self.dest, e))?;
        }
        fs::rename(&self.tmp, &self.dest).map_err(|e| Error::io(&self.dest, e))
    }
}

impl Drop for StagedFile {
    fn drop(&mut self) {
        if self.writer.is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// The output path of a document's JSON, guaranteed to stay inside `documents/`.
pub fn document_path(out_dir: &Path, doc_id: &str) -> PathBuf {
    let mut p = out_dir.join("documents");
    let mut named = false;
    for part in Path::new(doc_id).components() {
        if let Component::Normal(s) = part {
            p.push(s);
            named = true;
        }
    }
    if !named {
        // A doc_id with no name of its own (`.`, `..`, empty) still gets a file in documents/.
        p.push("_");
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

/// Removes temporary files left in OUT_DIR by an interrupted run.
fn remove_stale_temp_files(out_dir: &Path) {
    for entry in walkdir::WalkDir::new(out_dir).follow_links(false).into_iter().filter_map(|e| e.ok()) {
        if entry.file_type().is_file() && entry.file_name().to_string_lossy().contains(TEMP_MARKER) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The previous run's manifest, when `--incremental` may reuse its output.
fn reusable_manifest(opts: &ConvertOptions) -> Option<Manifest> {
    if !opts.incremental {
        return None;
    }
    let bytes = fs::read(opts.out_dir.join("manifest.json")).ok()?;
    let m: Manifest = serde_json::from_slice(&bytes).ok()?;
    let same_options = m.tool_version == TOOL_VERSION && m.formats == opts.formats.as_list() && m.excel_safe == opts.excel_safe;
    same_options.then_some(m)
}

/// Rows of a previous run's file, read in step with the current run (both are in doc_id
/// order), so unchanged documents' rows can be copied without holding the file in memory.
struct PreviousRows {
    reader: Option<csv::Reader<fs::File>>,
    pending: Option<csv::StringRecord>,
}

impl PreviousRows {
    fn open(path: &Path) -> PreviousRows {
        let reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_path(path).ok();
        PreviousRows { reader, pending: None }
    }

    /// Copies the rows of `doc_id`; returns how many.
    fn copy_doc(&mut self, doc_id: &str, out: &mut impl Write, dest: &Path) -> Result<usize> {
        let mut copied = csv_encoder();
        let n = self.copy_records(doc_id, &mut copied)?;
        let bytes = encoded(copied)?;
        out.write_all(&bytes).map_err(|e| Error::io(dest, e))?;
        Ok(n)
    }

    fn copy_records(&mut self, doc_id: &str, out: &mut csv::Writer<Vec<u8>>) -> Result<usize> {
        let mut n = 0;
        loop {
            let rec = match self.pending.take() {
                Some(r) => r,
                None => {
                    let Some(reader) = self.reader.as_mut() else { return Ok(n) };
                    let mut r = csv::StringRecord::new();
                    match reader.read_record(&mut r) {
                        Ok(true) => r,
                        _ => return Ok(n),
                    }
                }
            };
            let id = rec.get(0).unwrap_or("").trim_start_matches('\u{FEFF}');
            match id.cmp(doc_id) {
                std::cmp::Ordering::Less => continue,
                std::cmp::Ordering::Equal => {
                    out.write_record(&rec).map_err(csv_error)?;
                    n += 1;
                }
                std::cmp::Ordering::Greater => {
                    self.pending = Some(rec);
                    return Ok(n);
                }
            }
        }
    }
}

/// Lines of a previous `documents.jsonl`, read in step like [`PreviousRows`].
struct PreviousLines {
    lines: Option<std::io::Lines<std::io::BufReader<fs::File>>>,
    pending: Option<(String, String)>,
}

impl PreviousLines {
    fn open(path: &Path) -> PreviousLines {
        let lines = fs::File::open(path).ok().map(|f| std::io::BufRead::lines(std::io::BufReader::new(f)));
        PreviousLines { lines, pending: None }
    }

    fn copy_doc(&mut self, doc_id: &str, out: &mut impl Write) -> Result<()> {
        #[derive(Deserialize)]
        struct Id {
            doc_id: String,
        }
        loop {
            let (id, line) = match self.pending.take() {
                Some(p) => p,
                None => {
                    let Some(Ok(line)) = self.lines.as_mut().and_then(|l| l.next()) else { return Ok(()) };
                    let id = serde_json::from_str::<Id>(&line).map(|i| i.doc_id).unwrap_or_default();
                    (id, line)
                }
            };
            match id.as_str().cmp(doc_id) {
                std::cmp::Ordering::Less => continue,
                std::cmp::Ordering::Equal => {
                    out.write_all(line.as_bytes()).and_then(|_| out.write_all(b"\n")).map_err(|e| Error::io("documents.jsonl", e))?;
                    return Ok(());
                }
                std::cmp::Ordering::Greater => {
                    self.pending = Some((id, line));
                    return Ok(());
                }
            }
        }
    }
}

fn csv_error(e: csv::Error) -> Error {
    Error::Usage(format!("CSV writing failed: {e}"))
}

/// Starts a staged CSV file: the byte-order mark with `--excel-safe`, then the header row.
fn start_csv<'a>(staged: &'a mut StagedFile, header: &[&str], excel_safe: bool) -> Result<(PathBuf, &'a mut BufWriter<fs::File>)> {
    let dest = staged.dest.clone();
    let out = staged.writer();
    if excel_safe {
        out.write_all("\u{FEFF}".as_bytes()).map_err(|e| Error::io(&dest, e))?;
    }
    out.write_all(&encode_rows(&[header], false)?).map_err(|e| Error::io(&dest, e))?;
    Ok((dest, out))
}

/// RFC 4180 records with CRLF line ends, into memory.
fn csv_encoder() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new())
}

/// The bytes an in-memory encoder holds.
fn encoded(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>> {
    w.into_inner().map_err(|e| Error::Usage(format!("CSV writing failed: {e}")))
}

/// `rows` encoded as CSV records; `excel_safe` neutralises formulas.
fn encode_rows<R: AsRef<[S]>, S: AsRef<str>>(rows: &[R], excel_safe: bool) -> Result<Vec<u8>> {
    let mut w = csv_encoder();
    for row in rows {
        let cells = row.as_ref().iter().map(AsRef::as_ref);
        if excel_safe {
            w.write_record(cells.map(|c| output::excel_safe(c).into_owned())).map_err(csv_error)?;
        } else {
            w.write_record(cells.map(str::as_bytes)).map_err(csv_error)?;
        }
    }
    encoded(w)
}

/// How many documents may be converted ahead of the one the writer waits for: enough to keep
/// every worker busy past a slow document, few enough that the results waiting to be written
/// stay small (memory does not grow with the corpus).
fn window(threads: usize) -> usize {
    (threads * 8).max(16)
}

/// Lets workers run at most `window` documents ahead of the writer.
struct Window {
    limit: usize,
    written: std::sync::Mutex<usize>,
    moved: std::sync::Condvar,
    stopped: std::sync::atomic::AtomicBool,
}

impl Window {
    fn new(limit: usize) -> Window {
        Window { limit, written: std::sync::Mutex::new(0), moved: std::sync::Condvar::new(), stopped: Default::default() }
    }

    /// Waits until document `index` may be converted; false when the run is stopping.
    fn enter(&self, index: usize) -> bool {
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        while index >= *written + self.limit && !self.stopped.load(std::sync::atomic::Ordering::Relaxed) {
            written = self.moved.wait(written).unwrap_or_else(|e| e.into_inner());
        }
        !self.stopped.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn advance(&self, written: usize) {
        *self.written.lock().unwrap_or_else(|e| e.into_inner()) = written;
        self.moved.notify_all();
    }

    fn stop(&self) {
        self.stopped.store(true, std::sync::atomic::Ordering::Relaxed);
        let _guard = self.written.lock().unwrap_or_else(|e| e.into_inner());
        self.moved.notify_all();
    }
}

/// The batch-wide outputs, fed one document at a time in doc_id order.
struct Writers<'a> {
    opts: &'a ConvertOptions,
    /// Each CSV file being written, with its final path for errors.
    csv: Vec<(PathBuf, &'a mut BufWriter<fs::File>)>,
    previous_rows: Vec<PreviousRows>,
    jsonl: Option<&'a mut StagedFile>,
    jsonl_path: PathBuf,
    previous_lines: PreviousLines,
    summary: Summary,
    manifest: ManifestStream,
}

impl Writers<'_> {
    fn write(&mut self, outcome: Outcome) -> Result<()> {
        let summary = &mut self.summary;
        match outcome {
            Outcome::Converted(doc) => {
                summary.documents += 1;
                *summary.encodings.entry(doc.encoding.to_string()).or_default() += 1;
                summary.sections += doc.counts[0];
                summary.tables += doc.counts[1];
                summary.tasks += doc.counts[2];
                summary.agencies += doc.counts[3];
                summary.legal_refs += doc.counts[4];
                summary.input_bytes += doc.bytes;
                for ((dest, w), rows) in self.csv.iter_mut().zip(&doc.csv) {
                    w.write_all(rows).map_err(|e| Error::io(&*dest, e))?;
                }
                if let Some(j) = self.jsonl.as_mut() {
                    j.writer().write_all(&doc.json_line).map_err(|e| Error::io(&self.jsonl_path, e))?;
                }
                self.manifest.push(&doc.doc_id, &doc.manifest)?;
            }
            Outcome::Unchanged { doc_id, entry, bytes } => {
                summary.documents += 1;
                summary.unchanged += 1;
                summary.input_bytes += bytes;
                *summary.encodings.entry(entry.encoding.clone()).or_default() += 1;
                let mut copied = [0usize; CSV_FILES.len()];
                for (i, ((dest, w), prev)) in self.csv.iter_mut().zip(self.previous_rows.iter_mut()).enumerate() {
                    copied[i] = prev.copy_doc(&doc_id, w, dest)?;
                }
                if self.opts.formats.csv {
                    summary.sections += copied[1];
                    summary.tables += copied[2];
                    summary.tasks += copied[3];
                    summary.agencies += copied[5];
                    summary.legal_refs += copied[6];
                }
                if let Some(j) = self.jsonl.as_mut() {
                    self.previous_lines.copy_doc(&doc_id, j.writer())?;
                }
                self.manifest.push(&doc_id, &entry)?;
            }
            Outcome::Failed(f) => {
                summary.failed += 1;
                summary.failures.push(f);
            }
        }
        Ok(())
    }
}

/// Converts `inputs` on the pool's workers while the calling thread writes the results in
/// input order: workers take the next document as soon as they are free, and run at most
/// [`window`] documents ahead of the writer.
fn convert_all(
    pool: &rayon::ThreadPool,
    inputs: &[InputFile],
    writers: &mut Writers,
    previous: Option<&Manifest>,
    pb: &ProgressBar,
) -> Result<()> {
    let threads = pool.current_num_threads();
    let window = Window::new(window(threads));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let opts = writers.opts;
    let (sender, receiver) = std::sync::mpsc::channel::<(usize, Outcome)>();
    pool.in_place_scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let (window, next) = (&window, &next);
            scope.spawn(move |_| loop {
                let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if index >= inputs.len() || !window.enter(index) {
                    break;
                }
                let outcome = process_one(&inputs[index], opts, previous);
                pb.inc(1);
                if sender.send((index, outcome)).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        let mut waiting: BTreeMap<usize, Outcome> = BTreeMap::new();
        let mut expected = 0;
        for (index, outcome) in receiver {
            waiting.insert(index, outcome);
            while let Some(outcome) = waiting.remove(&expected) {
                if let Err(e) = writers.write(outcome) {
                    window.stop();
                    return Err(e);
                }
                expected += 1;
            }
            window.advance(expected);
        }
        Ok(())
    })
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
    remove_stale_temp_files(&opts.out_dir);
    let previous = reusable_manifest(opts);

    let pool = {
        let mut b = rayon::ThreadPoolBuilder::new();
        if let Some(j) = opts.jobs {
            b = b.num_threads(j.max(1));
        }
        b.build().map_err(|e| Error::Usage(format!("cannot start worker threads: {e}")))?
    };
    let formats = opts.formats;

    // Open every output under a temporary name first: an unwritable OUT_DIR fails here, before
    // any work, and nothing is renamed into place until the run is complete.
    let mut csv_staged: Vec<StagedFile> = Vec::new();
    let mut previous_rows: Vec<PreviousRows> = Vec::new();
    if formats.csv {
        for (name, _) in CSV_FILES {
            let path = opts.out_dir.join(name);
            csv_staged.push(StagedFile::create(&path)?);
            previous_rows.push(PreviousRows::open(&path));
        }
    }
    let jsonl_path = opts.out_dir.join("documents.jsonl");
    let mut jsonl_staged = if formats.jsonl { Some(StagedFile::create(&jsonl_path)?) } else { None };
    let previous_lines = PreviousLines::open(&jsonl_path);

    let summary = Summary {
        tool_version: TOOL_VERSION,
        inputs: n_inputs,
        documents: 0,
        unchanged: 0,
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
    let manifest = ManifestStream::create(&opts.out_dir.join("manifest.json"), formats, opts.excel_safe)?;

    let pb = progress_bar(inputs.len(), opts.quiet);
    let (mut summary, manifest) = {
        let mut csv = Vec::with_capacity(csv_staged.len());
        for (staged, (_, header)) in csv_staged.iter_mut().zip(CSV_FILES) {
            csv.push(start_csv(staged, header, opts.excel_safe)?);
        }
        let mut writers = Writers { opts, csv, previous_rows, jsonl: jsonl_staged.as_mut(), jsonl_path, previous_lines, summary, manifest };
        convert_all(&pool, &inputs, &mut writers, previous.as_ref(), &pb)?;
        pb.finish_and_clear();
        for (dest, w) in writers.csv {
            w.flush().map_err(|e| Error::io(&dest, e))?;
        }
        (writers.summary, writers.manifest)
    };

    sync_file_system(&opts.out_dir)?;
    for staged in csv_staged {
        staged.commit()?;
    }
    if let Some(j) = jsonl_staged {
        j.commit()?;
    }
    let mut errors = Vec::new();
    for f in &summary.failures {
        errors.extend(serde_json::to_vec(f).unwrap_or_default());
        errors.push(b'\n');
    }
    write_atomic(&opts.out_dir.join("errors.jsonl"), &errors)?;
    manifest.commit()?;
    summary.elapsed_seconds = started.elapsed().as_secs_f64();
    summary.mb_per_second = if summary.elapsed_seconds > 0.0 { summary.input_bytes as f64 / 1e6 / summary.elapsed_seconds } else { 0.0 };
    write_atomic(&opts.out_dir.join("summary.json"), &pretty(&summary))?;
    Ok(summary)
}

fn pretty<T: Serialize>(v: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).unwrap_or_default();
    out.push(b'\n');
    out
}

/// Converts one input; a panic inside extraction (a bug) is caught and reported as that
/// document's failure, so the rest of the batch goes on (SPEC §7).
fn process_one(input: &InputFile, opts: &ConvertOptions, previous: Option<&Manifest>) -> Outcome {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| process_one_unguarded(input, opts, previous))) {
        Ok(outcome) => outcome,
        Err(panic) => {
            let what =
                panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned()).unwrap_or_default();
            Outcome::Failed(Failure {
                path: input.path.to_string_lossy().into_owned(),
                error: format!("{}: internal error while extracting (please report): {what}", input.path.display()),
            })
        }
    }
}

fn process_one_unguarded(input: &InputFile, opts: &ConvertOptions, previous: Option<&Manifest>) -> Outcome {
    let fail = |e: Error| Outcome::Failed(Failure { path: input.path.to_string_lossy().into_owned(), error: e.to_string() });
    let bytes = match pipeline::read_input(input, opts.max_bytes) {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    if let Some(prev) = previous.and_then(|m| m.documents.get(&input.doc_id)) {
        let json_present = !opts.formats.json || document_path(&opts.out_dir, &input.doc_id).is_file();
        let sha256 = pipeline::sha256_hex(&bytes);
        if prev.sha256 == sha256 && json_present {
            let entry = ManifestEntry { path: input.path.to_string_lossy().into_owned(), sha256, encoding: prev.encoding.clone() };
            return Outcome::Unchanged { doc_id: input.doc_id.clone(), entry, bytes: bytes.len() as u64 };
        }
    }
    let doc = match pipeline::process_bytes(&input.doc_id, &input.path.to_string_lossy(), &bytes) {
        Ok(d) => d,
        Err(reason) => return fail(Error::Decode { path: input.path.clone(), reason }),
    };
    if opts.formats.json {
        if let Err(e) = write_document(&document_path(&opts.out_dir, &doc.doc_id), &output::document_json(&doc)) {
            return fail(e);
        }
    }
    Outcome::Converted(Box::new(Converted {
        doc_id: doc.doc_id.clone(),
        json_line: if opts.formats.jsonl { output::document_json_line(&doc) } else { Vec::new() },
        csv: if opts.formats.csv {
            match output::csv_rows(&doc).iter().map(|rows| encode_rows(rows, opts.excel_safe)).collect() {
                Ok(files) => files,
                Err(e) => return fail(e),
            }
        } else {
            vec![Vec::new(); CSV_FILES.len()]
        },
        encoding: doc.source.encoding.as_str(),
        counts: [doc.sections.len(), doc.tables.len(), doc.tasks.len(), doc.agencies.len(), doc.legal_refs.len()],
        bytes: doc.source.bytes,
        manifest: ManifestEntry {
            path: doc.source.path.clone(),
            sha256: doc.source.sha256.clone(),
            encoding: doc.source.encoding.as_str().to_string(),
        },
    }))
}

/// RFC 4180 CSV with a header row; `excel_safe` adds a UTF-8 BOM and neutralises formulas.
pub fn render_csv<S: AsRef<str>>(header: &[&str], rows: &[Vec<S>], excel_safe: bool) -> Result<Vec<u8>> {
    let mut buf: Vec<u8> = Vec::new();
    if excel_safe {
        buf.extend_from_slice("\u{FEFF}".as_bytes());
    }
    buf.extend(encode_rows(&[header], false)?);
    buf.extend(encode_rows(rows, excel_safe)?);
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_paths_never_escape_the_output_directory() {
        let out = Path::new("/tmp/out");
        assert_eq!(document_path(out, "a/b"), PathBuf::from("/tmp/out/documents/a/b.json"));
        assert_eq!(document_path(out, "../../etc/passwd"), PathBuf::from("/tmp/out/documents/etc/passwd.json"));
        assert_eq!(document_path(out, "/abs/x"), PathBuf::from("/tmp/out/documents/abs/x.json"));
    }

    #[test]
    fn streamed_manifest_is_the_pretty_printed_manifest() {
        let entry = |p: &str| ManifestEntry { path: p.into(), sha256: "ab".into(), encoding: "utf-8".into() };
        for ids in [vec![], vec!["a"], vec!["a", "b\"q", "c/d"]] {
            let mut m =
                Manifest { tool_version: TOOL_VERSION.into(), formats: "json,csv".into(), excel_safe: true, documents: BTreeMap::new() };
            let formats = Formats { json: true, csv: true, jsonl: false };
            let mut streamed = manifest_head(formats, true);
            for (i, id) in ids.iter().enumerate() {
                m.documents.insert(id.to_string(), entry(&format!("in/{id}.txt")));
                streamed.push_str(&manifest_entry(i == 0, id, &entry(&format!("in/{id}.txt"))));
            }
            streamed.push_str(manifest_tail(ids.is_empty()));
            assert_eq!(streamed.as_bytes(), pretty(&m).as_slice());
        }
    }

    #[test]
    fn formats_parse() {
        assert_eq!(Formats::parse("json,csv").unwrap(), Formats { json: true, csv: true, jsonl: false });
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
