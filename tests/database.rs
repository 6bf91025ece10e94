//! Loading the relational CSV output into real databases (SPEC §5, schemas/CSV.md).
//!
//! The corpus is converted with the real binary. Its CSV files are loaded into SQLite (the
//! copy bundled with rusqlite) with `schemas/sqlite.sql` applied as written, the way the sqlite3
//! shell's `.import` does it: one INSERT per record, every field bound as text, an empty field
//! as '' (so the schema's triggers must turn it into NULL). Checked: one table per CSV file with
//! the same columns in the same order, every record arrives unchanged, empty fields become NULL,
//! `PRAGMA foreign_key_check` is empty, rows whose parent is missing are caught, and the README's
//! example queries run. The same files are loaded into a throwaway PostgreSQL server with
//! `scripts/load-postgres.sh --temp-server`: the row counts, the keys, the indexes and the
//! README queries' results must match SQLite's, and a dangling key must abort the load.
//! Also checked here: `--format jsonl` writes one line per document, equal to its
//! `documents/<doc_id>.json`.
//!
//! Without PostgreSQL server programs the PostgreSQL test prints a SKIPPED line and passes,
//! unless VNPLAN_REQUIRE_POSTGRES=1 (set by .ci/run when it has installed PostgreSQL).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rusqlite::types::ValueRef;
use rusqlite::Connection;

/// The tables of both schemas, one per CSV file.
const TABLES: [&str; 7] = ["agencies", "documents", "legal_refs", "sections", "tables", "task_agencies", "tasks"];

/// Tables whose rows belong to a document (foreign key `doc_id` → documents).
const CHILD_TABLES: [&str; 6] = ["agencies", "legal_refs", "sections", "tables", "task_agencies", "tasks"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Converts the bundled corpus with the real binary into `out` (JSON, CSV and JSONL).
fn convert_corpus(out: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_vnplan"))
        .arg("convert")
        .arg(root().join("corpus"))
        .arg("-o")
        .arg(out)
        .args(["--quiet", "--format", "json,csv,jsonl"])
        .output()
        .expect("run vnplan");
    assert!(output.status.success(), "vnplan convert failed: {}", String::from_utf8_lossy(&output.stderr));
}

/// One CSV file of the output: the table it is for, its header and its records.
#[derive(Clone)]
struct CsvFile {
    table: String,
    header: Vec<String>,
    records: Vec<Vec<String>>,
}

/// Every `*.csv` file of `out`, in file-name order, read with an RFC 4180 reader (which
/// also rejects a record whose field count differs from the header's).
fn read_csv_files(out: &Path) -> Vec<CsvFile> {
    let mut paths: Vec<PathBuf> = fs::read_dir(out)
        .expect("read output directory")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let mut reader = csv::Reader::from_path(path).expect("open CSV");
            let header = reader.headers().expect("CSV header").iter().map(String::from).collect();
            let records = reader
                .records()
                .map(|r| r.unwrap_or_else(|e| panic!("{}: {e}", path.display())).iter().map(String::from).collect())
                .collect();
            CsvFile { table: path.file_stem().expect("file stem").to_string_lossy().into_owned(), header, records }
        })
        .collect()
}

/// Writes `files` as vnplan does (RFC 4180, CRLF) into `dir`.
fn write_csv_files(dir: &Path, files: &[CsvFile]) {
    fs::create_dir_all(dir).expect("create directory");
    for f in files {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_path(dir.join(format!("{}.csv", f.table)))
            .expect("create CSV");
        w.write_record(&f.header).expect("write header");
        for r in &f.records {
            w.write_record(r).expect("write record");
        }
        w.flush().expect("flush CSV");
    }
}

/// `files` with every record of the named tables removed.
fn without_rows_of(files: &[CsvFile], tables: &[&str]) -> Vec<CsvFile> {
    let mut files = files.to_vec();
    for f in &mut files {
        if tables.contains(&f.table.as_str()) {
            f.records.clear();
        }
    }
    files
}

