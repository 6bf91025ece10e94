//! Tables: TAB-separated appendix tables in both layouts of SPEC §2.
//!
//! In: normalized lines. Out: [`Table`]s with recognised column roles and data/group rows,
//! after dropping page-break header repeats and merging rows continued across page breaks.
//!
//! * **Row per line**: one row per line, cells separated by TAB. A line whose first cell (TT)
//!   is empty continues the row above unless it is a complete row of its own (task, lead and
//!   time cells filled, task text starting in upper case), SPEC §5.6.
//! * **Cell per line**: each cell on its own line starting with TAB; lines without a TAB
//!   continue the cell above; a blank line, or a new cell once the row is full, ends a row.
//!   A row with empty TT and group/content cells but a task cell is a new task that inherits
//!   the number and group above (a merged cell); a row with empty TT, content and task
//!   continues the row above.
//!
//! Column roles come from header words, never from positions. Nothing here fails: a table
//! without a recognisable header keeps its rows with role `other` columns.

use crate::normalize::Line;
use crate::segment::is_roman;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableLayout {
    RowPerLine,
    CellPerLine,
}

impl TableLayout {
    pub fn as_str(self) -> &'static str {
        match self {
            TableLayout::RowPerLine => "row_per_line",
            TableLayout::CellPerLine => "cell_per_line",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnRole {
    Number,
    Task,
    /// A content column that groups task rows (`Nội dung` beside `Nhiệm vụ`). Written as
    /// `other` in output, where roles are a closed list.
    Group,
    Lead,
    Partners,
    Deadline,
    Result,
    Note,
    Other,
}

impl ColumnRole {
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnRole::Number => "number",
            ColumnRole::Task => "task",
            ColumnRole::Lead => "lead",
            ColumnRole::Partners => "partners",
            ColumnRole::Deadline => "deadline",
            ColumnRole::Result => "result",
            ColumnRole::Note => "note",
            ColumnRole::Group | ColumnRole::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub header: String,
    pub role: ColumnRole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Data,
    Group,
}

impl RowKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RowKind::Data => "data",
            RowKind::Group => "group",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    /// Cell texts; a cell written over several lines keeps `\n` between them.
    pub cells: Vec<String>,
    /// 1-based original line where the row starts.
    pub line: usize,
    /// The row's number: its TT cell, or the one it inherits from a merged cell above.
    pub number: String,
    /// Text of the group row above, or of the group column.
    pub group: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub layout: TableLayout,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub title: Option<String>,
    /// Enclosing section index, filled in by `segment`.
    pub section: Option<usize>,
    /// 1-based original line of the table's first line.
    pub line: usize,
    /// Line index range `[first_idx, end_idx)` covered by the table.
    pub first_idx: usize,
    pub end_idx: usize,
}

impl Table {
    pub fn column(&self, role: ColumnRole) -> Option<usize> {
        self.columns.iter().position(|c| c.role == role)
    }

    /// A task-assignment table: it has a task column and a lead-agency column.
    pub fn is_task_table(&self) -> bool {
        self.column(ColumnRole::Task).is_some() && self.column(ColumnRole::Lead).is_some()
    }

    /// The cell of `role` among raw cells.
    pub fn cell_text<'a>(&self, cells: &'a [String], role: ColumnRole) -> &'a str {
        self.column(role).and_then(|i| cells.get(i)).map_or("", |s| s.as_str())
    }

    pub fn cell<'a>(&self, row: &'a Row, role: ColumnRole) -> &'a str {
        self.column(role).and_then(|i| row.cells.get(i)).map_or("", |s| s.as_str())
    }
}

/// Role of a header cell, from its words.
pub fn header_role(header: &str) -> ColumnRole {
    let h = crate::text::lowercase(header);
    let h = h.trim().trim_end_matches(['.', ':']);
    if matches!(h, "tt" | "stt" | "số tt" | "số thứ tự" | "thứ tự" | "số") {
        return ColumnRole::Number;
    }
    if h.contains("phối hợp") {
        return ColumnRole::Partners;
    }
    if h.contains("chủ trì") || h.contains("chịu trách nhiệm") || h.contains("thực hiện") && (h.contains("cơ quan") || h.contains("đơn vị"))
    {
        return ColumnRole::Lead;
    }
    if h.contains("thời gian") || h.contains("thời hạn") || h.contains("tiến độ") || h.starts_with("hoàn thành") || h == "thời điểm"
    {
        return ColumnRole::Deadline;
    }
    if h.contains("kết quả") || h.contains("sản phẩm") || h.contains("chỉ tiêu") {
        return ColumnRole::Result;
    }
    if h.contains("ghi chú") {
        return ColumnRole::Note;
    }
    if h.contains("nhiệm vụ")
        || h.contains("nội dung")
        || h.contains("công việc")
        || h.contains("giải pháp")
        || h.contains("hoạt động")
        || h.contains("dự án")
        || h.contains("đề án")
    {
        return ColumnRole::Task;
    }
    ColumnRole::Other
}

