//! The document model: everything vnplan knows about one plan after extraction.
//!
//! These are internal types. Output record types (JSON, CSV rows) live in `output` and are
//! built from these, so the model can change without breaking the wire formats. Every item
//! carries the 1-based line of the ORIGINAL input it came from.

use crate::date::Date;
use crate::deadline::Deadline;
use crate::decode::Encoding;
use crate::legal::LegalRef;
use crate::segment::Section;
use crate::table::Table;

#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    pub encoding: Encoding,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signer {
    pub name: String,
    pub position: String,
}

#[derive(Debug, Clone, Default)]
pub struct Metadata {
    pub doc_type: Option<String>,
    pub number: Option<String>,
    pub issuer: Option<String>,
    pub place: Option<String>,
    pub province: Option<String>,
    pub issued_date: Option<Date>,
    pub title: Option<String>,
    pub plan_year: Option<i32>,
    pub signer: Option<Signer>,
    pub recipients: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskSource {
    Table,
    Body,
}

impl TaskSource {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskSource::Table => "table",
            TaskSource::Body => "body",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Task {
    pub source: TaskSource,
    pub table: Option<usize>,
    pub section: Option<usize>,
    pub number: String,
    pub group: Option<String>,
    pub description: String,
    /// Indices into `Document::agencies`.
    pub lead: Vec<usize>,
    pub partners: Vec<usize>,
    pub deadline: Option<Deadline>,
    pub result: Option<String>,
    pub note: Option<String>,
    /// Indices into `Document::legal_refs`.
    pub legal_refs: Vec<usize>,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Agency {
    pub name: String,
    pub kind: &'static str,
    pub level: Option<&'static str>,
    /// Other written forms met in the document.
    pub aliases: Vec<String>,
    pub mentions: usize,
}

#[derive(Debug, Clone)]
pub struct LegalRefEntry {
    pub reference: LegalRef,
    pub is_self: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    pub text: String,
    pub value: Date,
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiagnosticLevel {
    Info,
    Warning,
}

impl DiagnosticLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            DiagnosticLevel::Info => "info",
            DiagnosticLevel::Warning => "warning",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: DiagnosticLevel,
    pub line: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn warning(line: Option<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { level: DiagnosticLevel::Warning, line, message: message.into() }
    }

    pub fn info(line: Option<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { level: DiagnosticLevel::Info, line, message: message.into() }
    }
}

/// One extracted plan.
#[derive(Debug, Clone)]
pub struct Document {
    pub doc_id: String,
    pub source: Source,
    pub metadata: Metadata,
    pub sections: Vec<Section>,
    pub tables: Vec<Table>,
    pub tasks: Vec<Task>,
    pub agencies: Vec<Agency>,
    pub legal_refs: Vec<LegalRefEntry>,
    pub dates: Vec<DateMention>,
    pub diagnostics: Vec<Diagnostic>,
}