fn record_counts(files: &[CsvFile]) -> BTreeMap<String, usize> {
    files.iter().map(|f| (f.table.clone(), f.records.len())).collect()
}

/// `conn` with `schemas/sqlite.sql` applied as written and foreign keys enforced.
fn sqlite_with_schema(conn: Connection) -> Connection {
    let schema = fs::read_to_string(root().join("schemas/sqlite.sql")).expect("read schemas/sqlite.sql");
    conn.execute_batch(&schema).expect("apply schemas/sqlite.sql");
    conn.pragma_update(None, "foreign_keys", true).expect("enable foreign keys");
    conn
}

/// Loads `files` the way the sqlite3 shell's `.import` loads into existing tables: one INSERT
/// per record with every field bound as text (an empty field as ''), all files in one
/// transaction, in the order given. On error the transaction is rolled back.
fn load_sqlite(conn: &mut Connection, files: &[CsvFile]) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    for f in files {
        let marks = vec!["?"; f.header.len()].join(", ");
        let mut insert = tx.prepare(&format!("INSERT INTO \"{}\" VALUES ({marks})", f.table))?;
        for record in &f.records {
            insert.execute(rusqlite::params_from_iter(record))?;
        }
    }
    tx.commit()
}

/// A value as the text a CSV field holds; None for NULL.
fn sql_text(value: ValueRef<'_>) -> Option<String> {
    match value {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Text(t) => Some(String::from_utf8(t.to_vec()).expect("UTF-8 text")),
        other => panic!("unexpected SQLite value {other:?}: no column holds reals or blobs"),
    }
}

fn sqlite_rows(conn: &Connection, sql: &str) -> Vec<Vec<Option<String>>> {
    let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{e}: {sql}"));
    let n = stmt.column_count();
    let rows = stmt.query_map([], |row| (0..n).map(|i| row.get_ref(i).map(sql_text)).collect()).unwrap_or_else(|e| panic!("{e}: {sql}"));
    rows.collect::<rusqlite::Result<_>>().unwrap_or_else(|e| panic!("{e}: {sql}"))
}

/// Rows with NULL written as "", as psql's CSV output writes it.
fn as_csv_text(rows: Vec<Vec<Option<String>>>) -> Vec<Vec<String>> {
    rows.into_iter().map(|r| r.into_iter().map(Option::unwrap_or_default).collect()).collect()
}

fn sqlite_strings(conn: &Connection, sql: &str) -> Vec<String> {
    sqlite_rows(conn, sql).into_iter().map(|r| r.into_iter().next().flatten().expect("a non-NULL first column")).collect()
}

/// (child table, parent table, child columns) of every foreign key.
fn sqlite_foreign_keys(conn: &Connection) -> BTreeSet<Vec<String>> {
    let mut keys = BTreeSet::new();
    for table in TABLES {
        let mut by_id: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
        let sql = format!("SELECT id, \"table\", \"from\" FROM pragma_foreign_key_list('{table}') ORDER BY id, seq");
        for row in as_csv_text(sqlite_rows(conn, &sql)) {
            let entry = by_id.entry(row[0].clone()).or_insert_with(|| (row[1].clone(), Vec::new()));
            entry.1.push(row[2].clone());
        }
        for (parent, columns) in by_id.into_values() {
            keys.insert(vec![table.to_string(), parent, columns.join(",")]);
        }
    }
    keys
}

/// (table, primary-key columns) of every table.
fn sqlite_primary_keys(conn: &Connection) -> BTreeSet<Vec<String>> {
    TABLES
        .iter()
        .map(|table| {
            let sql = format!("SELECT name FROM pragma_table_info('{table}') WHERE pk > 0 ORDER BY pk");
            vec![table.to_string(), sqlite_strings(conn, &sql).join(",")]
        })
        .collect()
}

