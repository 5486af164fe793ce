import type { DatabaseSync } from 'node:sqlite';
import { silentLogger, type Logger } from '../logger.ts';

// The schema of the case store, as a list of steps. `PRAGMA user_version`
// records the last step applied; opening the store applies the missing
// ones, each in its own transaction, so a crash halfway leaves the file at
// the previous version rather than half-changed. Steps are never edited
// once released: a change is a new step at the end.
//
// A step that must rebuild a table has to run with foreign keys off, which
// SQLite only allows outside a transaction: such a step will need its own
// handling here (see https://www.sqlite.org/lang_altertable.html#otheralter).

/** Marks a file as an Offload Console store ("OFFC"). */
export const STORE_APPLICATION_ID = 0x4f_46_46_43;

export interface Migration {
  version: number;
  description: string;
  up(db: DatabaseSync): void;
}

/** The file was written by a newer version of the app. */
export class StoreVersionError extends Error {
  override readonly name = 'StoreVersionError';
  readonly fileVersion: number;
  readonly knownVersion: number;

  constructor(fileVersion: number, knownVersion: number) {
    super(
      `The case store was written by a newer version of Offload Console ` +
        `(schema ${fileVersion}; this version knows up to ${knownVersion}). ` +
        `Update the app; the file was left as it is.`,
    );
    this.fileVersion = fileVersion;
    this.knownVersion = knownVersion;
  }
}

// Search tables use unicode61 with diacritics removed so that "Muller"
// finds "Müller", and the reverse. The 2- and 3-letter prefix indexes make
// the first keystrokes of search-as-you-type cheap ("co" matched as a prefix
// over 10,000 transcripts: 300 ms without, 50 ms with) for about a quarter
// more index size.
const TOKENIZER = `tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'`;

const INITIAL_SCHEMA = `
  PRAGMA application_id = ${STORE_APPLICATION_ID};

  -- Facts about the file itself (when it was last checked whole).
  CREATE TABLE store_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  -- id is the stable integer key the case-field search rows are built on
  -- (an INTEGER PRIMARY KEY survives VACUUM; a bare rowid may not).
  CREATE TABLE watched_cases (
    id INTEGER PRIMARY KEY,
    case_id TEXT NOT NULL UNIQUE,
    label TEXT,
    client_reference_id TEXT,
    added_at INTEGER NOT NULL,
    added_how TEXT NOT NULL
      CHECK (added_how IN ('single', 'paste', 'file', 'cli', 'deep-link')),
    flag TEXT CHECK (flag IN ('not-found', 'forbidden'))
  ) STRICT;
  CREATE INDEX watched_cases_by_reference
    ON watched_cases (client_reference_id)
    WHERE client_reference_id IS NOT NULL;

  -- The latest CaseView of each case, with the fields the list shows and
  -- sorts on copied into columns so that listing never parses JSON.
  -- seen_updated_at is the updatedAt the person last opened.
  CREATE TABLE snapshots (
    case_id TEXT PRIMARY KEY
      REFERENCES watched_cases (case_id) ON DELETE CASCADE,
    view_json TEXT NOT NULL,
    status TEXT NOT NULL,
    client_reference_id TEXT,
    counterparty_name TEXT,
    counterparty_address TEXT,
    counterparty_company TEXT,
    objective TEXT,
    attempt_count INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    fetched_at INTEGER NOT NULL,
    seen_updated_at INTEGER,
    seen_at INTEGER
  ) STRICT;
  CREATE INDEX snapshots_by_reference
    ON snapshots (client_reference_id)
    WHERE client_reference_id IS NOT NULL;

  CREATE TABLE transcripts (
    id INTEGER PRIMARY KEY,
    case_id TEXT NOT NULL UNIQUE
      REFERENCES watched_cases (case_id) ON DELETE CASCADE,
    text TEXT,
    case_updated_at INTEGER NOT NULL,
    fetched_at INTEGER NOT NULL
  ) STRICT;

  -- Transcripts are big, so their index reads the text from the table
  -- above (external content) instead of keeping a second copy. The
  -- triggers keep it exact: an external-content index must be told the old
  -- text of every row it forgets.
  CREATE VIRTUAL TABLE transcript_search USING fts5 (
    text, content = 'transcripts', content_rowid = 'id', ${TOKENIZER}
  );
  CREATE TRIGGER transcripts_indexed AFTER INSERT ON transcripts BEGIN
    INSERT INTO transcript_search (rowid, text) VALUES (new.id, new.text);
  END;
  CREATE TRIGGER transcripts_unindexed AFTER DELETE ON transcripts BEGIN
    INSERT INTO transcript_search (transcript_search, rowid, text)
      VALUES ('delete', old.id, old.text);
  END;
  CREATE TRIGGER transcripts_reindexed AFTER UPDATE OF text ON transcripts
    WHEN old.text IS NOT new.text BEGIN
    INSERT INTO transcript_search (transcript_search, rowid, text)
      VALUES ('delete', old.id, old.text);
    INSERT INTO transcript_search (rowid, text) VALUES (new.id, new.text);
  END;

  -- Short case fields (reference, counterparty, objective, label), one row
  -- per case and field; rowid = watched_cases.id * 8 + field number, so a
  -- row is replaced by key (see case-search.ts).
  CREATE VIRTUAL TABLE case_field_search USING fts5 (
    case_id UNINDEXED, field UNINDEXED, body, ${TOKENIZER}
  );

  -- The id has Offload's form evt_{caseId}_{type}_{updatedAt}, so seeing
  -- the same state twice inserts nothing.
  CREATE TABLE timeline_events (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL
      REFERENCES watched_cases (case_id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    at INTEGER NOT NULL,
    details_json TEXT NOT NULL
  ) STRICT;
  CREATE INDEX timeline_events_by_case ON timeline_events (case_id, at);

  CREATE TABLE drafts (
    case_id TEXT NOT NULL
      REFERENCES watched_cases (case_id) ON DELETE CASCADE,
    input_request_id TEXT NOT NULL,
    text TEXT NOT NULL,
    saved_at INTEGER NOT NULL,
    PRIMARY KEY (case_id, input_request_id)
  ) STRICT;

  -- Answers and downloads are history: no foreign key, so they outlive
  -- the watch entry (see SqliteCaseStore.unwatch).
  CREATE TABLE answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id TEXT NOT NULL,
    input_request_id TEXT NOT NULL,
    text TEXT NOT NULL,
    who TEXT NOT NULL,
    at INTEGER NOT NULL,
    outcome TEXT NOT NULL
      CHECK (outcome IN ('sending', 'accepted', 'not-sent', 'rejected')),
    detail TEXT
  ) STRICT;
  CREATE INDEX answers_by_case ON answers (case_id, at);

  CREATE TABLE downloads (
    case_id TEXT NOT NULL,
    attachment_id TEXT NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (case_id, attachment_id, path)
  ) STRICT;

  CREATE TABLE sync_states (
    case_id TEXT PRIMARY KEY
      REFERENCES watched_cases (case_id) ON DELETE CASCADE,
    last_synced_at INTEGER,
    last_error_json TEXT,
    transcript_synced_at INTEGER,
    transcript_error_json TEXT
  ) STRICT;

  -- Cases whose field rows in case_field_search wait to be rebuilt. A sync
  -- pass saves thousands of snapshots, and writing the search index in
  -- each of their commits costs more than all the other writes together,
  -- so snapshots only mark the case here and the index catches up in bulk
  -- (before a search, when many wait, and on close). Kept in the file, so
  -- a crash loses no pending work.
  CREATE TABLE search_pending (case_id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
`;

