-- vnplan/1 relational schema for PostgreSQL (12 or later).
--
-- One table per CSV file of `vnplan convert` (SPEC §5), with the CSV's columns in the same
-- order, so each file loads as it is. Columns and conventions: schemas/CSV.md.
--
-- scripts/load-postgres.sh OUT_DIR [DBNAME] does the following and prints the rows per table.
--
-- Load (psql, client-side files; use COPY ... FROM '/server/path' for server-side files):
--
--   \set ON_ERROR_STOP on
--   \i schemas/postgres.sql
--   BEGIN;
--   \copy documents     FROM 'OUT_DIR/documents.csv'     WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')
--   \copy sections      FROM 'OUT_DIR/sections.csv'      WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')
--   \copy tables        FROM 'OUT_DIR/tables.csv'        WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')
--   \copy tasks         FROM 'OUT_DIR/tasks.csv'         WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')
--   \copy agencies      FROM 'OUT_DIR/agencies.csv'      WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')
--   \copy task_agencies FROM 'OUT_DIR/task_agencies.csv' WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')
--   \copy legal_refs    FROM 'OUT_DIR/legal_refs.csv'    WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')
--   COMMIT;
--
-- * Empty fields are NULL: vnplan writes an absent value as an empty, unquoted field, and
--   COPY in CSV format reads an unquoted empty field as NULL. (vnplan never writes `""`.)
--   Consequence: a value that is the empty string in the JSON (a task `number` "", an
--   unnumbered appendix `marker`, an empty `heading`) is also NULL here; those columns are
--   nullable. Add FORCE_NOT_NULL (number) etc. to the COPY options if you prefer ''.
-- * Every foreign key is DEFERRABLE INITIALLY DEFERRED: inside one transaction the files can
--   be loaded in any order; the keys are checked at COMMIT.
-- * Deleting a row of `documents` deletes everything of that document (ON DELETE CASCADE),
--   so a re-converted document is replaced with
--     DELETE FROM documents WHERE doc_id = ANY(...);  then COPY the new rows.
-- * Load the default CSV output, not `--excel-safe` output: that one prefixes cells starting
--   with = + - @ with an apostrophe (it also starts with a BOM, which HEADER true skips).

CREATE TABLE documents (
    doc_id          TEXT    NOT NULL,
    path            TEXT    NOT NULL,
    sha256          TEXT    NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    bytes           BIGINT  NOT NULL CHECK (bytes >= 0),
    encoding        TEXT    NOT NULL CHECK (encoding IN ('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1258', 'tcvn3', 'vni')),
    doc_type        TEXT,
    number          TEXT,
    issuer          TEXT,
    place           TEXT,
    province        TEXT,
    issued_date     DATE,
    title           TEXT,
    plan_year       INTEGER,
    signer_name     TEXT,
    signer_position TEXT,
    sections        INTEGER NOT NULL CHECK (sections >= 0),
    tables          INTEGER NOT NULL CHECK (tables >= 0),
    tasks           INTEGER NOT NULL CHECK (tasks >= 0),
    agencies        INTEGER NOT NULL CHECK (agencies >= 0),
    legal_refs      INTEGER NOT NULL CHECK (legal_refs >= 0),
    diagnostics     INTEGER NOT NULL CHECK (diagnostics >= 0),
    PRIMARY KEY (doc_id)
);

