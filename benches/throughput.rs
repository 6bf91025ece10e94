//! Throughput benchmark (SPEC §8): `vnplan convert` end to end beside the floor, on a scaled corpus.
//!
//! Builds the scaled corpus (copies of `corpus/*.txt`, one copy per subdirectory, until it holds
//! at least 50 MB; with `--10x` also a corpus ten times that size), then measures on the same
//! files in the same run:
//! - the floor: every file read, checked with `is_nfc_quick` (NFC-composed only when the check
//!   does not say yes) and line-counted, in parallel with rayon, nothing else; the median of
//!   three passes;
//! - vnplan: the real binary, `vnplan convert DIR -o OUT --quiet` (read, decode, normalize,
//!   segment, extract, write JSON and CSV), run as its own process so that its peak RSS is the
//!   conversion's alone (from `/usr/bin/time`, or sampled from `/proc/PID/status` without it).
//!
//! It prints files, MB, both throughputs, their ratio, vnplan's wall and CPU time, peak RSS, the
//! load average before and the CPU time other processes took while vnplan ran (from
//! `/proc/stat`), and with `--10x` the 10×/1× throughput ratio (by wall and by CPU time), each
//! against its target.
//!
//! Caveat: the scaled corpus repeats each document many times, so a cache kept across documents
//! hits far more often here than on a corpus of distinct documents and flatters the figure.
//!
//! Run with `cargo bench --bench throughput` (add `-- --10x` for the 10× corpus). Environment:
//! `VNPLAN_BENCH_DIR` (default `target/bench-corpus`), `VNPLAN_BENCH_MB` (size of the 1× corpus,
//! default 50), `VNPLAN_BENCH_10X=1` (same as `--10x`), `VNPLAN_BENCH_OUT` (where the output is
//! written, default beside the corpus; a RAM file system such as `/dev/shm` takes the disk's file
//! system out of the figure). Without `--bench` on the command line
//! (`cargo test --benches`), it only checks that both sides run, on one copy of the corpus.

