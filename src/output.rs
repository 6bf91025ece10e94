//! Output records: the wire formats of SPEC §5, built from the document model.
//!
//! * [`document_json`]: the JSON document (`schemas/document.schema.json`).
//! * [`CsvRows`]: the rows one document contributes to each relational CSV file
//!   (`schemas/CSV.md`).
//! * [`eval_view`]: the document in the gold-file shape scored by `eval`.
//!
//! IDs inside a document are positional and therefore stable for the same input:
//! `sec1…`, `tbl1…`, `task1…`, `ag1…`, `ref1…`.

use std::borrow::Cow;

use serde::Serialize;

use crate::eval::{EvalDeadline, EvalDoc, EvalMetadata, EvalRef, EvalSection, EvalTask};
use crate::model::Document;
use crate::segment::SectionKind;

pub const SCHEMA_ID: &str = "vnplan/1";

pub fn section_id(i: usize) -> String {
    format!("sec{}", i + 1)
}
pub fn table_id(i: usize) -> String {
    format!("tbl{}", i + 1)
}
pub fn task_id(i: usize) -> String {
    format!("task{}", i + 1)
}
pub fn agency_id(i: usize) -> String {
    format!("ag{}", i + 1)
}
pub fn ref_id(i: usize) -> String {
    format!("ref{}", i + 1)
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    schema: &'static str,
    doc_id: &'a str,
    source: JsonSource<'a>,
    metadata: JsonMetadata<'a>,
    sections: Vec<JsonSection<'a>>,
    tables: Vec<JsonTable<'a>>,
    tasks: Vec<JsonTask<'a>>,
    agencies: Vec<JsonAgency<'a>>,
    legal_refs: Vec<JsonRef<'a>>,
    dates: Vec<JsonDate<'a>>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonSource<'a> {
    path: &'a str,
    sha256: &'a str,
    bytes: u64,
    encoding: &'static str,
}

#[derive(Serialize)]
struct JsonSigner<'a> {
    name: &'a str,
    position: &'a str,
}

#[derive(Serialize)]
struct JsonMetadata<'a> {
    doc_type: Option<&'a str>,
    number: Option<&'a str>,
    issuer: Option<&'a str>,
    place: Option<&'a str>,
    province: Option<&'a str>,
    issued_date: Option<String>,
    title: Option<&'a str>,
    plan_year: Option<i32>,
    signer: Option<JsonSigner<'a>>,
    recipients: &'a [String],
}

#[derive(Serialize)]
struct JsonSection<'a> {
    section_id: String,
    parent_id: Option<String>,
    level: u8,
    kind: &'static str,
    marker: &'a str,
    heading: &'a str,
    line: usize,
}

#[derive(Serialize)]
struct JsonColumn<'a> {
    header: &'a str,
    role: &'static str,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    kind: &'static str,
    cells: &'a [String],
    line: usize,
}

#[derive(Serialize)]
struct JsonTable<'a> {
    table_id: String,
    section_id: Option<String>,
    title: Option<&'a str>,
    layout: &'static str,
    line: usize,
    columns: Vec<JsonColumn<'a>>,
    rows: Vec<JsonRow<'a>>,
}

#[derive(Serialize)]
struct JsonDeadline<'a> {
    text: &'a str,
    kind: &'static str,
    start: Option<String>,
    end: Option<String>,
    recurrence: Vec<&'static str>,
    year_inferred: bool,
}

#[derive(Serialize)]
struct JsonTask<'a> {
    task_id: String,
    source: &'static str,
    table_id: Option<String>,
    section_id: Option<String>,
    number: &'a str,
    group: Option<&'a str>,
    description: &'a str,
    lead: Vec<String>,
    partners: Vec<String>,
    deadline: Option<JsonDeadline<'a>>,
    result: Option<&'a str>,
    note: Option<&'a str>,
    legal_refs: Vec<String>,
    line: usize,
}

#[derive(Serialize)]
struct JsonAgency<'a> {
    agency_id: String,
    name: &'a str,
    kind: &'static str,
    level: Option<&'static str>,
    aliases: &'a [String],
    mentions: usize,
}

#[derive(Serialize)]
struct JsonRef<'a> {
    ref_id: String,
    doc_type: &'a str,
    number: &'a str,
    issued_date: Option<String>,
    issuer: Option<&'a str>,
    alias: Option<&'a str>,
    is_self: bool,
    text: &'a str,
    mentions: usize,
    line: usize,
}