CREATE TABLE sections (
    doc_id     TEXT    NOT NULL,
    section_id TEXT    NOT NULL CHECK (section_id ~ '^sec[0-9]+$'),
    parent_id  TEXT             CHECK (parent_id ~ '^sec[0-9]+$'),
    level      INTEGER NOT NULL CHECK (level >= 1),
    kind       TEXT    NOT NULL CHECK (kind IN ('roman', 'arabic', 'dotted', 'letter', 'appendix')),
    marker     TEXT,
    heading    TEXT,
    line       INTEGER NOT NULL CHECK (line >= 1),
    PRIMARY KEY (doc_id, section_id),
    FOREIGN KEY (doc_id) REFERENCES documents (doc_id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (doc_id, parent_id) REFERENCES sections (doc_id, section_id)
        DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE tables (
    doc_id        TEXT    NOT NULL,
    table_id      TEXT    NOT NULL CHECK (table_id ~ '^tbl[0-9]+$'),
    section_id    TEXT             CHECK (section_id ~ '^sec[0-9]+$'),
    title         TEXT,
    layout        TEXT    NOT NULL CHECK (layout IN ('row_per_line', 'cell_per_line')),
    line          INTEGER NOT NULL CHECK (line >= 1),
    columns       INTEGER NOT NULL CHECK (columns >= 0),
    rows          INTEGER NOT NULL CHECK (rows >= 0),
    is_task_table BOOLEAN NOT NULL,
    PRIMARY KEY (doc_id, table_id),
    FOREIGN KEY (doc_id) REFERENCES documents (doc_id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (doc_id, section_id) REFERENCES sections (doc_id, section_id)
        DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE tasks (
    doc_id                 TEXT    NOT NULL,
    task_id                TEXT    NOT NULL CHECK (task_id ~ '^task[0-9]+$'),
    source                 TEXT    NOT NULL CHECK (source IN ('table', 'body')),
    table_id               TEXT             CHECK (table_id ~ '^tbl[0-9]+$'),
    section_id             TEXT             CHECK (section_id ~ '^sec[0-9]+$'),
    number                 TEXT,
    "group"                TEXT,
    description            TEXT    NOT NULL,
    deadline_text          TEXT,
    deadline_kind          TEXT             CHECK (deadline_kind IN ('month', 'range', 'quarter', 'half', 'year', 'years', 'date', 'continuous', 'by', 'recurring', 'event', 'season', 'unknown')),
    deadline_start         DATE,
    deadline_end           DATE,
    deadline_recurrence    TEXT             CHECK (deadline_recurrence ~ '^(daily|weekly|monthly|quarterly|semiannual|annual)(;(daily|weekly|monthly|quarterly|semiannual|annual))*$'),
    deadline_year_inferred BOOLEAN,
    result                 TEXT,
    note                   TEXT,
    line                   INTEGER NOT NULL CHECK (line >= 1),
    PRIMARY KEY (doc_id, task_id),
    -- deadline_kind and deadline_year_inferred are both set (the task has a deadline) or both NULL
    CHECK ((deadline_kind IS NULL) = (deadline_year_inferred IS NULL)),
    FOREIGN KEY (doc_id) REFERENCES documents (doc_id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (doc_id, table_id) REFERENCES tables (doc_id, table_id)
        DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (doc_id, section_id) REFERENCES sections (doc_id, section_id)
        DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE agencies (
    doc_id    TEXT    NOT NULL,
    agency_id TEXT    NOT NULL CHECK (agency_id ~ '^ag[0-9]+$'),
    name      TEXT    NOT NULL,
    kind      TEXT    NOT NULL CHECK (kind IN ('people_committee', 'council', 'department', 'ministry', 'party', 'front', 'association', 'bank', 'police', 'military', 'office', 'board', 'center', 'media', 'enterprise', 'collective', 'other')),
    level     TEXT             CHECK (level IN ('central', 'province', 'district', 'commune')),
    mentions  INTEGER NOT NULL CHECK (mentions >= 1),
    PRIMARY KEY (doc_id, agency_id),
    FOREIGN KEY (doc_id) REFERENCES documents (doc_id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE task_agencies (
    doc_id    TEXT    NOT NULL,
    task_id   TEXT    NOT NULL CHECK (task_id ~ '^task[0-9]+$'),
    agency_id TEXT    NOT NULL CHECK (agency_id ~ '^ag[0-9]+$'),
    role      TEXT    NOT NULL CHECK (role IN ('lead', 'partner')),
    position  INTEGER NOT NULL CHECK (position >= 1),
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
    ref_id      TEXT    NOT NULL CHECK (ref_id ~ '^ref[0-9]+$'),
    doc_type    TEXT    NOT NULL,
    number      TEXT    NOT NULL,
    issued_date DATE,
    issuer      TEXT,
    alias       TEXT,
    is_self     BOOLEAN NOT NULL,
    mentions    INTEGER NOT NULL CHECK (mentions >= 1),
    text        TEXT    NOT NULL,
    line        INTEGER NOT NULL CHECK (line >= 1),
    PRIMARY KEY (doc_id, ref_id),
    FOREIGN KEY (doc_id) REFERENCES documents (doc_id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
);

-- Indexes for analysis. The primary keys already index (doc_id, local id); these cover the
-- usual questions and the referencing side of the composite foreign keys.
CREATE INDEX tasks_deadline_end_idx      ON tasks (deadline_end);
CREATE INDEX tasks_deadline_kind_idx     ON tasks (deadline_kind);
CREATE INDEX tasks_section_idx           ON tasks (doc_id, section_id);
CREATE INDEX tasks_table_idx             ON tasks (doc_id, table_id);
CREATE INDEX task_agencies_agency_idx    ON task_agencies (doc_id, agency_id, role);
CREATE INDEX agencies_name_idx           ON agencies (name);
CREATE INDEX agencies_kind_level_idx     ON agencies (kind, level);
CREATE INDEX legal_refs_number_idx       ON legal_refs (number);
CREATE INDEX legal_refs_doc_type_idx     ON legal_refs (doc_type, issued_date);
CREATE INDEX sections_parent_idx         ON sections (doc_id, parent_id);
CREATE INDEX tables_section_idx          ON tables (doc_id, section_id);
CREATE INDEX documents_number_idx        ON documents (number);
CREATE INDEX documents_issued_date_idx   ON documents (issued_date);

COMMENT ON TABLE documents     IS 'vnplan/1: one row per converted document (documents.csv; schemas/CSV.md)';
COMMENT ON TABLE sections      IS 'vnplan/1: numbered headings and items (sections.csv)';
COMMENT ON TABLE tables        IS 'vnplan/1: TAB-separated tables found in the text (tables.csv)';
COMMENT ON TABLE tasks         IS 'vnplan/1: assigned tasks with their deadline (tasks.csv)';
COMMENT ON TABLE agencies      IS 'vnplan/1: canonical agencies of each document (agencies.csv)';
COMMENT ON TABLE task_agencies IS 'vnplan/1: lead and partner agencies of each task (task_agencies.csv)';
COMMENT ON TABLE legal_refs    IS 'vnplan/1: distinct cited documents, own number flagged is_self (legal_refs.csv)';