// Downloads under way: a row is written before a `.part` file is created
// and removed once it is renamed or deleted, so after a crash the next
// start finds every part left behind (downloads/part-recovery.ts). No
// foreign key: a part must be cleaned up even after its case is unwatched.
const DOWNLOAD_PARTS = `
  CREATE TABLE download_parts (
    part_path TEXT PRIMARY KEY,
    case_id TEXT NOT NULL,
    attachment_id TEXT NOT NULL,
    destination TEXT NOT NULL,
    expected_size INTEGER NOT NULL,
    started_at INTEGER NOT NULL
  ) STRICT;
`;

/** Every schema step, in order; the last version is the current schema. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'watch list, snapshots, transcripts, search, history',
    up: (db) => db.exec(INITIAL_SCHEMA),
  },
  {
    version: 2,
    description: 'downloads under way, for start-up clean-up',
    up: (db) => db.exec(DOWNLOAD_PARTS),
  },
];

/** The schema version of an open database (`PRAGMA user_version`). */
export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get();
  return Number(row?.['user_version'] ?? 0);
}

/**
 * Brings the database to the last version in `migrations`, one transaction
 * per step. Throws StoreVersionError, writing nothing, when the file is
 * newer than the list.
 */
export function migrate(
  db: DatabaseSync,
  migrations: readonly Migration[] = MIGRATIONS,
  logger: Logger = silentLogger,
): { from: number; to: number } {
  migrations.forEach((step, index) => {
    if (step.version !== index + 1) {
      throw new Error(
        `Migration ${index + 1} is numbered ${step.version}; steps must ` +
          'be numbered 1, 2, 3... in order.',
      );
    }
  });
  const latest = migrations.length;
  const from = schemaVersion(db);
  if (from > latest) throw new StoreVersionError(from, latest);

  for (const step of migrations.slice(from)) {
    db.exec('BEGIN IMMEDIATE');
    try {
      step.up(db);
      // user_version lives in the file header and changes with the
      // transaction, so the step and its number commit together.
      db.exec(`PRAGMA user_version = ${step.version}`);
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw new Error(
        `Migration ${step.version} (${step.description}) failed: ` +
          (error instanceof Error ? error.message : String(error)),
        { cause: error },
      );
    }
    logger.info('applied store migration', {
      version: step.version,
      description: step.description,
    });
  }
  return { from, to: Math.max(from, latest) };
}