/// Columns from header cells; when several columns look like task columns, the one naming
/// `nhiệm vụ` is the task and a `nội dung` column becomes the group column.
fn columns_from_header(cells: &[String]) -> Vec<Column> {
    let mut cols: Vec<Column> = cells.iter().map(|c| Column { header: c.trim().to_string(), role: header_role(c) }).collect();
    let task_cols: Vec<usize> = cols.iter().enumerate().filter(|(_, c)| c.role == ColumnRole::Task).map(|(i, _)| i).collect();
    if task_cols.len() > 1 {
        let main = task_cols
            .iter()
            .copied()
            .find(|&i| cols[i].header.to_lowercase().contains("nhiệm vụ"))
            .unwrap_or(task_cols[task_cols.len() - 1]);
        for &i in &task_cols {
            if i != main {
                cols[i].role = if cols[i].header.to_lowercase().contains("nội dung") { ColumnRole::Group } else { ColumnRole::Other };
            }
        }
    }
    // Only the first column of each of the single-valued roles keeps the role.
    let mut seen = Vec::new();
    for c in &mut cols {
        if c.role != ColumnRole::Other && c.role != ColumnRole::Group {
            if seen.contains(&c.role) {
                c.role = ColumnRole::Other;
            } else {
                seen.push(c.role);
            }
        }
    }
    cols
}

fn looks_like_header(cells: &[String]) -> bool {
    let roles: Vec<ColumnRole> = cells.iter().filter(|c| !c.trim().is_empty()).map(|c| header_role(c)).collect();
    let known = roles.iter().filter(|r| **r != ColumnRole::Other).count();
    known >= 2 && roles.iter().any(|r| matches!(r, ColumnRole::Number | ColumnRole::Task)) && cells.iter().all(|c| c.chars().count() < 80)
}

fn split_cells(text: &str) -> Vec<String> {
    text.split('\t').map(|c| c.trim().to_string()).collect()
}

fn is_cell_line(text: &str) -> bool {
    let t = text.strip_prefix(' ').unwrap_or(text);
    t.starts_with('\t') && t[1..].find('\t').is_none()
}

/// Finds every table in the document.
pub fn find_tables(lines: &[Line]) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        // A table starts at a TAB line with content; a stray line of only TABs does not start one.
        if !lines[i].has_tab() || lines[i].text.trim().is_empty() {
            i += 1;
            continue;
        }
        let (start, end) = block_extent(lines, i);
        if is_layout_block(&lines[start..end]) {
            i = end.max(i + 1);
            continue;
        }
        let tab_lines: Vec<&Line> = lines[start..end].iter().filter(|l| l.has_tab()).collect();
        let cell_lines = tab_lines.iter().filter(|l| is_cell_line(&l.text)).count();
        let layout = if cell_lines * 2 > tab_lines.len() { TableLayout::CellPerLine } else { TableLayout::RowPerLine };
        let mut table = match layout {
            TableLayout::RowPerLine => parse_row_per_line(&lines[start..end]),
            TableLayout::CellPerLine => parse_cell_per_line(&lines[start..end]),
        };
        table.first_idx = start;
        table.end_idx = end;
        table.line = lines[start].no;
        table.title = title_before(lines, start);
        if !table.rows.is_empty() || !table.columns.is_empty() {
            tables.push(table);
        }
        i = end.max(i + 1);
    }
    tables
}