#[derive(Serialize)]
struct JsonDate<'a> {
    text: &'a str,
    value: String,
    line: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    level: &'static str,
    line: Option<usize>,
    message: &'a str,
}

/// The JSON document of SPEC §5.1, pretty-printed, with a final newline.
pub fn document_json(doc: &Document) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(&json_record(doc)).expect("serializing plain records cannot fail");
    out.push(b'\n');
    out
}

/// The same document on one line (for `documents.jsonl`), with a final newline.
pub fn document_json_line(doc: &Document) -> Vec<u8> {
    let mut out = serde_json::to_vec(&json_record(doc)).expect("serializing plain records cannot fail");
    out.push(b'\n');
    out
}

fn json_record(doc: &Document) -> JsonDocument<'_> {
    let m = &doc.metadata;
    JsonDocument {
        schema: SCHEMA_ID,
        doc_id: &doc.doc_id,
        source: JsonSource {
            path: &doc.source.path,
            sha256: &doc.source.sha256,
            bytes: doc.source.bytes,
            encoding: doc.source.encoding.as_str(),
        },
        metadata: JsonMetadata {
            doc_type: m.doc_type.as_deref(),
            number: m.number.as_deref(),
            issuer: m.issuer.as_deref(),
            place: m.place.as_deref(),
            province: m.province.as_deref(),
            issued_date: m.issued_date.map(|d| d.iso()),
            title: m.title.as_deref(),
            plan_year: m.plan_year,
            signer: m.signer.as_ref().map(|s| JsonSigner { name: &s.name, position: &s.position }),
            recipients: &m.recipients,
        },
        sections: doc
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| JsonSection {
                section_id: section_id(i),
                parent_id: s.parent.map(section_id),
                level: s.level,
                kind: s.kind.as_str(),
                marker: &s.marker,
                heading: &s.heading,
                line: s.line,
            })
            .collect(),
        tables: doc
            .tables
            .iter()
            .enumerate()
            .map(|(i, t)| JsonTable {
                table_id: table_id(i),
                section_id: t.section.map(section_id),
                title: t.title.as_deref(),
                layout: t.layout.as_str(),
                line: t.line,
                columns: t.columns.iter().map(|c| JsonColumn { header: &c.header, role: c.role.as_str() }).collect(),
                rows: t.rows.iter().map(|r| JsonRow { kind: r.kind.as_str(), cells: &r.cells, line: r.line }).collect(),
            })
            .collect(),
        tasks: doc
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| JsonTask {
                task_id: task_id(i),
                source: t.source.as_str(),
                table_id: t.table.map(table_id),
                section_id: t.section.map(section_id),
                number: &t.number,
                group: t.group.as_deref(),
                description: &t.description,
                lead: t.lead.iter().map(|&a| agency_id(a)).collect(),
                partners: t.partners.iter().map(|&a| agency_id(a)).collect(),
                deadline: t.deadline.as_ref().map(|d| JsonDeadline {
                    text: &d.text,
                    kind: d.kind.as_str(),
                    start: d.start.map(|x| x.iso()),
                    end: d.end.map(|x| x.iso()),
                    recurrence: d.recurrence.iter().map(|r| r.as_str()).collect(),
                    year_inferred: d.year_inferred,
                }),
                result: t.result.as_deref(),
                note: t.note.as_deref(),
                legal_refs: t.legal_refs.iter().map(|&r| ref_id(r)).collect(),
                line: t.line,
            })
            .collect(),
        agencies: doc
            .agencies
            .iter()
            .enumerate()
            .map(|(i, a)| JsonAgency {
                agency_id: agency_id(i),
                name: &a.name,
                kind: a.kind,
                level: a.level,
                aliases: &a.aliases,
                mentions: a.mentions,
            })
            .collect(),
        legal_refs: doc
            .legal_refs
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let r = &e.reference;
                JsonRef {
                    ref_id: ref_id(i),
                    doc_type: &r.doc_type,
                    number: &r.number,
                    issued_date: r.issued_date.map(|d| d.iso()),
                    issuer: r.issuer.as_deref(),
                    alias: r.alias.as_deref(),
                    is_self: e.is_self,
                    text: &r.text,
                    mentions: r.mentions,
                    line: r.line,
                }
            })
            .collect(),
        dates: doc.dates.iter().map(|d| JsonDate { text: &d.text, value: d.value.iso(), line: d.line }).collect(),
        diagnostics: doc
            .diagnostics
            .iter()
            .map(|d| JsonDiagnostic { level: d.level.as_str(), line: d.line, message: &d.message })
            .collect(),
    }
}

