-- vnplan/1 relational schema for SQLite (3.32 or later, for `.import --csv --skip`).
--
-- One table per CSV file of `vnplan convert` (SPEC §5), with the CSV's columns in the same
-- order, so each file loads as it is with the sqlite3 shell. Columns and conventions:
-- schemas/CSV.md.
--
-- scripts/load-sqlite.sh OUT_DIR DB_FILE does the following and prints the rows per table.
--
-- Load (sqlite3 shell):
--
--   sqlite3 plans.db
--   .read schemas/sqlite.sql
--   PRAGMA foreign_keys = ON;
--   BEGIN;
--   .import --csv --skip 1 OUT_DIR/documents.csv     documents
--   .import --csv --skip 1 OUT_DIR/sections.csv      sections
--   .import --csv --skip 1 OUT_DIR/tables.csv        tables
--   .import --csv --skip 1 OUT_DIR/agencies.csv      agencies
--   .import --csv --skip 1 OUT_DIR/tasks.csv         tasks
--   .import --csv --skip 1 OUT_DIR/task_agencies.csv task_agencies
--   .import --csv --skip 1 OUT_DIR/legal_refs.csv    legal_refs
--   COMMIT;
--   PRAGMA foreign_key_check;    -- optional: lists rows whose keys do not resolve
--
-- * `--skip 1` drops the header row (the tables already exist, so .import would otherwise
--   load the header as data). It also drops the BOM of `--excel-safe` output, but load the
--   default output into databases: --excel-safe prefixes cells starting with = + - @ with `'`.
-- * Empty fields become NULL automatically. `.import` stores an empty CSV field as the empty
--   string ''; the AFTER INSERT trigger of each table (`<table>_empty_to_null`) immediately
--   rewrites '' to NULL in the nullable columns (UPDATE … SET col = NULLIF(col, '')). For
--   that reason the CHECK constraints of nullable columns also accept '' (it never survives
--   an INSERT). A value that is "" in the JSON (a task `number` "", an unnumbered appendix
--   `marker`, an empty `heading`) is NULL here too, as in PostgreSQL.
--   If you load the CSV some other way and are left with '' values, run the same UPDATEs by
--   hand, e.g.  UPDATE tasks SET deadline_end = NULLIF(deadline_end, '');
-- * Integer columns (counts, lines, levels, years, positions) get INTEGER affinity, so '12'
--   is stored as the integer 12; a CHECK makes sure that happened.
-- * Dates are TEXT in ISO form YYYY-MM-DD (CHECKed: pattern and a real calendar day), so
--   date functions and string comparison both work.
-- * Booleans are TEXT 'true' / 'false', exactly as written in the CSV
--   (query with  WHERE is_self = 'true').
-- * Foreign keys are enforced only with PRAGMA foreign_keys = ON (per connection). They are
--   DEFERRABLE INITIALLY DEFERRED: inside one transaction (BEGIN … COMMIT above) the files can
--   be imported in any order. Deleting a row of `documents` deletes everything of that
--   document (ON DELETE CASCADE), which is how a re-converted document is replaced.

CREATE TABLE documents (
    doc_id          TEXT    NOT NULL,
    path            TEXT    NOT NULL,
    sha256          TEXT    NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    bytes           INTEGER NOT NULL CHECK (typeof(bytes) = 'integer' AND bytes >= 0),
    encoding        TEXT    NOT NULL CHECK (encoding IN ('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1258', 'tcvn3', 'vni')),
    doc_type        TEXT,
    number          TEXT,
    issuer          TEXT,
    place           TEXT,
    province        TEXT,
    issued_date     TEXT             CHECK (coalesce(issued_date, '') = '' OR (issued_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(issued_date, '+0 days') = issued_date)),
    title           TEXT,
    plan_year       INTEGER          CHECK (coalesce(plan_year, '') = '' OR typeof(plan_year) = 'integer'),
    signer_name     TEXT,
    signer_position TEXT,
    sections        INTEGER NOT NULL CHECK (typeof(sections) = 'integer' AND sections >= 0),
    tables          INTEGER NOT NULL CHECK (typeof(tables) = 'integer' AND tables >= 0),
    tasks           INTEGER NOT NULL CHECK (typeof(tasks) = 'integer' AND tasks >= 0),
    agencies        INTEGER NOT NULL CHECK (typeof(agencies) = 'integer' AND agencies >= 0),
    legal_refs      INTEGER NOT NULL CHECK (typeof(legal_refs) = 'integer' AND legal_refs >= 0),
    diagnostics     INTEGER NOT NULL CHECK (typeof(diagnostics) = 'integer' AND diagnostics >= 0),
    PRIMARY KEY (doc_id)
);