/// A header or closing block drawn as a two-column table (issuer | national motto, recipients
/// | signature): page layout, not data.
fn is_layout_block(lines: &[Line]) -> bool {
    lines.iter().any(|l| {
        let t = l.text.trim_start();
        // The motto holds `NGHĨA`, and only `ĩ`/`Ĩ` upper-case to `Ĩ`.
        (l.text.contains(['ĩ', 'Ĩ']) && l.text.to_uppercase().contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA"))
            || crate::segment::is_recipients_line(t)
    })
}

/// The extent of a table block starting at a TAB line: TAB lines, blank lines between them,
/// and (cell per line) lines that continue a cell.
fn block_extent(lines: &[Line], start: usize) -> (usize, usize) {
    let mut end = start;
    let mut last_tab = start;
    let mut prev_blank = false;
    let cell_mode = is_cell_line(&lines[start].text);
    // Row per line: the header's width, and the cells the current row has so far (a cell may
    // hold a line break, so a row can run over several lines until it is complete).
    let width = lines[start].text.matches('\t').count();
    let mut row_tabs = width;
    let mut j = start;
    while j < lines.len() {
        let l = &lines[j];
        if l.has_tab() {
            let tabs = l.text.matches('\t').count();
            let first = l.text.split('\t').next().unwrap_or("").trim();
            row_tabs = if l.text.starts_with('\t') || is_row_start(first) { tabs } else { row_tabs + tabs };
            last_tab = j;
            prev_blank = false;
        } else if l.is_blank() {
            prev_blank = true;
        } else if cell_mode && !prev_blank && j > start {
            // continuation of a multi-line cell
        } else if !cell_mode && !prev_blank && row_tabs < width && !ends_table(&l.text) {
            // a line break inside a cell of an unfinished row
        } else if !cell_mode && !prev_blank && j == last_tab + 1 && continues_row_text(&l.text) {
            // a wrapped row-per-line cell is rare; treat lowercase run-ons as part of the table
        } else {
            break;
        }
        end = j + 1;
        j += 1;
    }
    // Trailing blank lines are not part of the table.
    while end > last_tab + 1 && lines[end - 1].is_blank() {
        end -= 1;
    }
    (start, end.max(last_tab + 1))
}

/// A line that cannot be inside a table cell: the closing block, an appendix heading or a
/// numbered heading of the body.
fn ends_table(text: &str) -> bool {
    let t = text.trim();
    crate::segment::is_recipients_line(t) || crate::segment::is_appendix_line(t) || crate::segment::parse_marker(t).is_some()
}

/// A first cell that opens a new row: a number (`3`, `1.2`), a group marker (`II`, `B`) or
/// nothing.
fn is_row_start(first: &str) -> bool {
    let t = first.trim().trim_end_matches('.');
    t.is_empty() || is_group_marker(t) || (t.split('.').all(|p| !p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit())))
}

fn continues_row_text(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_lowercase())
}

fn title_before(lines: &[Line], start: usize) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for line in lines[..start].iter().rev().take(8) {
        let t = line.text.trim();
        if t.is_empty() {
            if parts.is_empty() {
                continue;
            }
            break;
        }
        if line.has_tab() || crate::segment::is_appendix_line(t) {
            break;
        }
        parts.push(t);
    }
    parts.reverse();
    // Drop the `(Kèm theo …)` line: it is metadata, not title.
    let title: Vec<&str> = parts.into_iter().filter(|t| !t.starts_with('(')).collect();
    if title.is_empty() {
        None
    } else {
        Some(title.join(" "))
    }
}

fn is_group_marker(cell: &str) -> bool {
    let c = cell.trim().trim_end_matches('.');
    is_roman(c) || (c.len() == 1 && c.chars().all(|ch| ch.is_ascii_uppercase()))
}

fn same_header(cells: &[String], columns: &[Column], keys: &HeaderKeys) -> bool {
    let non_empty: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
    if non_empty.is_empty() || non_empty.len() * 2 < columns.len() {
        return false;
    }
    non_empty.iter().all(|c| keys.0.contains(&crate::text::lowercase(c)))
}

/// The lower-cased headers of a table's columns, built once per header rather than per row.
/// Compared as a set, so a very wide header costs linear time.
struct HeaderKeys(std::collections::HashSet<String>);

impl HeaderKeys {
    fn of(columns: &[Column]) -> HeaderKeys {
        HeaderKeys(columns.iter().map(|c| crate::text::lowercase(&c.header)).collect())
    }
}

/// Two rows with the same non-empty cells in the same places (case-insensitive).
fn same_cells(a: &[String], b: &[String]) -> bool {
    let n = a.len().max(b.len());
    let get = |v: &[String], i: usize| v.get(i).map_or(String::new(), |c| crate::text::lowercase(c));
    a.iter().chain(b).any(|c| !c.is_empty()) && (0..n).all(|i| get(a, i) == get(b, i))
}