/// Header rows of the CSV files, in file order.
pub const CSV_FILES: &[(&str, &[&str])] = &[
    (
        "documents.csv",
        &[
            "doc_id",
            "path",
            "sha256",
            "bytes",
            "encoding",
            "doc_type",
            "number",
            "issuer",
            "place",
            "province",
            "issued_date",
            "title",
            "plan_year",
            "signer_name",
            "signer_position",
            "sections",
            "tables",
            "tasks",
            "agencies",
            "legal_refs",
            "diagnostics",
        ],
    ),
    ("sections.csv", &["doc_id", "section_id", "parent_id", "level", "kind", "marker", "heading", "line"]),
    ("tables.csv", &["doc_id", "table_id", "section_id", "title", "layout", "line", "columns", "rows", "is_task_table"]),
    (
        "tasks.csv",
        &[
            "doc_id",
            "task_id",
            "source",
            "table_id",
            "section_id",
            "number",
            "group",
            "description",
            "deadline_text",
            "deadline_kind",
            "deadline_start",
            "deadline_end",
            "deadline_recurrence",
            "deadline_year_inferred",
            "result",
            "note",
            "line",
        ],
    ),
    ("task_agencies.csv", &["doc_id", "task_id", "agency_id", "role", "position"]),
    ("agencies.csv", &["doc_id", "agency_id", "name", "kind", "level", "mentions"]),
    (
        "legal_refs.csv",
        &["doc_id", "ref_id", "doc_type", "number", "issued_date", "issuer", "alias", "is_self", "mentions", "text", "line"],
    ),
];

/// The rows one document contributes to each CSV file, in `CSV_FILES` order. Cells borrow the
/// document's text; only numbers, ids and dates are formatted.
pub type CsvRows<'a> = Vec<Vec<Vec<Cow<'a, str>>>>;

fn opt(s: Option<&str>) -> Cow<'_, str> {
    Cow::Borrowed(s.unwrap_or(""))
}

/// One cell: borrowed text or a formatted value.
fn c<'a>(value: impl Into<Cow<'a, str>>) -> Cow<'a, str> {
    value.into()
}

