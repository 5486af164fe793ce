import type { DatabaseSync, StatementSync } from 'node:sqlite';
import {
  SEARCH_MARK_END,
  SEARCH_MARK_START,
  type SearchField,
  type SearchHit,
} from './case-store-types.ts';
import { toFtsQuery } from './search-query.ts';

// Full-text search over transcripts and the short fields of each case.
// Transcripts are indexed by triggers (store-migrations.ts); the case
// fields are written here, whenever the watch entry or the snapshot they
// come from changes. Each (case, field) has one row, keyed
// watched_cases.id * 8 + field number, so a row is replaced by key without
// scanning the index, and a search can never return the same case and
// field twice.

/** Field numbers in the row key; never renumber (they are in files). */
const FIELD_NUMBERS = {
  clientReferenceId: 0,
  counterparty: 1,
  objective: 2,
  label: 3,
} as const satisfies Record<Exclude<SearchField, 'transcript'>, number>;
type CaseField = keyof typeof FIELD_NUMBERS;
const CASE_FIELDS = Object.keys(FIELD_NUMBERS) as CaseField[];
const ROW_KEY_STRIDE = 8;

/** Words of context around the match in a snippet. */
const SNIPPET_TOKENS = 14;
const ELLIPSIS = '…';

/** The search row keys of a watch entry's fields, in CASE_FIELDS order. */
function rowKeys(watchId: number): number[] {
  return CASE_FIELDS.map(
    (field) => watchId * ROW_KEY_STRIDE + FIELD_NUMBERS[field],
  );
}

interface FieldSource {
  id: number;
  case_id: string;
  label: string | null;
  watch_reference: string | null;
  snapshot_reference: string | null;
  counterparty_name: string | null;
  counterparty_address: string | null;
  counterparty_company: string | null;
  objective: string | null;
}

interface RankedHit extends SearchHit {
  rank: number;
}

function joinPresent(values: (string | null)[], separator: string): string {
  const present = values.filter((value): value is string => !!value);
  return [...new Set(present)].join(separator);
}

function fieldBodies(source: FieldSource): Record<CaseField, string> {
  return {
    clientReferenceId: joinPresent(
      [source.watch_reference, source.snapshot_reference],
      ' ',
    ),
    counterparty: joinPresent(
      [
        source.counterparty_name,
        source.counterparty_address,
        source.counterparty_company,
      ],
      ' · ',
    ),
    objective: source.objective ?? '',
    label: source.label ?? '',
  };
}

/** Search index maintenance and queries, on statements prepared once. */
export class CaseSearchIndex {
  readonly #fieldSource: StatementSync;
  readonly #currentRows: StatementSync;
  readonly #deleteRow: StatementSync;
  readonly #insertRow: StatementSync;
  readonly #deleteCaseRows: StatementSync;
  readonly #matchFields: StatementSync;
  readonly #matchTranscripts: StatementSync;

  constructor(db: DatabaseSync) {
    this.#fieldSource = db.prepare(`
      SELECT w.id, w.case_id, w.label,
        w.client_reference_id AS watch_reference,
        s.client_reference_id AS snapshot_reference,
        s.counterparty_name, s.counterparty_address, s.counterparty_company,
        s.objective
      FROM watched_cases w LEFT JOIN snapshots s ON s.case_id = w.case_id
      WHERE w.case_id = ?`);
    // FTS5 looks rows up by rowid only for = and IN; a range (BETWEEN)
    // scans the whole index.
    const keys = CASE_FIELDS.map(() => '?').join(', ');
    this.#currentRows = db.prepare(`
      SELECT rowid, body FROM case_field_search WHERE rowid IN (${keys})`);
    this.#deleteRow = db.prepare(
      'DELETE FROM case_field_search WHERE rowid = ?',
    );
    this.#insertRow = db.prepare(`
      INSERT INTO case_field_search (rowid, case_id, field, body)
      VALUES (?, ?, ?, ?)`);
    this.#deleteCaseRows = db.prepare(
      `DELETE FROM case_field_search WHERE rowid IN (${keys})`,
    );
    // The snippet is computed in the ranking statement: FTS5 sorts by rank
    // itself and makes snippets only for the rows read past the LIMIT, and
    // a prefix term is expanded once per statement, not once per hit.
    this.#matchFields = db.prepare(`
      SELECT case_id, field, rank,
        snippet(case_field_search, 2, ?, ?, ?, ?) AS snippet
      FROM case_field_search
      WHERE case_field_search MATCH ? ORDER BY rank LIMIT ?`);
    this.#matchTranscripts = db.prepare(`
      SELECT t.case_id, m.rank, m.snippet
      FROM (
        SELECT rowid, rank,
          snippet(transcript_search, 0, ?, ?, ?, ?) AS snippet
        FROM transcript_search
        WHERE transcript_search MATCH ? ORDER BY rank LIMIT ?
      ) m JOIN transcripts t ON t.id = m.rowid
      ORDER BY m.rank`);
  }

  /**
   * Brings the field rows of one watched case in line with its watch entry
   * and snapshot. Call inside the transaction that changed them. Unchanged
   * fields are not rewritten, so polling an unchanged case costs a read.
   */
  reindexCase(caseId: string): void {
    const source = this.#fieldSource.get(caseId) as FieldSource | undefined;
    if (!source) return;
    const base = source.id * ROW_KEY_STRIDE;
    const current = new Map<number, string>();
    for (const row of this.#currentRows.all(...rowKeys(source.id))) {
      current.set(Number(row['rowid']), String(row['body']));
    }
    const bodies = fieldBodies(source);
    for (const field of CASE_FIELDS) {
      const rowid = base + FIELD_NUMBERS[field];
      const body = bodies[field];
      const before = current.get(rowid);
      if (before === body || (before === undefined && body === '')) continue;
      if (before !== undefined) this.#deleteRow.run(rowid);
      if (body !== '') this.#insertRow.run(rowid, caseId, field, body);
    }
  }

  /** Forgets the field rows of a watch entry (by watched_cases.id). */
  dropCase(watchId: number): void {
    this.#deleteCaseRows.run(...rowKeys(watchId));
  }

  /** Best hits first (bm25), at most `limit`, one per (case, field). */
  search(query: string, limit: number): SearchHit[] {
    const match = toFtsQuery(query);
    if (match === null) return [];
    const args = [
      SEARCH_MARK_START,
      SEARCH_MARK_END,
      ELLIPSIS,
      SNIPPET_TOKENS,
      match,
      limit,
    ];
    const ranked: RankedHit[] = [];
    for (const row of this.#matchFields.all(...args)) {
      ranked.push({
        caseId: String(row['case_id']),
        field: String(row['field']) as SearchField,
        snippet: String(row['snippet'] ?? ''),
        rank: Number(row['rank']),
      });
    }
    for (const row of this.#matchTranscripts.all(...args)) {
      ranked.push({
        caseId: String(row['case_id']),
        field: 'transcript',
        snippet: String(row['snippet'] ?? ''),
        rank: Number(row['rank']),
      });
    }
    // bm25 is lower for better matches. Scores from the two indexes are
    // on the same scale but not strictly comparable (different corpora);
    // a match in a short field naturally ranks above one in a long thread.
    ranked.sort((a, b) => a.rank - b.rank);
    return ranked
      .slice(0, limit)
      .map(({ caseId, field, snippet }) => ({ caseId, field, snippet }));
  }
}