fn parse_row_per_line(lines: &[Line]) -> Table {
    let mut table = Table {
        layout: TableLayout::RowPerLine,
        columns: Vec::new(),
        rows: Vec::new(),
        title: None,
        section: None,
        line: 0,
        first_idx: 0,
        end_idx: 0,
    };
    let mut group: Option<String> = None;
    let mut header_rows = 0;
    // The header lines as written, to drop their repeats after page breaks (a two-row header
    // repeats both rows).
    let mut raw_headers: Vec<Vec<String>> = Vec::new();
    // The last data row, which a continuation line extends.
    let mut last_data: Option<usize> = None;
    // Rebuilt when the columns change (header and sub-header lines).
    let mut header_keys: Option<HeaderKeys> = None;
    // Cells written so far for the last data row (before padding to the header's width).
    let mut open_width = 0usize;
    for line in lines {
        let width = table.columns.len();
        if !line.is_blank() && !line.has_tab() && open_width > 0 && open_width < width {
            // A line break inside the last cell of an unfinished row.
            if let Some(cell) = last_data.and_then(|i| table.rows.get_mut(i)).and_then(|r| r.cells.get_mut(open_width - 1)) {
                cell.push('\n');
                cell.push_str(line.text.trim());
                continue;
            }
        }
        if line.is_blank() || !line.has_tab() {
            if let (Some(last), false) = (table.rows.last_mut(), line.is_blank()) {
                // A lower-case run-on line after a row: append to the row's longest text cell.
                if let Some(cell) = last.cells.iter_mut().max_by_key(|c| c.len()) {
                    cell.push(' ');
                    cell.push_str(line.text.trim());
                }
            }
            continue;
        }
        let cells = split_cells(&line.text);
        if table.columns.is_empty() && table.rows.is_empty() {
            if looks_like_header(&cells) {
                table.columns = columns_from_header(&cells);
                header_keys = None;
                header_rows = 1;
                raw_headers.push(cells);
                continue;
            }
            table.columns = cells.iter().map(|_| Column { header: String::new(), role: ColumnRole::Other }).collect();
            header_keys = None;
        }
        // A second header row under a merged upper cell (`Thực hiện` over chủ trì | phối hợp).
        if header_rows == 1 && table.rows.is_empty() && looks_like_sub_header(&cells) {
            merge_sub_header(&mut table.columns, &cells);
            header_keys = None;
            header_rows = 2;
            raw_headers.push(cells);
            continue;
        }
        let keys = header_keys.get_or_insert_with(|| HeaderKeys::of(&table.columns));
        if same_header(&cells, &table.columns, keys) || raw_headers.iter().any(|h| same_cells(h, &cells)) {
            continue;
        }
        // The rest of an unfinished row whose last cell held a line break: its first piece ends
        // that cell, the others are the row's next cells.
        let first_piece = cells.first().map_or("", |c| c.as_str());
        let fits = open_width + cells.len() - 1 <= table.columns.len();
        if open_width > 0 && open_width < table.columns.len() && fits && !line.text.starts_with('\t') && !is_row_start(first_piece) {
            if let Some(row) = last_data.and_then(|i| table.rows.get_mut(i)) {
                if let Some(cell) = row.cells.get_mut(open_width - 1) {
                    cell.push('\n');
                    cell.push_str(first_piece);
                }
                for (k, c) in cells.iter().enumerate().skip(1) {
                    let at = open_width - 1 + k;
                    if at < row.cells.len() {
                        row.cells[at] = c.clone();
                    } else {
                        row.cells.push(c.clone());
                    }
                }
                open_width += cells.len() - 1;
                continue;
            }
        }
        let ncols = table.columns.len().max(cells.len());
        // A table without a TT column (but with a recognised header) numbers nothing.
        let numbered = table.column(ColumnRole::Number).is_some() || table.columns.iter().all(|c| c.role == ColumnRole::Other);
        let number_col = table.column(ColumnRole::Number).unwrap_or(0);
        let first = if numbered { cells.get(number_col).cloned().unwrap_or_default() } else { String::new() };
        let filled = cells.iter().filter(|c| !c.is_empty()).count();
        if (is_group_marker(&first) || !numbered && is_marked_heading_row(&cells, line.emphasis)) && is_group_row(&table, &cells) {
            group = cells.iter().enumerate().find(|(i, c)| (*i != number_col || !numbered) && !c.is_empty()).map(|(_, c)| c.clone());
            table.rows.push(Row { kind: RowKind::Group, cells: pad(cells, ncols), line: line.no, number: first, group: None });
            continue;
        }
        if filled == 0 {
            continue;
        }
        let unnumbered_run_on = !numbered && table.cell_text(&cells, ColumnRole::Task).chars().next().is_some_and(char::is_lowercase);
        let previous = last_data.and_then(|i| table.rows.get(i));
        if (numbered && first.is_empty() && !starts_new_row(&table, &cells, previous)) || unnumbered_run_on {
            if let Some(prev) = last_data.and_then(|i| table.rows.get_mut(i)) {
                append_cells(&mut prev.cells, &cells);
                continue;
            }
        }
        last_data = Some(table.rows.len());
        open_width = if numbered { cells.len() } else { 0 };
        table.rows.push(Row { kind: RowKind::Data, cells: pad(cells, ncols), line: line.no, number: first, group: group.clone() });
    }
    promote_numbered_groups(&mut table);
    table
}

/// A row whose only text is a heading marked as such (`I. TUYÊN TRUYỀN`, `<b>…</b>`), in a
/// table without a TT column.
fn is_marked_heading_row(cells: &[String], emphasis: bool) -> bool {
    let filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
    if filled.len() != 1 {
        return false;
    }
    let text = filled[0].as_str();
    let marker = text.split(['.', ' ']).next().unwrap_or("");
    emphasis || (is_roman(marker) || marker.len() == 1 && marker.chars().all(|c| c.is_ascii_uppercase())) && text.contains('.')
}