/// Builds the CSV rows of a document.
pub fn csv_rows(doc: &Document) -> CsvRows<'_> {
    let id = doc.doc_id.as_str();
    let m = &doc.metadata;
    let mut files: CsvRows = vec![Vec::new(); CSV_FILES.len()];
    files[0].push(vec![
        c(id),
        c(&doc.source.path),
        c(&doc.source.sha256),
        c(doc.source.bytes.to_string()),
        c(doc.source.encoding.as_str()),
        c(opt(m.doc_type.as_deref())),
        c(opt(m.number.as_deref())),
        c(opt(m.issuer.as_deref())),
        c(opt(m.place.as_deref())),
        c(opt(m.province.as_deref())),
        c(m.issued_date.map(|d| d.iso()).unwrap_or_default()),
        c(opt(m.title.as_deref())),
        c(m.plan_year.map(|y| y.to_string()).unwrap_or_default()),
        c(m.signer.as_ref().map_or("", |s| s.name.as_str())),
        c(m.signer.as_ref().map_or("", |s| s.position.as_str())),
        c(doc.sections.len().to_string()),
        c(doc.tables.len().to_string()),
        c(doc.tasks.len().to_string()),
        c(doc.agencies.len().to_string()),
        c(doc.legal_refs.len().to_string()),
        c(doc.diagnostics.len().to_string()),
    ]);
    for (i, s) in doc.sections.iter().enumerate() {
        files[1].push(vec![
            c(id),
            c(section_id(i)),
            c(s.parent.map(section_id).unwrap_or_default()),
            c(s.level.to_string()),
            c(s.kind.as_str()),
            c(&s.marker),
            c(&s.heading),
            c(s.line.to_string()),
        ]);
    }
    for (i, t) in doc.tables.iter().enumerate() {
        files[2].push(vec![
            c(id),
            c(table_id(i)),
            c(t.section.map(section_id).unwrap_or_default()),
            c(opt(t.title.as_deref())),
            c(t.layout.as_str()),
            c(t.line.to_string()),
            c(t.columns.len().to_string()),
            c(t.rows.len().to_string()),
            c(t.is_task_table().to_string()),
        ]);
    }
    for (i, t) in doc.tasks.iter().enumerate() {
        let d = t.deadline.as_ref();
        files[3].push(vec![
            c(id),
            c(task_id(i)),
            c(t.source.as_str()),
            c(t.table.map(table_id).unwrap_or_default()),
            c(t.section.map(section_id).unwrap_or_default()),
            c(&t.number),
            c(opt(t.group.as_deref())),
            c(&t.description),
            c(d.map_or("", |d| d.text.as_str())),
            c(d.map_or("", |d| d.kind.as_str())),
            c(d.and_then(|d| d.start).map(|x| x.iso()).unwrap_or_default()),
            c(d.and_then(|d| d.end).map(|x| x.iso()).unwrap_or_default()),
            c(d.map(|d| d.recurrence.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(";")).unwrap_or_default()),
            c(d.map(|d| d.year_inferred.to_string()).unwrap_or_default()),
            c(opt(t.result.as_deref())),
            c(opt(t.note.as_deref())),
            c(t.line.to_string()),
        ]);
        for (role, list) in [("lead", &t.lead), ("partner", &t.partners)] {
            for (pos, &a) in list.iter().enumerate() {
                files[4].push(vec![c(id), c(task_id(i)), c(agency_id(a)), c(role), c((pos + 1).to_string())]);
            }
        }
    }
    for (i, a) in doc.agencies.iter().enumerate() {
        files[5].push(vec![c(id), c(agency_id(i)), c(&a.name), c(a.kind), c(a.level.unwrap_or("")), c(a.mentions.to_string())]);
    }
    for (i, e) in doc.legal_refs.iter().enumerate() {
        let r = &e.reference;
        files[6].push(vec![
            c(id),
            c(ref_id(i)),
            c(&r.doc_type),
            c(&r.number),
            c(r.issued_date.map(|d| d.iso()).unwrap_or_default()),
            c(opt(r.issuer.as_deref())),
            c(opt(r.alias.as_deref())),
            c(e.is_self.to_string()),
            c(r.mentions.to_string()),
            c(&r.text),
            c(r.line.to_string()),
        ]);
    }
    files
}

/// Prefixes a cell a spreadsheet would execute (`=`, `+`, `-`, `@`) with an apostrophe.
pub fn excel_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The document in the gold-file shape (SPEC §6): body headings (Roman, Arabic, dotted),
/// references other than the document's own number, and tasks with agency names.
pub fn eval_view(doc: &Document) -> EvalDoc {
    let m = &doc.metadata;
    EvalDoc {
        doc_id: doc.doc_id.clone(),
        metadata: EvalMetadata { doc_type: m.doc_type.clone(), number: m.number.clone(), issued_date: m.issued_date.map(|d| d.iso()) },
        sections: doc
            .sections
            .iter()
            .filter(|s| matches!(s.kind, SectionKind::Roman | SectionKind::Arabic | SectionKind::Dotted))
            .map(|s| EvalSection { marker: s.marker.clone(), heading: s.heading.clone() })
            .collect(),
        legal_refs: doc
            .legal_refs
            .iter()
            .filter(|e| !e.is_self)
            .map(|e| EvalRef {
                doc_type: e.reference.doc_type.clone(),
                number: e.reference.number.clone(),
                issued_date: e.reference.issued_date.map(|d| d.iso()),
            })
            .collect(),
        tasks: doc
            .tasks
            .iter()
            .map(|t| EvalTask {
                source: t.source.as_str().into(),
                number: t.number.clone(),
                description: t.description.clone(),
                lead: t.lead.iter().map(|&a| doc.agencies[a].name.clone()).collect(),
                partners: t.partners.iter().map(|&a| doc.agencies[a].name.clone()).collect(),
                deadline: t.deadline.as_ref().map(|d| EvalDeadline {
                    kind: d.kind.as_str().into(),
                    start: d.start.map(|x| x.iso()),
                    end: d.end.map(|x| x.iso()),
                }),
            })
            .collect(),
    }
}