/// (table, leading column) of every index, primary-key indexes included.
fn sqlite_index_leads(conn: &Connection) -> BTreeSet<Vec<String>> {
    let mut leads = BTreeSet::new();
    for table in TABLES {
        for index in sqlite_strings(conn, &format!("SELECT name FROM pragma_index_list('{table}')")) {
            let sql = format!("SELECT name FROM pragma_index_info('{index}') WHERE seqno = 0");
            for column in sqlite_strings(conn, &sql) {
                leads.insert(vec![table.to_string(), column]);
            }
        }
    }
    leads
}

/// The ```sql blocks of the README's "## Loading into a database" section.
fn readme_queries() -> Vec<String> {
    let readme = fs::read_to_string(root().join("README.md")).expect("read README.md");
    let start = readme.find("\n## Loading into a database\n").expect("README.md has a section \"## Loading into a database\"");
    let section = &readme[start + 1..];
    let section = section.find("\n## ").map_or(section, |end| &section[..end]);
    let queries: Vec<String> =
        section.split("```sql\n").skip(1).map(|block| block.split("```").next().unwrap_or_default().trim().to_string()).collect();
    assert!(queries.len() >= 3, "the README shows at least three example queries");
    for q in &queries {
        assert!(q.ends_with(';'), "a README query ends with ';' (psql needs it): {q}");
    }
    queries
}

/// Writes to the terminal directly, so that the line shows even when the test passes.
fn tell(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{message}");
}

/// Runs `scripts/load-postgres.sh --temp-server`; None (after saying why) when this machine
/// has no PostgreSQL and VNPLAN_REQUIRE_POSTGRES is not 1.
fn load_postgres_temp_server(out: &Path, sql: Option<&Path>) -> Option<Output> {
    let mut cmd = Command::new("bash");
    cmd.arg(root().join("scripts/load-postgres.sh")).arg("--temp-server");
    if let Some(sql) = sql {
        cmd.arg("--sql").arg(sql);
    }
    let output = cmd.arg(out).output().expect("run bash scripts/load-postgres.sh");
    if output.status.code() == Some(77) {
        let why = String::from_utf8_lossy(&output.stderr).trim().to_string();
        if std::env::var("VNPLAN_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
            panic!("VNPLAN_REQUIRE_POSTGRES=1 but the PostgreSQL load was skipped: {why}");
        }
        tell(&format!("SKIPPED: the PostgreSQL load test did not run: {why}"));
        return None;
    }
    Some(output)
}

/// `<table><TAB><rows>` lines of a load script's output.
fn parse_counts(stdout: &str) -> BTreeMap<String, usize> {
    stdout
        .lines()
        .take_while(|l| !l.starts_with("--- "))
        .map(|l| {
            let (table, n) = l.split_once('\t').unwrap_or_else(|| panic!("not a count line: {l:?}"));
            (table.to_string(), n.parse().unwrap_or_else(|_| panic!("not a count: {l:?}")))
        })
        .collect()
}

/// The results that follow the `--- <label>` lines (written by `\echo`) of psql's CSV output.
fn parse_labelled_results(stdout: &str) -> BTreeMap<String, Vec<Vec<String>>> {
    let mut results = BTreeMap::new();
    let mut label: Option<String> = None;
    let mut body = String::new();
    let mut finish = |label: Option<String>, body: &str| {
        if let Some(label) = label {
            let rows = csv::Reader::from_reader(body.as_bytes())
                .records()
                .map(|r| r.expect("psql CSV record").iter().map(String::from).collect())
                .collect();
            results.insert(label, rows);
        }
    };
    for line in stdout.split_inclusive('\n') {
        if let Some(next) = line.strip_prefix("--- ") {
            finish(label.take(), &body);
            label = Some(next.trim_end().to_string());
            body.clear();
        } else if label.is_some() {
            body.push_str(line);
        }
    }
    finish(label, &body);
    results
}