/// `1 | Phát triển hạ tầng số | (no agency, no time)` followed by rows `1.1`, `1.2`: the
/// numbered row heads the rows whose numbers extend its own, so it is a group row.
fn promote_numbered_groups(table: &mut Table) {
    let role_cols: Vec<usize> =
        [ColumnRole::Lead, ColumnRole::Partners, ColumnRole::Deadline].iter().filter_map(|r| table.column(*r)).collect();
    if role_cols.is_empty() {
        return;
    }
    let task_col = table.column(ColumnRole::Task);
    for i in 0..table.rows.len() {
        let row = &table.rows[i];
        if row.kind != RowKind::Data || row.number.is_empty() || role_cols.iter().any(|&c| row.cells.get(c).is_some_and(|x| !x.is_empty()))
        {
            continue;
        }
        let prefix = format!("{}.", row.number.trim_end_matches('.'));
        let heads_next = table.rows[i + 1..].iter().find(|r| r.kind == RowKind::Data).is_some_and(|r| r.number.starts_with(&prefix));
        if !heads_next {
            continue;
        }
        let text = task_col.and_then(|c| table.rows[i].cells.get(c)).cloned().filter(|t| !t.is_empty());
        table.rows[i].kind = RowKind::Group;
        table.rows[i].group = None;
        for r in table.rows[i + 1..].iter_mut().take_while(|r| r.number.starts_with(&prefix) || r.number.is_empty()) {
            if r.kind == RowKind::Data {
                r.group = text.clone();
            }
        }
    }
}

fn looks_like_sub_header(cells: &[String]) -> bool {
    let non_empty: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
    !non_empty.is_empty()
        && non_empty.iter().all(|c| header_role(c) != ColumnRole::Other && c.chars().count() < 60)
        && !non_empty.iter().any(|c| c.chars().all(|ch| ch.is_ascii_digit()))
}

fn merge_sub_header(columns: &mut Vec<Column>, cells: &[String]) {
    let mut headers: Vec<String> = columns.iter().map(|c| c.header.clone()).collect();
    if headers.len() < cells.len() {
        headers.resize(cells.len(), String::new());
    }
    for (i, c) in cells.iter().enumerate() {
        if !c.is_empty() {
            headers[i] = c.clone();
        }
    }
    *columns = columns_from_header(&headers);
}

fn is_group_row(table: &Table, cells: &[String]) -> bool {
    let role_filled = |role| table.column(role).and_then(|i| cells.get(i)).is_some_and(|c| !c.is_empty());
    let filled = cells.iter().filter(|c| !c.is_empty()).count();
    filled <= 2 || !(role_filled(ColumnRole::Lead) || role_filled(ColumnRole::Deadline) || role_filled(ColumnRole::Partners))
}

/// A line with an empty TT that is a complete row of its own (SPEC §5.6): task, lead and time
/// cells filled, the task text starting a sentence, and the row above not stopping mid-phrase.
fn starts_new_row(table: &Table, cells: &[String], previous: Option<&Row>) -> bool {
    let get = |role| table.column(role).and_then(|i| cells.get(i)).map_or("", |s| s.as_str());
    let task = get(ColumnRole::Task);
    let lead = get(ColumnRole::Lead);
    let time = get(ColumnRole::Deadline);
    let has_time_col = table.column(ColumnRole::Deadline).is_some();
    let upper_start = task.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let prev_mid_phrase = previous.is_some_and(|r| stops_mid_phrase(table.cell(r, ColumnRole::Task)));
    !task.is_empty() && !lead.is_empty() && (!time.is_empty() || !has_time_col) && upper_start && !prev_mid_phrase
}

/// Text that ends in the middle of a phrase: a connective word, a comma, a hyphen or an open
/// parenthesis at its end.
pub fn stops_mid_phrase(text: &str) -> bool {
    let t = text.trim_end();
    if t.ends_with([',', '-', '(', '/', '&']) {
        return true;
    }
    let last = crate::text::lowercase(t.rsplit(char::is_whitespace).next().unwrap_or(""));
    crate::lexicon::CONNECTIVE_WORDS.contains(&last.as_str())
}

fn pad(mut cells: Vec<String>, n: usize) -> Vec<String> {
    if cells.len() < n {
        cells.resize(n, String::new());
    }
    cells
}

/// Appends the cells of a continuation line to the row above. The fragments are joined with a
/// line break, as in a multi-line cell: text consumers collapse it to a space, agency consumers
/// decide whether the fragment continues a name or starts a new one.
fn append_cells(target: &mut Vec<String>, cells: &[String]) {
    if target.len() < cells.len() {
        target.resize(cells.len(), String::new());
    }
    for (t, c) in target.iter_mut().zip(cells) {
        if c.is_empty() {
            continue;
        }
        if !t.is_empty() {
            t.push('\n');
        }
        t.push_str(c);
    }
}

