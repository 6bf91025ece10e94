//! The `vnplan` binary: parses arguments, calls the library, maps the result to an exit code.
//!
//! Exit codes: 0 = everything processed; 2 = some documents failed (listed in
//! `OUT_DIR/errors.jsonl`); 1 = nothing could be done (bad arguments, unreadable input list,
//! unwritable output).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use vnplan::batch::{self, ConvertOptions, Formats};
use vnplan::pipeline::DEFAULT_MAX_BYTES;
use vnplan::{eval, evaluate, normalize, pipeline};

#[derive(Parser)]
#[command(
    name = "vnplan",
    version,
    about = "Turns Vietnamese government plan documents into structured JSON and CSV",
    long_about = "vnplan reads plan documents (Kế hoạch, Chương trình, Quyết định with annexed plans) as \
plain text (.txt or .md; UTF-8, UTF-16, Windows-1258, TCVN3 or VNI), normalizes the Vietnamese text, \
segments sections and appendix tables, and extracts tasks, agencies, deadlines and legal references."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert documents to one JSON per document plus relational CSV files.
    ///
    /// Writes OUT_DIR/documents/<doc_id>.json, documents.csv, sections.csv, tables.csv, tasks.csv,
    /// task_agencies.csv, agencies.csv, legal_refs.csv, errors.jsonl, summary.json and
    /// manifest.json. A file that cannot be processed is listed in errors.jsonl and the rest of
    /// the batch completes (exit code 2).
    Convert {
        /// Files or directories (walked recursively for .txt and .md files).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output directory (created if missing).
        #[arg(short, long)]
        out: PathBuf,
        /// Number of worker threads (default: one per core). Output is identical for any value.
        #[arg(short, long)]
        jobs: Option<usize>,
        /// Output formats, comma separated: json, csv, jsonl.
        #[arg(long, default_value = "json,csv")]
        format: String,
        /// Process only the documents whose doc_id hashes to shard I of N (e.g. 0/4).
        #[arg(long, value_name = "I/N")]
        shard: Option<String>,
        /// Make CSV files safe to open in spreadsheets: UTF-8 BOM, formula-like cells prefixed.
        #[arg(long)]
        excel_safe: bool,
        /// No progress bar.
        #[arg(short, long)]
        quiet: bool,
        /// Skip documents unchanged since the previous run into OUT_DIR (same content hash and
        /// tool version, per OUT_DIR/manifest.json); their rows are kept in the CSV files.
        #[arg(long)]
        incremental: bool,
        /// Skip (and report) input files larger than this many bytes.
        #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
        max_bytes: u64,
    },
    /// Score the extraction against hand-labelled gold files (<doc_id>.gold.json).
    Eval {
        /// Directory of gold files.
        #[arg(long)]
        gold: PathBuf,
        /// Files or directories to run the pipeline on.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Print the report as JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print the normalized text of one file (what extraction sees).
    Normalize {
        /// The input file.
        file: PathBuf,
    },
}

fn parse_shard(s: &str) -> Result<(u64, u64), String> {
    let (i, n) = s.split_once('/').ok_or_else(|| format!("--shard {s:?}: expected I/N, e.g. 0/4"))?;
    let i: u64 = i.trim().parse().map_err(|_| format!("--shard {s:?}: I is not a number"))?;
    let n: u64 = n.trim().parse().map_err(|_| format!("--shard {s:?}: N is not a number"))?;
    if n == 0 || i >= n {
        return Err(format!("--shard {s:?}: need 0 <= I < N"));
    }
    Ok((i, n))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Convert { inputs, out, jobs, format, shard, excel_safe, quiet, incremental, max_bytes } => {
            let formats = match Formats::parse(&format) {
                Ok(f) => f,
                Err(e) => return usage_error(&e),
            };
            let shard = match shard.as_deref().map(parse_shard).transpose() {
                Ok(s) => s,
                Err(e) => return usage_error(&e),
            };
            let opts = ConvertOptions { inputs, out_dir: out, jobs, formats, shard, excel_safe, quiet, max_bytes, incremental };
            match batch::convert(&opts) {
                Ok(summary) => {
                    if !quiet {
                        eprintln!(
                            "vnplan: {} documents ({} unchanged), {} tasks, {} legal references; {} failed; {:.2} s ({:.1} MB/s)",
                            summary.documents,
                            summary.unchanged,
                            summary.tasks,
                            summary.legal_refs,
                            summary.failed,
                            summary.elapsed_seconds,
                            summary.mb_per_second
                        );
                    }
                    for f in &summary.failures {
                        eprintln!("vnplan: failed: {}", f.error);
                    }
                    if summary.failed > 0 {
                        ExitCode::from(2)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(e) => fatal(&e.to_string()),
            }
        }
        Command::Eval { gold, inputs, json } => match evaluate::evaluate(&gold, &inputs) {
            Ok((report, failures)) => {
                for f in &failures {
                    eprintln!("vnplan: failed: {f}");
                }
                if json {
                    match serde_json::to_string_pretty(&report) {
                        Ok(s) => println!("{s}"),
                        Err(e) => return fatal(&e.to_string()),
                    }
                } else {
                    print!("{}", eval::render_table(&report));
                }
                ExitCode::SUCCESS
            }
            Err(e) => fatal(&e.to_string()),
        },
        Command::Normalize { file } => {
            let input = pipeline::InputFile { doc_id: String::new(), path: file.clone() };
            let bytes = match std::fs::read(&input.path) {
                Ok(b) => b,
                Err(e) => return fatal(&format!("{}: {e}", file.display())),
            };
            match vnplan::decode::decode(&bytes) {
                Ok(d) => {
                    print!("{}", normalize::normalize_to_string(&d.text));
                    ExitCode::SUCCESS
                }
                Err(e) => fatal(&format!("{}: {e}", file.display())),
            }
        }
    }
}

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("vnplan: {msg}");
    ExitCode::from(1)
}

fn fatal(msg: &str) -> ExitCode {
    eprintln!("vnplan: {msg}");
    ExitCode::from(1)
}