#[test]
fn corpus_csv_loads_into_sqlite_unchanged_and_answers_the_readme_queries() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    convert_corpus(&out);
    let files = read_csv_files(&out);
    let db = dir.path().join("plans.db");
    let mut conn = sqlite_with_schema(Connection::open(&db).expect("open SQLite database"));

    // One table per CSV file, with the file's columns in the file's order.
    let csv_tables: Vec<&str> = files.iter().map(|f| f.table.as_str()).collect();
    assert_eq!(csv_tables, TABLES, "one CSV file per table");
    let schema_tables = sqlite_strings(&conn, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
    assert_eq!(schema_tables, TABLES, "one table per CSV file in schemas/sqlite.sql");
    for f in &files {
        let columns = sqlite_strings(&conn, &format!("SELECT name FROM pragma_table_info('{}') ORDER BY cid", f.table));
        assert_eq!(columns, f.header, "{}: table columns vs CSV header", f.table);
    }

    // Files in name order load children before their parents: the deferred keys are checked
    // at COMMIT.
    load_sqlite(&mut conn, &files).unwrap_or_else(|e| panic!("loading the corpus CSV into SQLite failed: {e}"));

    // Every record arrived, field by field; an empty field is NULL, nothing else is.
    let mut n_null = 0;
    for f in &files {
        assert!(!f.records.is_empty(), "{}.csv has rows for the corpus", f.table);
        let rows = sqlite_rows(&conn, &format!("SELECT * FROM \"{}\" ORDER BY rowid", f.table));
        assert_eq!(rows.len(), f.records.len(), "{}: rows loaded vs CSV records", f.table);
        for (i, (row, record)) in rows.iter().zip(&f.records).enumerate() {
            for ((column, value), field) in f.header.iter().zip(row).zip(record) {
                let expected = Some(field.clone()).filter(|s| !s.is_empty());
                assert_eq!(value, &expected, "{}.csv record {}, column {column}", f.table, i + 1);
                n_null += usize::from(value.is_none());
            }
        }
    }
    assert!(n_null > 0, "the corpus has absent values, so some NULLs were loaded");
    let dangling = sqlite_rows(&conn, "PRAGMA foreign_key_check");
    assert!(dangling.is_empty(), "rows whose foreign key does not resolve: {dangling:?}");

    // The per-document counts of documents.csv agree with the rows of the other files.
    for table in ["sections", "tables", "tasks", "agencies", "legal_refs"] {
        let sql = format!(
            "SELECT d.doc_id FROM documents d WHERE d.\"{table}\" <> (SELECT count(*) FROM \"{table}\" x WHERE x.doc_id = d.doc_id)"
        );
        assert_eq!(sqlite_rows(&conn, &sql), Vec::<Vec<Option<String>>>::new(), "documents.{table} vs {table}.csv");
    }

    for query in readme_queries() {
        let rows = sqlite_rows(&conn, &query);
        assert!(!rows.is_empty(), "README example returns no rows on the corpus:\n{query}");
    }

    // scripts/load-sqlite.sh, the sqlite3 shell recipe, loads the same rows.
    if Command::new("sqlite3").arg("--version").output().is_err() {
        tell("SKIPPED: scripts/load-sqlite.sh not checked: no sqlite3 shell on PATH");
        return;
    }
    let script = Command::new("bash")
        .arg(root().join("scripts/load-sqlite.sh"))
        .arg(&out)
        .arg(dir.path().join("shell.db"))
        .output()
        .expect("run bash scripts/load-sqlite.sh");
    assert!(script.status.success(), "scripts/load-sqlite.sh failed: {}", String::from_utf8_lossy(&script.stderr));
    assert_eq!(parse_counts(&String::from_utf8_lossy(&script.stdout)), record_counts(&files));
}