CREATE TRIGGER documents_empty_to_null AFTER INSERT ON documents BEGIN
    UPDATE documents SET
        doc_type        = NULLIF(doc_type, ''),
        number          = NULLIF(number, ''),
        issuer          = NULLIF(issuer, ''),
        place           = NULLIF(place, ''),
        province        = NULLIF(province, ''),
        issued_date     = NULLIF(issued_date, ''),
        title           = NULLIF(title, ''),
        plan_year       = NULLIF(plan_year, ''),
        signer_name     = NULLIF(signer_name, ''),
        signer_position = NULLIF(signer_position, '')
    WHERE rowid = NEW.rowid;
END;

CREATE TABLE sections (
    doc_id     TEXT    NOT NULL,
    section_id TEXT    NOT NULL CHECK (section_id GLOB 'sec[0-9]*' AND substr(section_id, 4) NOT GLOB '*[^0-9]*'),
    parent_id  TEXT             CHECK (coalesce(parent_id, '') = '' OR (parent_id GLOB 'sec[0-9]*' AND substr(parent_id, 4) NOT GLOB '*[^0-9]*')),
    level      INTEGER NOT NULL CHECK (typeof(level) = 'integer' AND level >= 1),
    kind       TEXT    NOT NULL CHECK (kind IN ('roman', 'arabic', 'dotted', 'letter', 'appendix')),
    marker     TEXT,
    heading    TEXT,
    line       INTEGER NOT NULL CHECK (typeof(line) = 'integer' AND line >= 1),
    PRIMARY KEY (doc_id, section_id),
    FOREIGN KEY (doc_id) REFERENCES documents (doc_id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (doc_id, parent_id) REFERENCES sections (doc_id, section_id)
        DEFERRABLE INITIALLY DEFERRED
);

CREATE TRIGGER sections_empty_to_null AFTER INSERT ON sections BEGIN
    UPDATE sections SET
        parent_id = NULLIF(parent_id, ''),
        marker    = NULLIF(marker, ''),
        heading   = NULLIF(heading, '')
    WHERE rowid = NEW.rowid;
END;

CREATE TABLE tables (
    doc_id        TEXT    NOT NULL,
    table_id      TEXT    NOT NULL CHECK (table_id GLOB 'tbl[0-9]*' AND substr(table_id, 4) NOT GLOB '*[^0-9]*'),
    section_id    TEXT             CHECK (coalesce(section_id, '') = '' OR (section_id GLOB 'sec[0-9]*' AND substr(section_id, 4) NOT GLOB '*[^0-9]*')),
    title         TEXT,
    layout        TEXT    NOT NULL CHECK (layout IN ('row_per_line', 'cell_per_line')),
    line          INTEGER NOT NULL CHECK (typeof(line) = 'integer' AND line >= 1),
    "columns"     INTEGER NOT NULL CHECK (typeof("columns") = 'integer' AND "columns" >= 0),
    "rows"        INTEGER NOT NULL CHECK (typeof("rows") = 'integer' AND "rows" >= 0),
    is_task_table TEXT    NOT NULL CHECK (is_task_table IN ('true', 'false')),
    PRIMARY KEY (doc_id, table_id),
    FOREIGN KEY (doc_id) REFERENCES documents (doc_id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (doc_id, section_id) REFERENCES sections (doc_id, section_id)
        DEFERRABLE INITIALLY DEFERRED
);

CREATE TRIGGER tables_empty_to_null AFTER INSERT ON tables BEGIN
    UPDATE tables SET
        section_id = NULLIF(section_id, ''),
        title      = NULLIF(title, '')
    WHERE rowid = NEW.rowid;
END;

CREATE TABLE agencies (
    doc_id    TEXT    NOT NULL,
    agency_id TEXT    NOT NULL CHECK (agency_id GLOB 'ag[0-9]*' AND substr(agency_id, 3) NOT GLOB '*[^0-9]*'),
    name      TEXT    NOT NULL,
    kind      TEXT    NOT NULL CHECK (kind IN ('people_committee', 'council', 'department', 'ministry', 'party', 'front', 'association', 'bank', 'police', 'military', 'office', 'board', 'center', 'media', 'enterprise', 'collective', 'other')),
    level     TEXT             CHECK (coalesce(level, '') = '' OR level IN ('central', 'province', 'district', 'commune')),
    mentions  INTEGER NOT NULL CHECK (typeof(mentions) = 'integer' AND mentions >= 1),
    PRIMARY KEY (doc_id, agency_id),
    FOREIGN KEY (doc_id) REFERENCES documents (doc_id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
);

CREATE TRIGGER agencies_empty_to_null AFTER INSERT ON agencies BEGIN
    UPDATE agencies SET level = NULLIF(level, '') WHERE rowid = NEW.rowid;
END;

CREATE TABLE tasks (
    doc_id                 TEXT    NOT NULL,
    task_id                TEXT    NOT NULL CHECK (task_id GLOB 'task[0-9]*' AND substr(task_id, 5) NOT GLOB '*[^0-9]*'),
    source                 TEXT    NOT NULL CHECK (source IN ('table', 'body')),
    table_id               TEXT             CHECK (coalesce(table_id, '') = '' OR (table_id GLOB 'tbl[0-9]*' AND substr(table_id, 4) NOT GLOB '*[^0-9]*')),
    section_id             TEXT             CHECK (coalesce(section_id, '') = '' OR (section_id GLOB 'sec[0-9]*' AND substr(section_id, 4) NOT GLOB '*[^0-9]*')),
    number                 TEXT,
    "group"                TEXT,
    description            TEXT    NOT NULL,
    deadline_text          TEXT,
    deadline_kind          TEXT             CHECK (coalesce(deadline_kind, '') = '' OR deadline_kind IN ('month', 'range', 'quarter', 'half', 'year', 'years', 'date', 'continuous', 'by', 'recurring', 'event', 'season', 'unknown')),
    deadline_start         TEXT             CHECK (coalesce(deadline_start, '') = '' OR (deadline_start GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(deadline_start, '+0 days') = deadline_start)),
    deadline_end           TEXT             CHECK (coalesce(deadline_end, '') = '' OR (deadline_end GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(deadline_end, '+0 days') = deadline_end)),
    -- a `;`-separated set of recurrence values, e.g. 'semiannual;annual'
    deadline_recurrence    TEXT             CHECK (coalesce(deadline_recurrence, '') = '' OR (
                               deadline_recurrence NOT GLOB ';*' AND deadline_recurrence NOT GLOB '*;' AND deadline_recurrence NOT GLOB '*;;*'
                               AND replace(replace(replace(replace(replace(replace(replace(';' || deadline_recurrence || ';',
                                   ';daily;', ';;'), ';weekly;', ';;'), ';monthly;', ';;'), ';quarterly;', ';;'),
                                   ';semiannual;', ';;'), ';annual;', ';;'), ';', '') = '')),
    deadline_year_inferred TEXT             CHECK (coalesce(deadline_year_inferred, '') = '' OR deadline_year_inferred IN ('true', 'false')),
    result                 TEXT,
    note                   TEXT,
    line                   INTEGER NOT NULL CHECK (typeof(line) = 'integer' AND line >= 1),
    PRIMARY KEY (doc_id, task_id),
    FOREIGN KEY (doc_id) REFERENCES documents (doc_id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (doc_id, table_id) REFERENCES tables (doc_id, table_id)
        DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (doc_id, section_id) REFERENCES sections (doc_id, section_id)
        DEFERRABLE INITIALLY DEFERRED
);

CREATE TRIGGER tasks_empty_to_null AFTER INSERT ON tasks BEGIN
    UPDATE tasks SET
        table_id               = NULLIF(table_id, ''),
        section_id             = NULLIF(section_id, ''),
        number                 = NULLIF(number, ''),
        "group"                = NULLIF("group", ''),
        deadline_text          = NULLIF(deadline_text, ''),
        deadline_kind          = NULLIF(deadline_kind, ''),
        deadline_start         = NULLIF(deadline_start, ''),
        deadline_end           = NULLIF(deadline_end, ''),
        deadline_recurrence    = NULLIF(deadline_recurrence, ''),
        deadline_year_inferred = NULLIF(deadline_year_inferred, ''),
        result                 = NULLIF(result, ''),
        note                   = NULLIF(note, '')
    WHERE rowid = NEW.rowid;
END;

CREATE TABLE task_agencies (
    doc_id    TEXT    NOT NULL,
    task_id   TEXT    NOT NULL CHECK (task_id GLOB 'task[0-9]*' AND substr(task_id, 5) NOT GLOB '*[^0-9]*'),
    agency_id TEXT    NOT NULL CHECK (agency_id GLOB 'ag[0-9]*' AND substr(agency_id, 3) NOT GLOB '*[^0-9]*'),
    role      TEXT    NOT NULL CHECK (role IN ('lead', 'partner')),
    position  INTEGER NOT NULL CHECK (typeof(position) = 'integer' AND position >= 1),
    PRIMARY KEY (doc_id, task_id, role, position),
    FOREIGN KEY (doc_id) REFERENCES documents (doc_id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (doc_id, task_id) REFERENCES tasks (doc_id, task_id)
        DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (doc_id, agency_id) REFERENCES agencies (doc_id, agency_id)
        DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE legal_refs (
    doc_id      TEXT    NOT NULL,
    ref_id      TEXT    NOT NULL CHECK (ref_id GLOB 'ref[0-9]*' AND substr(ref_id, 4) NOT GLOB '*[^0-9]*'),
    doc_type    TEXT    NOT NULL,
    number      TEXT    NOT NULL,
    issued_date TEXT             CHECK (coalesce(issued_date, '') = '' OR (issued_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(issued_date, '+0 days') = issued_date)),
    issuer      TEXT,
    alias       TEXT,
    is_self     TEXT    NOT NULL CHECK (is_self IN ('true', 'false')),
    mentions    INTEGER NOT NULL CHECK (typeof(mentions) = 'integer' AND mentions >= 1),
    text        TEXT    NOT NULL,
    line        INTEGER NOT NULL CHECK (typeof(line) = 'integer' AND line >= 1),
    PRIMARY KEY (doc_id, ref_id),
    FOREIGN KEY (doc_id) REFERENCES documents (doc_id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
);

CREATE TRIGGER legal_refs_empty_to_null AFTER INSERT ON legal_refs BEGIN
    UPDATE legal_refs SET
        issued_date = NULLIF(issued_date, ''),
        issuer      = NULLIF(issuer, ''),
        alias       = NULLIF(alias, '')
    WHERE rowid = NEW.rowid;
END;

-- Indexes for analysis. The primary keys already index (doc_id, local id); these cover the
-- usual questions and the child side of the composite foreign keys (which SQLite uses when
-- checking ON DELETE CASCADE and deferred keys).
CREATE INDEX tasks_deadline_end_idx    ON tasks (deadline_end);
CREATE INDEX tasks_deadline_kind_idx   ON tasks (deadline_kind);
CREATE INDEX tasks_section_idx         ON tasks (doc_id, section_id);
CREATE INDEX tasks_table_idx           ON tasks (doc_id, table_id);
CREATE INDEX task_agencies_agency_idx  ON task_agencies (doc_id, agency_id, role);
CREATE INDEX agencies_name_idx         ON agencies (name);
CREATE INDEX agencies_kind_level_idx   ON agencies (kind, level);
CREATE INDEX legal_refs_number_idx     ON legal_refs (number);
CREATE INDEX legal_refs_doc_type_idx   ON legal_refs (doc_type, issued_date);
CREATE INDEX sections_parent_idx       ON sections (doc_id, parent_id);
CREATE INDEX tables_section_idx        ON tables (doc_id, section_id);
CREATE INDEX documents_number_idx      ON documents (number);
CREATE INDEX documents_issued_date_idx ON documents (issued_date);