#[path = "support/corpus.rs"]
mod corpus;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Bytes per MB in every figure printed (the same unit as `summary.json`'s `mb_per_second`).
const MB: f64 = 1e6;
/// Written last into a built corpus directory; a later run with the same stamp reuses it.
const STAMP_FILE: &str = ".bench-corpus";
const FLOOR_PASSES: usize = 3;
const TARGET_RATIO: f64 = 0.40;
const TARGET_PEAK_RSS_MIB: f64 = 64.0;
const TARGET_SCALING: f64 = 0.90;
/// Above this 1-minute load average the machine was not idle before a measurement.
const BUSY_LOAD: f64 = 0.5;
/// Above this share of one core taken by other processes, vnplan's wall time is skewed.
const BUSY_OTHERS: f64 = 0.1;

struct Config {
    root: PathBuf,
    /// Where the output directories are made (default: beside the corpus).
    out_parent: Option<PathBuf>,
    base_mb: u64,
    ten_x: bool,
    /// Not run by `cargo bench`: a quick check instead of a measurement.
    smoke: bool,
}

/// A corpus file: its name and its bytes.
struct Source {
    stem: String,
    bytes: Vec<u8>,
}

/// One corpus size, measured.
struct Row {
    label: String,
    files: usize,
    bytes: u64,
    floor: Duration,
    vnplan: VnplanRun,
    /// The 1-minute load average before the floor.
    load_before: Option<f64>,
}

/// One run of the vnplan binary.
struct VnplanRun {
    elapsed: Duration,
    peak_rss_kib: Option<u64>,
    /// User + system CPU time (all threads).
    cpu_seconds: Option<f64>,
    /// CPU time the rest of the machine used meanwhile.
    others_cpu_seconds: Option<f64>,
    rss_method: &'static str,
}

impl Row {
    fn floor_mb_s(&self) -> f64 {
        self.bytes as f64 / MB / self.floor.as_secs_f64()
    }

    fn vnplan_mb_s(&self) -> f64 {
        self.bytes as f64 / MB / self.vnplan.elapsed.as_secs_f64()
    }

    /// Input MB per second of vnplan CPU time (all threads): unlike wall time, hardly changed
    /// by other work on the machine.
    fn vnplan_mb_per_cpu_s(&self) -> Option<f64> {
        self.vnplan.cpu_seconds.filter(|&c| c > 0.0).map(|c| self.bytes as f64 / MB / c)
    }

    fn peak_rss_mib(&self) -> Option<f64> {
        self.vnplan.peak_rss_kib.map(|kib| kib as f64 / 1024.0)
    }
}

fn config() -> Config {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = std::env::var_os("VNPLAN_BENCH_DIR").map(PathBuf::from).unwrap_or_else(|| manifest_dir.join("target").join("bench-corpus"));
    let base_mb = match std::env::var("VNPLAN_BENCH_MB") {
        Ok(v) => {
            v.trim().parse().ok().filter(|&mb: &u64| mb > 0).unwrap_or_else(|| panic!("VNPLAN_BENCH_MB={v:?} is not a positive integer"))
        }
        Err(_) => 50,
    };
    let ten_x = args.iter().any(|a| a == "--10x") || std::env::var("VNPLAN_BENCH_10X").is_ok_and(|v| v == "1");
    let out_parent = std::env::var_os("VNPLAN_BENCH_OUT").map(PathBuf::from);
    Config { root, out_parent, base_mb, ten_x, smoke: !args.iter().any(|a| a == "--bench") }
}

/// `corpus/*.txt`, sorted by name.
fn read_sources() -> Vec<Source> {
    corpus::corpus_documents()
        .into_iter()
        .map(|(path, bytes)| Source { stem: path.file_stem().expect("file name").to_string_lossy().into_owned(), bytes })
        .collect()
}

/// Fills `dir` with copies of `sources` until it holds at least `min_bytes`: copy `k` is
/// `copy-KKKKK/<stem>-KKKKK.txt`, so every doc_id and file name is distinct. A directory built
/// earlier from the same sources and size is reused. Returns the `.txt` files, sorted.
fn build_corpus(dir: &Path, sources: &[Source], min_bytes: u64) -> Vec<PathBuf> {
    let copy_bytes: u64 = sources.iter().map(|s| s.bytes.len() as u64).sum();
    let copies = min_bytes.div_ceil(copy_bytes).max(1);
    let mut fingerprint = Vec::new();
    for s in sources {
        fingerprint.extend_from_slice(s.stem.as_bytes());
        fingerprint.push(0);
        fingerprint.extend_from_slice(&s.bytes);
    }
    let stamp =
        format!("copies={copies} files={} sources_sha256={}\n", copies * sources.len() as u64, vnplan::pipeline::sha256_hex(&fingerprint));
    let stamp_path = dir.join(STAMP_FILE);
    if fs::read_to_string(&stamp_path).is_ok_and(|s| s == stamp) {
        eprintln!("reusing {} ({copies} copies of the corpus)", dir.display());
    } else {
        eprintln!("building {} ({copies} copies of the corpus)", dir.display());
        if dir.exists() {
            fs::remove_dir_all(dir).unwrap_or_else(|e| panic!("cannot remove {}: {e}", dir.display()));
        }
        for k in 1..=copies {
            let sub = dir.join(format!("copy-{k:05}"));
            fs::create_dir_all(&sub).unwrap_or_else(|e| panic!("cannot create {}: {e}", sub.display()));
            for s in sources {
                let path = sub.join(format!("{}-{k:05}.txt", s.stem));
                fs::write(&path, &s.bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
            }
        }
        fs::write(&stamp_path, stamp).unwrap_or_else(|e| panic!("cannot write {}: {e}", stamp_path.display()));
    }
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("corpus walk").into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// The floor: read, NFC (checked, composed only when needed), count lines; in parallel, nothing
/// else. Returns the bytes and lines seen.
fn floor_pass(files: &[PathBuf]) -> (u64, usize) {
    files
        .par_iter()
        .map(|path| {
            let bytes = fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let text = String::from_utf8_lossy(&bytes);
            let lines = match is_nfc_quick(text.chars()) {
                IsNormalized::Yes => text.lines().count(),
                _ => text.nfc().collect::<String>().lines().count(),
            };
            (bytes.len() as u64, lines)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
}

/// The median time of `passes` floor passes over `files`.
fn measure_floor(files: &[PathBuf], passes: usize) -> Duration {
    let mut times: Vec<Duration> = (0..passes)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(floor_pass(files));
            started.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// `VmHWM` (peak resident set) of a live process, in KiB.
fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The 1-minute load average: other work on the machine skews every figure.
fn load_average() -> Option<f64> {
    fs::read_to_string("/proc/loadavg").ok()?.split_whitespace().next()?.parse().ok()
}

/// CPU seconds all processes have used since boot (`/proc/stat`, in USER_HZ = 1/100 s).
fn machine_busy_seconds() -> Option<f64> {
    let stat = fs::read_to_string("/proc/stat").ok()?;
    let ticks: Vec<u64> = stat.lines().next()?.split_whitespace().skip(1).filter_map(|f| f.parse().ok()).collect();
    // user nice system idle iowait irq softirq steal (guest time is already in user).
    let busy = [0, 1, 2, 5, 6, 7].iter().map(|&i| ticks.get(i).copied().unwrap_or(0)).sum::<u64>();
    (ticks.len() >= 8).then(|| busy as f64 / 100.0)
}

/// Runs `vnplan convert input -o out --quiet` and measures it. Panics when the conversion fails
/// or misses a document.
fn run_vnplan(input: &Path, out: &Path, expected_documents: usize) -> VnplanRun {
    let exe = env!("CARGO_BIN_EXE_vnplan");
    let gnu_time = Path::new("/usr/bin/time");
    let use_gnu_time = gnu_time.exists();
    let time_file = out.with_extension("time");
    let mut cmd = if use_gnu_time {
        let mut c = Command::new(gnu_time);
        c.arg("-f").arg("%M %U %S").arg("-o").arg(&time_file).arg(exe);
        c
    } else {
        Command::new(exe)
    };
    cmd.arg("convert").arg(input).arg("-o").arg(out).arg("--quiet").stdout(Stdio::null());

    let busy_before = machine_busy_seconds();
    let started = Instant::now();
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {exe}: {e}"));
    let mut sampled: Option<u64> = None;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for vnplan") {
            break status;
        }
        if !use_gnu_time {
            sampled = sampled.max(vm_hwm_kib(child.id()));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = started.elapsed();
    let busy = busy_before.zip(machine_busy_seconds()).map(|(before, after)| after - before);
    assert!(status.success(), "vnplan convert {} failed ({status}); its messages are above", input.display());

    let run = if use_gnu_time {
        // GNU time writes the format on the last line (after a note when the exit status is not 0).
        let text = fs::read_to_string(&time_file).unwrap_or_default();
        let _ = fs::remove_file(&time_file);
        let fields: Vec<f64> = text.lines().last().unwrap_or("").split_whitespace().filter_map(|f| f.parse().ok()).collect();
        let cpu_seconds = (fields.len() == 3).then(|| fields[1] + fields[2]);
        VnplanRun {
            elapsed,
            peak_rss_kib: fields.first().map(|&kib| kib as u64),
            cpu_seconds,
            others_cpu_seconds: busy.zip(cpu_seconds).map(|(all, own)| (all - own).max(0.0)),
            rss_method: "/usr/bin/time",
        }
    } else {
        VnplanRun { elapsed, peak_rss_kib: sampled, cpu_seconds: None, others_cpu_seconds: None, rss_method: "VmHWM sampled every 5 ms" }
    };

    let summary_path = out.join("summary.json");
    let summary: serde_json::Value = serde_json::from_slice(&fs::read(&summary_path).unwrap_or_default())
        .unwrap_or_else(|e| panic!("cannot parse {}: {e}", summary_path.display()));
    let documents = summary["documents"].as_u64().unwrap_or(0) as usize;
    assert_eq!(documents, expected_documents, "vnplan converted {documents} of {expected_documents} documents");
    run
}

/// Builds the corpus of at least `min_bytes` in `dir` and measures both sides on it.
fn measure(label: &str, dir: &Path, out_parent: Option<&Path>, sources: &[Source], min_bytes: u64, floor_passes: usize) -> Row {
    let files = build_corpus(dir, sources, min_bytes);
    let bytes: u64 = files.iter().map(|f| fs::metadata(f).map(|m| m.len()).unwrap_or(0)).sum();
    let load_before = load_average();
    eprintln!("{label}: {} files, {:.1} MB: floor ...", files.len(), bytes as f64 / MB);
    let floor = measure_floor(&files, floor_passes);
    eprintln!("{label}: vnplan convert ...");
    let parent = out_parent.unwrap_or_else(|| dir.parent().unwrap_or(Path::new(".")));
    let out = tempfile::Builder::new().prefix("out-").tempdir_in(parent).expect("output directory");
    let vnplan = run_vnplan(dir, &out.path().join("out"), files.len());
    Row { label: label.to_string(), files: files.len(), bytes, floor, vnplan, load_before }
}

fn print_report(rows: &[Row]) {
    println!();
    println!("vnplan throughput ({} threads)", rayon::current_num_threads());
    println!(
        "{:<6} {:>7} {:>9} {:>9} {:>11} {:>10} {:>12} {:>7} {:>14} {:>12} {:>11} {:>13}",
        "corpus",
        "files",
        "MB",
        "floor s",
        "floor MB/s",
        "vnplan s",
        "vnplan MB/s",
        "ratio",
        "peak RSS MiB",
        "vnplan CPU s",
        "load before",
        "others' CPU s"
    );
    for r in rows {
        println!(
            "{:<6} {:>7} {:>9.1} {:>9.2} {:>11.1} {:>10.2} {:>12.2} {:>6.1}% {:>14} {:>12} {:>11} {:>13}",
            r.label,
            r.files,
            r.bytes as f64 / MB,
            r.floor.as_secs_f64(),
            r.floor_mb_s(),
            r.vnplan.elapsed.as_secs_f64(),
            r.vnplan_mb_s(),
            100.0 * r.vnplan_mb_s() / r.floor_mb_s(),
            r.peak_rss_mib().map_or("n/a".to_string(), |m| format!("{m:.1}")),
            fmt_option(r.vnplan.cpu_seconds),
            fmt_option(r.load_before),
            fmt_option(r.vnplan.others_cpu_seconds),
        );
    }
    println!(
        "(floor: median of {FLOOR_PASSES} passes; peak RSS: the vnplan process, by {}; load: 1-minute load average before the \
         floor; others' CPU: used by other processes while vnplan ran)",
        rows[0].vnplan.rss_method
    );
    let busy = |r: &Row| {
        r.load_before.is_some_and(|l| l > BUSY_LOAD)
            || r.vnplan.others_cpu_seconds.is_some_and(|o| o > BUSY_OTHERS * r.vnplan.elapsed.as_secs_f64())
    };
    if rows.iter().any(busy) {
        println!("warning: the machine was not idle: other work shared the cores and wall-clock figures are low; compare CPU time");
    }
    println!();
    let base = &rows[0];
    let ratio = base.vnplan_mb_s() / base.floor_mb_s();
    print_target(
        &format!("vnplan >= {:.0}% of the floor", 100.0 * TARGET_RATIO),
        Some(format!("{:.1}%", 100.0 * ratio)),
        ratio >= TARGET_RATIO,
    );
    let peak = base.peak_rss_mib();
    print_target(
        &format!("peak RSS (1x) <= {TARGET_PEAK_RSS_MIB:.0} MiB"),
        peak.map(|m| format!("{m:.1} MiB")),
        peak.is_some_and(|m| m <= TARGET_PEAK_RSS_MIB),
    );
    match rows.get(1) {
        Some(big) => {
            let scaling = big.vnplan_mb_s() / base.vnplan_mb_s();
            print_target(&format!("throughput 10x/1x >= {TARGET_SCALING:.2}"), Some(format!("{scaling:.2}")), scaling >= TARGET_SCALING);
            if let (Some(a), Some(b)) = (base.vnplan_mb_per_cpu_s(), big.vnplan_mb_per_cpu_s()) {
                println!("{:<36} {:>10}", "MB per CPU second 10x/1x", format!("{:.2}", b / a));
            }
            if let (Some(a), Some(b)) = (base.peak_rss_mib(), big.peak_rss_mib()) {
                println!("{:<36} {:>10}", "peak RSS 10x/1x", format!("{:.2}", b / a));
            }
        }
        None => println!("{:<36} {:>10}  (run with -- --10x)", format!("target: throughput 10x/1x >= {TARGET_SCALING:.2}"), "-"),
    }
}

fn fmt_option(value: Option<f64>) -> String {
    value.map_or("n/a".to_string(), |v| format!("{v:.2}"))
}

fn print_target(what: &str, value: Option<String>, met: bool) {
    let verdict = match (&value, met) {
        (None, _) => "not measured",
        (Some(_), true) => "ok",
        (Some(_), false) => "MISSED",
    };
    println!("{:<36} {:>10}  {verdict}", format!("target: {what}"), value.unwrap_or_else(|| "n/a".into()));
}

fn main() {
    let cfg = config();
    let sources = read_sources();
    if cfg.smoke {
        let dir = tempfile::tempdir().expect("temporary directory");
        let row = measure("smoke", &dir.path().join("corpus"), None, &sources, 1, 1);
        assert_eq!(row.files, sources.len());
        println!("throughput smoke check: {} files converted; run `cargo bench --bench throughput` to measure", row.files);
        return;
    }
    let base_bytes = cfg.base_mb * MB as u64;
    let out_parent = cfg.out_parent.as_deref();
    let mut rows = vec![measure("1x", &cfg.root.join("1x"), out_parent, &sources, base_bytes, FLOOR_PASSES)];
    if cfg.ten_x {
        rows.push(measure("10x", &cfg.root.join("10x"), out_parent, &sources, 10 * base_bytes, FLOOR_PASSES));
    }
    print_report(&rows);
}