#[test]
fn sqlite_foreign_keys_catch_rows_whose_parent_is_missing() {
    let dir = tempfile::tempdir().expect("tempdir");
    convert_corpus(dir.path());
    let files = read_csv_files(dir.path());
    let cases: [(&[&str], Vec<[&str; 2]>); 2] = [
        (&["documents"], CHILD_TABLES.iter().map(|&child| [child, "documents"]).collect()),
        (&["tasks", "agencies"], vec![["task_agencies", "tasks"], ["task_agencies", "agencies"]]),
    ];
    for (dropped, expected) in cases {
        let broken = without_rows_of(&files, dropped);

        let mut conn = sqlite_with_schema(Connection::open_in_memory().expect("open SQLite"));
        let err = load_sqlite(&mut conn, &broken).expect_err("a load without the parent rows fails at COMMIT");
        assert!(err.to_string().contains("FOREIGN KEY constraint failed"), "{err}");
        let left = sqlite_strings(&conn, "SELECT count(*) FROM task_agencies");
        assert_eq!(left, ["0"], "the failed load was rolled back");

        conn.pragma_update(None, "foreign_keys", false).expect("disable foreign keys");
        load_sqlite(&mut conn, &broken).expect("loads with foreign keys off");
        let found: BTreeSet<[String; 2]> =
            as_csv_text(sqlite_rows(&conn, "PRAGMA foreign_key_check")).into_iter().map(|r| [r[0].clone(), r[2].clone()]).collect();
        let expected: BTreeSet<[String; 2]> = expected.iter().map(|p| p.map(String::from)).collect();
        assert_eq!(found, expected, "(child, parent) pairs reported after dropping {dropped:?}");
    }
}