fn parse_cell_per_line(lines: &[Line]) -> Table {
    // First gather raw rows: lists of (cells, first line number).
    let mut raw_rows: Vec<(Vec<String>, usize)> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut current_line = 0;
    let mut header_len: Option<usize> = None;
    for line in lines {
        if line.is_blank() {
            if !current.is_empty() {
                if header_len.is_none() {
                    header_len = Some(current.len());
                }
                raw_rows.push((std::mem::take(&mut current), current_line));
            }
            continue;
        }
        if !line.has_tab() {
            if let Some(cell) = current.last_mut() {
                if !cell.is_empty() {
                    cell.push('\n');
                }
                cell.push_str(line.text.trim());
            }
            continue;
        }
        let mut parts = line.text.split('\t');
        let before = parts.next().unwrap_or("");
        let mut new_cells: Vec<String> = Vec::new();
        if !before.is_empty() {
            new_cells.push(before.trim().to_string());
        }
        new_cells.extend(parts.map(|p| p.trim().to_string()));
        if let Some(n) = header_len {
            if current.len() >= n {
                raw_rows.push((std::mem::take(&mut current), current_line));
            }
        }
        if current.is_empty() {
            current_line = line.no;
        }
        current.extend(new_cells);
    }
    if !current.is_empty() {
        raw_rows.push((current, current_line));
    }

    let mut table = Table {
        layout: TableLayout::CellPerLine,
        columns: Vec::new(),
        rows: Vec::new(),
        title: None,
        section: None,
        line: 0,
        first_idx: 0,
        end_idx: 0,
    };
    let mut rows_iter = raw_rows.into_iter().peekable();
    if let Some((cells, _)) = rows_iter.peek() {
        if looks_like_header(cells) {
            table.columns = columns_from_header(cells);
            rows_iter.next();
        }
    }
    if table.columns.is_empty() {
        let n = rows_iter.peek().map_or(0, |(c, _)| c.len());
        table.columns = (0..n).map(|_| Column { header: String::new(), role: ColumnRole::Other }).collect();
    }
    let ncols = table.columns.len();
    let number_col = table.column(ColumnRole::Number).unwrap_or(0);
    let task_col = table.column(ColumnRole::Task);
    let content_col = table.column(ColumnRole::Group).or(task_col);
    let mut group: Option<String> = None;
    let mut last_number = String::new();
    let mut last_group_cell: Option<String> = None;
    let header_keys = HeaderKeys::of(&table.columns);
    for (cells, line_no) in rows_iter {
        if same_header(&cells, &table.columns, &header_keys) {
            continue;
        }
        let first = cells.get(number_col).map_or("", |s| s.as_str()).to_string();
        if cells.len() < ncols && is_group_marker(&first)
            || (cells.len() <= 2 && ncols > 2 && !first.is_empty() && !first.chars().all(|c| c.is_ascii_digit() || c == '.'))
        {
            group = cells.iter().enumerate().find(|(i, c)| *i != number_col && !c.is_empty()).map(|(_, c)| c.clone());
            last_group_cell = None;
            table.rows.push(Row { kind: RowKind::Group, cells: pad(cells, ncols), line: line_no, number: first, group: None });
            continue;
        }
        let content = content_col.and_then(|i| cells.get(i)).map_or("", |s| s.as_str());
        let task = task_col.and_then(|i| cells.get(i)).map_or("", |s| s.as_str());
        let group_col = table.column(ColumnRole::Group);
        if first.is_empty() && content.is_empty() {
            if group_col.is_some() && !task.is_empty() {
                // Merged TT and content cells: a new task under the same number and group.
                let g = last_group_cell.clone().or_else(|| group.clone());
                table.rows.push(Row {
                    kind: RowKind::Data,
                    cells: pad(cells, ncols),
                    line: line_no,
                    number: last_number.clone(),
                    group: g,
                });
                continue;
            }
            if let Some(prev) = table.rows.iter_mut().rev().find(|r| r.kind == RowKind::Data) {
                append_cells(&mut prev.cells, &cells);
                continue;
            }
        }
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        if !first.is_empty() {
            last_number = first.clone();
        }
        let row_group = match group_col {
            Some(i) => {
                let g = cells.get(i).filter(|c| !c.is_empty()).cloned();
                if g.is_some() {
                    last_group_cell = g.clone();
                }
                g.or_else(|| group.clone())
            }
            None => group.clone(),
        };
        table.rows.push(Row { kind: RowKind::Data, cells: pad(cells, ncols), line: line_no, number: first, group: row_group });
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    fn tables(text: &str) -> Vec<Table> {
        find_tables(&normalize(text))
    }

    fn task_rows(t: &Table) -> Vec<(String, String, String, String)> {
        t.rows
            .iter()
            .filter(|r| r.kind == RowKind::Data)
            .map(|r| {
                (
                    r.number.clone(),
                    t.cell(r, ColumnRole::Task).replace('\n', " "),
                    t.cell(r, ColumnRole::Lead).replace('\n', "; "),
                    t.cell(r, ColumnRole::Deadline).replace('\n', " "),
                )
            })
            .collect()
    }

    #[test]
    fn header_words_give_roles() {
        let roles: Vec<_> = [
            "STT",
            "Nội dung/nhiệm vụ",
            "Cơ quan chủ trì",
            "Đơn vị phối hợp",
            "Thời gian hoàn thành",
            "Kết quả dự kiến",
            "Ghi chú",
            "Tên nhiệm vụ/dự án",
            "Đơn vị thực hiện",
            "Thời gian",
            "Sản phẩm",
            "ĐIỂM CHUẨN",
        ]
        .iter()
        .map(|h| header_role(h).as_str())
        .collect();
        assert_eq!(
            roles,
            ["number", "task", "lead", "partners", "deadline", "result", "note", "task", "lead", "deadline", "result", "other"]
        );
    }

    #[test]
    fn row_per_line_with_page_break_repeat_and_continuation() {
        let text = "PHỤ LỤC\nPHÂN CÔNG NHIỆM VỤ\n(Kèm theo Kế hoạch số 1/KH-UBND)\nTT\tNhiệm vụ\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian thực hiện\n\
1\tXây dựng kế hoạch\tSở Tài chính\tSở Nội vụ\tTháng 3/2024\n\
2\tTổ chức tập huấn cho cán bộ cơ sở về\tSở Y tế\t\tTháng 5 -\n\
\n\
TT\tNhiệm vụ\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian thực hiện\n\
\tquản lý dịch bệnh\t\tHội Nông dân tỉnh\t6/2024\n\
\tKiểm tra, đánh giá kết quả.\tSở Nội vụ\t\tQuý IV/2024\n";
        let t = &tables(text)[0];
        assert_eq!(t.layout, TableLayout::RowPerLine);
        assert_eq!(t.title.as_deref(), Some("PHÂN CÔNG NHIỆM VỤ"));
        assert!(t.is_task_table());
        assert_eq!(
            task_rows(t),
            vec![
                ("1".into(), "Xây dựng kế hoạch".into(), "Sở Tài chính".into(), "Tháng 3/2024".into()),
                ("2".into(), "Tổ chức tập huấn cho cán bộ cơ sở về quản lý dịch bệnh".into(), "Sở Y tế".into(), "Tháng 5 - 6/2024".into()),
                ("".into(), "Kiểm tra, đánh giá kết quả.".into(), "Sở Nội vụ".into(), "Quý IV/2024".into()),
            ]
        );
    }

    #[test]
    fn group_rows_head_the_rows_below() {
        let text = "STT\tTên nhiệm vụ\tCơ quan chủ trì\tThời gian\n<b>I</b>\t<b>CƠ CHẾ</b>\t\t\n1\tRà soát\tBộ Tư pháp\t2026\nII\tHẠ TẦNG\t\t\n1\tĐầu tư\tBộ Xây dựng\t2027\n";
        let t = &tables(text)[0];
        let groups: Vec<_> = t.rows.iter().map(|r| (r.kind.as_str(), r.number.as_str(), r.group.clone())).collect();
        assert_eq!(
            groups,
            vec![
                ("group", "I", None),
                ("data", "1", Some("CƠ CHẾ".to_string())),
                ("group", "II", None),
                ("data", "1", Some("HẠ TẦNG".to_string())),
            ]
        );
    }

    #[test]
    fn two_row_header() {
        let text = "TT\tNội dung\tThực hiện\t\tThời gian\n\t\tĐơn vị chủ trì\tĐơn vị phối hợp\t\n1\tViệc một\tSở A\tSở B\t2025\n\n\
TT\tNội dung\tThực hiện\t\tThời gian\n\t\tĐơn vị chủ trì\tĐơn vị phối hợp\t\n2\tViệc hai\tSở C\t\t2026\n";
        let t = &tables(text)[0];
        let roles: Vec<_> = t.columns.iter().map(|c| c.role.as_str()).collect();
        assert_eq!(roles, ["number", "task", "lead", "partners", "deadline"]);
        // Both header rows repeated after a page break are dropped.
        let numbers: Vec<_> = task_rows(t).into_iter().map(|r| r.0).collect();
        assert_eq!(numbers, ["1", "2"]);
    }

    #[test]
    fn cell_per_line_rows_groups_merged_cells_and_multiline_cells() {
        let text = "\tTT\n\tNội dung\n\tNhiệm vụ\n\tĐơn vị chủ trì\n\tĐơn vị phối hợp\n\n\
\tI\n\tNHÓM MỘT\n\n\
\t1\n\tKiện toàn bộ máy\n\tBan hành quyết định\n\tSở Nội vụ\n\t\u{a0}\n\n\
\t\n\t\n\tTập huấn cán bộ\n\tSở Y tế\nSở Tài chính\n\tCác đơn vị có liên quan\n\n\
\t2\n\tTuyên truyền\n\t- Viết bài\n- Làm phóng sự\n\tBáo tỉnh\n\tĐài tỉnh\n \tPhát triển sản xuất\n\tHỗ trợ vốn\n\tNgân hàng\n\t\n";
        let t = &tables(text)[0];
        assert_eq!(t.layout, TableLayout::CellPerLine);
        let rows = task_rows(t);
        assert_eq!(
            rows,
            vec![
                ("1".into(), "Ban hành quyết định".into(), "Sở Nội vụ".into(), "".into()),
                ("1".into(), "Tập huấn cán bộ".into(), "Sở Y tế; Sở Tài chính".into(), "".into()),
                ("2".into(), "- Viết bài - Làm phóng sự".into(), "Báo tỉnh".into(), "".into()),
                ("".into(), "Hỗ trợ vốn".into(), "Ngân hàng".into(), "".into()),
            ]
        );
        let data: Vec<_> = t.rows.iter().filter(|r| r.kind == RowKind::Data).collect();
        assert_eq!(data[1].group.as_deref(), Some("Kiện toàn bộ máy"));
        assert_eq!(data[3].group.as_deref(), Some("Phát triển sản xuất"));
    }

    #[test]
    fn ragged_and_headerless_tables_do_not_panic() {
        let text = "a\tb\n\tc\td\te\tf\n\n\t\n x\t\n";
        let t = tables(text);
        assert!(!t.is_empty());
        assert!(!t[0].is_task_table());
    }

    #[test]
    fn numbered_rows_that_head_sub_numbers_are_groups() {
        let text = "STT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian thực hiện\n1\tPhát triển hạ tầng số\t\t\t\n1.1\tNâng cấp máy chủ\tSở Y tế\tSở Tài chính\tQuý II/2025\n1.2\tĐào tạo\tSở Y tế\t\t2025\n2\tTổng kết\tSở Y tế\t\tQuý IV/2025\n";
        let t = &tables(text)[0];
        let rows: Vec<_> = t.rows.iter().map(|r| (r.kind.as_str(), r.number.as_str(), r.group.as_deref())).collect();
        assert_eq!(
            rows,
            vec![
                ("group", "1", None),
                ("data", "1.1", Some("Phát triển hạ tầng số")),
                ("data", "1.2", Some("Phát triển hạ tầng số")),
                ("data", "2", None)
            ]
        );
    }

    #[test]
    fn tables_without_a_number_column() {
        let text = "Nội dung\tĐơn vị thực hiện\tThời gian\tKinh phí\n<b>I. TUYÊN TRUYỀN</b>\t\t\t\nTổ chức hội nghị\tSở Tư pháp\tQuý I/2025\t10\nIn tài liệu\tSở Nội vụ\t2025\t5\n";
        let t = &tables(text)[0];
        let rows: Vec<_> = t.rows.iter().map(|r| (r.kind.as_str(), r.number.as_str(), r.group.as_deref())).collect();
        assert_eq!(rows, vec![("group", "", None), ("data", "", Some("I. TUYÊN TRUYỀN")), ("data", "", Some("I. TUYÊN TRUYỀN"))]);
    }

    #[test]
    fn a_line_break_inside_a_row_per_line_cell() {
        let text = "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n1\tKiểm tra đê\tSở Xây dựng\tCông an tỉnh;\nBộ Chỉ huy Quân sự tỉnh\tTrước 15/5/2026\n2\tDiễn tập\tSở Y tế\tSở Nội vụ\t2026\n\nNơi nhận:\n";
        let t = &tables(text)[0];
        let rows = task_rows(t);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].3, "Trước 15/5/2026");
        assert_eq!(t.cell(&t.rows[0], ColumnRole::Partners), "Công an tỉnh;\nBộ Chỉ huy Quân sự tỉnh");
        // A short last row does not swallow the closing block.
        let text = "TT\tNhiệm vụ\tCơ quan chủ trì\tThời gian\n1\tKiểm tra\tSở Y tế\nNơi nhận:\n- Lưu: VT.\n";
        let t = &tables(text)[0];
        assert_eq!(t.end_idx, 2);
    }
}