#[test]
fn sqlite_schema_has_the_keys_and_indexes_an_analyst_needs() {
    let conn = sqlite_with_schema(Connection::open_in_memory().expect("open SQLite"));
    let primary: BTreeSet<Vec<String>> = [
        ("agencies", "doc_id,agency_id"),
        ("documents", "doc_id"),
        ("legal_refs", "doc_id,ref_id"),
        ("sections", "doc_id,section_id"),
        ("tables", "doc_id,table_id"),
        ("task_agencies", "doc_id,task_id,role,position"),
        ("tasks", "doc_id,task_id"),
    ]
    .iter()
    .map(|(t, k)| vec![t.to_string(), k.to_string()])
    .collect();
    assert_eq!(sqlite_primary_keys(&conn), primary);

    let foreign = sqlite_foreign_keys(&conn);
    for child in CHILD_TABLES {
        assert!(foreign.contains(&vec![child.into(), "documents".into(), "doc_id".into()]), "{child} → documents");
    }
    for (parent, columns) in [("tasks", "doc_id,task_id"), ("agencies", "doc_id,agency_id")] {
        let key = vec!["task_agencies".to_string(), parent.to_string(), columns.to_string()];
        assert!(foreign.contains(&key), "task_agencies → {parent}");
    }

    let plan = |sql: &str| -> String {
        as_csv_text(sqlite_rows(&conn, &format!("EXPLAIN QUERY PLAN {sql}")))
            .into_iter()
            .map(|r| r[3].clone())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let by_deadline = plan("SELECT * FROM tasks WHERE deadline_end BETWEEN '2025-01-01' AND '2025-01-31'");
    assert!(by_deadline.contains("USING INDEX") && by_deadline.contains("(deadline_end>? AND deadline_end<?)"), "{by_deadline}");
    let by_name = plan("SELECT * FROM agencies WHERE name = 'Sở Tài chính'");
    assert!(by_name.contains("USING INDEX") && by_name.contains("(name=?)"), "{by_name}");
}

#[test]
fn corpus_csv_loads_into_postgres_like_into_sqlite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    convert_corpus(&out);
    let files = read_csv_files(&out);
    let queries = readme_queries();

    // What PostgreSQL is asked after the load: the README queries and its catalog.
    let mut sql = String::new();
    for (i, q) in queries.iter().enumerate() {
        sql.push_str(&format!("\\echo '--- readme {}'\n{q}\n", i + 1));
    }
    sql.push_str(
        r"\echo '--- tables'
SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1;
\echo '--- primary keys'
SELECT c.conrelid::regclass::text,
       (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY AS k (attnum, n)
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum)
FROM pg_constraint c WHERE c.contype = 'p' AND c.connamespace = 'public'::regnamespace;
\echo '--- foreign keys'
SELECT c.conrelid::regclass::text, c.confrelid::regclass::text,
       (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY AS k (attnum, n)
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum)
FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace;
\echo '--- index leads'
SELECT DISTINCT t.relname, a.attname
FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
WHERE n.nspname = 'public';
",
    );
    let sql_path = dir.path().join("queries.sql");
    fs::write(&sql_path, sql).expect("write queries.sql");

    let Some(output) = load_postgres_temp_server(&out, Some(&sql_path)) else {
        return;
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "scripts/load-postgres.sh --temp-server failed:\n{}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(parse_counts(&stdout), record_counts(&files), "PostgreSQL rows per table vs CSV records");

    // The same data in SQLite, to compare query results, keys and indexes.
    let mut sqlite = sqlite_with_schema(Connection::open_in_memory().expect("open SQLite"));
    load_sqlite(&mut sqlite, &files).expect("load SQLite");
    let results = parse_labelled_results(&stdout);
    let set = |label: &str| -> BTreeSet<Vec<String>> { results[label].iter().cloned().collect() };
    for (i, q) in queries.iter().enumerate() {
        let label = format!("readme {}", i + 1);
        assert_eq!(results[&label], as_csv_text(sqlite_rows(&sqlite, q)), "PostgreSQL vs SQLite:\n{q}");
    }
    assert_eq!(set("tables"), TABLES.iter().map(|t| vec![t.to_string()]).collect());
    assert_eq!(set("primary keys"), sqlite_primary_keys(&sqlite), "primary keys: postgres.sql vs sqlite.sql");
    assert_eq!(set("foreign keys"), sqlite_foreign_keys(&sqlite), "foreign keys: postgres.sql vs sqlite.sql");
    assert_eq!(set("index leads"), sqlite_index_leads(&sqlite), "indexes: postgres.sql vs sqlite.sql");

    // A task_agencies row whose agency is missing aborts the whole load.
    let broken = dir.path().join("broken");
    write_csv_files(&broken, &without_rows_of(&files, &["agencies"]));
    let Some(output) = load_postgres_temp_server(&broken, None) else {
        return;
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("violates foreign key constraint"), "{stderr}");
    assert!(output.stdout.is_empty(), "no counts after a failed load");
}

#[test]
fn jsonl_has_one_line_per_document_equal_to_its_json_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    convert_corpus(dir.path());
    let jsonl = fs::read_to_string(dir.path().join("documents.jsonl")).expect("read documents.jsonl");
    assert!(jsonl.ends_with('\n'), "every line ends with a newline");

    let documents = dir.path().join("documents");
    let mut json_files: Vec<String> = walkdir::WalkDir::new(&documents)
        .into_iter()
        .map(|e| e.expect("walk documents/"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&documents).expect("under documents/");
            rel.with_extension("").to_string_lossy().replace('\\', "/")
        })
        .collect();
    json_files.sort();
    assert!(!json_files.is_empty());

    let mut doc_ids = Vec::new();
    for (i, line) in jsonl.lines().enumerate() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("documents.jsonl line {}: {e}", i + 1));
        let doc_id = value["doc_id"].as_str().expect("doc_id").to_string();
        let file = documents.join(format!("{doc_id}.json"));
        let expected: serde_json::Value = serde_json::from_slice(&fs::read(&file).expect("read the document's JSON")).expect("JSON");
        assert_eq!(value, expected, "documents.jsonl line {} vs {}", i + 1, file.display());
        doc_ids.push(doc_id);
    }
    assert_eq!(doc_ids, json_files, "one line per document, in doc_id order");
}
