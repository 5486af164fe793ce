import type { DatabaseSync, StatementSync } from 'node:sqlite';

// The SQL of the case store (case-store.ts), prepared once per connection
// and reused for every call. The schema is in store-migrations.ts.

export type Statements = ReturnType<typeof prepareStatements>;

// Writes of case-scoped rows carry `WHERE EXISTS (watched)`, so a write
// about an unwatched case inserts nothing instead of failing on the
// foreign key.
const IF_WATCHED =
  'WHERE EXISTS (SELECT 1 FROM watched_cases WHERE case_id = ?)';

// Column order matters: listCases() reads the rows as arrays.
const LIST_CASES = `
  SELECT w.case_id, w.label, w.flag,
    coalesce(w.client_reference_id, s.client_reference_id)
      AS client_reference_id,
    s.status, s.counterparty_name, s.counterparty_address, s.objective,
    s.attempt_count, s.max_attempts, s.created_at, s.updated_at,
    s.fetched_at,
    s.case_id IS NOT NULL AND s.seen_updated_at IS NOT s.updated_at
      AS unseen
  FROM watched_cases w LEFT JOIN snapshots s ON s.case_id = w.case_id
  ORDER BY coalesce(s.updated_at, w.added_at) DESC, w.id`;

/** Every statement the store runs, prepared on `db`. */
export function prepareStatements(db: DatabaseSync) {
  const p = (sql: string): StatementSync => db.prepare(sql);
  return {
    begin: p('BEGIN IMMEDIATE'),
    commit: p('COMMIT'),
    rollback: p('ROLLBACK'),

    markPending: p(
      'INSERT INTO search_pending (case_id) VALUES (?) ON CONFLICT DO NOTHING',
    ),
    pendingIds: p('SELECT case_id FROM search_pending'),
    countPending: p('SELECT count(*) AS n FROM search_pending'),
    clearPending: p('DELETE FROM search_pending'),

    insertWatch: p(`
      INSERT INTO watched_cases
        (case_id, label, client_reference_id, added_at, added_how)
      VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (case_id) DO NOTHING`),
    fillWatchNames: p(`
      UPDATE watched_cases SET
        label = coalesce(label, ?1),
        client_reference_id = coalesce(client_reference_id, ?2)
      WHERE case_id = ?3
        AND ((label IS NULL AND ?1 IS NOT NULL)
          OR (client_reference_id IS NULL AND ?2 IS NOT NULL))`),
    fillWatchReference: p(`
      UPDATE watched_cases SET client_reference_id = ?
      WHERE case_id = ? AND client_reference_id IS NULL`),
    selectWatch: p(`
      SELECT id, case_id, label, client_reference_id, added_at, added_how,
        flag
      FROM watched_cases WHERE case_id = ?`),
    allWatched: p(`
      SELECT id, case_id, label, client_reference_id, added_at, added_how,
        flag
      FROM watched_cases ORDER BY id`),
    deleteWatch: p('DELETE FROM watched_cases WHERE case_id = ?'),
    setFlag: p('UPDATE watched_cases SET flag = ? WHERE case_id = ?'),
    // Two indexed lookups, not one OR across a join (which would scan).
    selectByReference: p(`
      SELECT case_id FROM (
        SELECT id, case_id FROM watched_cases
        WHERE client_reference_id = ?1
        UNION
        SELECT w.id, w.case_id
        FROM snapshots s JOIN watched_cases w ON w.case_id = s.case_id
        WHERE s.client_reference_id = ?1
      ) ORDER BY id`),

    upsertSnapshot: p(`
      INSERT INTO snapshots (case_id, view_json, status, client_reference_id,
        counterparty_name, counterparty_address, counterparty_company,
        objective, attempt_count, max_attempts, created_at, updated_at,
        fetched_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (case_id) DO UPDATE SET
        view_json = excluded.view_json,
        status = excluded.status,
        client_reference_id = excluded.client_reference_id,
        counterparty_name = excluded.counterparty_name,
        counterparty_address = excluded.counterparty_address,
        counterparty_company = excluded.counterparty_company,
        objective = excluded.objective,
        attempt_count = excluded.attempt_count,
        max_attempts = excluded.max_attempts,
        created_at = excluded.created_at,
        updated_at = excluded.updated_at,
        fetched_at = excluded.fetched_at
      WHERE excluded.updated_at > snapshots.updated_at
        OR (excluded.updated_at = snapshots.updated_at
          AND excluded.fetched_at >= snapshots.fetched_at)`),
    selectSnapshot: p(
      'SELECT view_json, fetched_at FROM snapshots WHERE case_id = ?',
    ),
    listCases: p(LIST_CASES),
    listFirstCases: p(`${LIST_CASES} LIMIT ?`),
    watchedWithStatus: p(`
      SELECT w.case_id FROM watched_cases w
      JOIN snapshots s ON s.case_id = w.case_id
      WHERE s.status = ? AND w.flag IS NULL`),
    markSeen: p(`
      UPDATE snapshots SET seen_updated_at = updated_at, seen_at = ?
      WHERE case_id = ?`),

    upsertTranscript: p(`
      INSERT INTO transcripts (case_id, text, case_updated_at, fetched_at)
      VALUES (?, ?, ?, ?)
      ON CONFLICT (case_id) DO UPDATE SET
        text = excluded.text,
        case_updated_at = excluded.case_updated_at,
        fetched_at = excluded.fetched_at
      WHERE excluded.case_updated_at > transcripts.case_updated_at
        OR (excluded.case_updated_at = transcripts.case_updated_at
          AND excluded.fetched_at >= transcripts.fetched_at)`),
    selectTranscript: p(`
      SELECT text, case_updated_at, fetched_at FROM transcripts
      WHERE case_id = ?`),

    insertEvent: p(`
      INSERT OR IGNORE INTO timeline_events
        (id, case_id, type, at, details_json)
      SELECT ?, ?, ?, ?, ? ${IF_WATCHED}`),
    timeline: p(`
      SELECT id, case_id, type, at, details_json FROM timeline_events
      WHERE case_id = ? ORDER BY at, id`),

    upsertDraft: p(`
      INSERT INTO drafts (case_id, input_request_id, text, saved_at)
      SELECT ?, ?, ?, ? ${IF_WATCHED}
      ON CONFLICT (case_id, input_request_id) DO UPDATE SET
        text = excluded.text, saved_at = excluded.saved_at`),
    selectDraft: p(`
      SELECT text, saved_at FROM drafts
      WHERE case_id = ? AND input_request_id = ?`),
    deleteDraft: p(
      'DELETE FROM drafts WHERE case_id = ? AND input_request_id = ?',
    ),

    insertAnswer: p(`
      INSERT INTO answers
        (case_id, input_request_id, text, who, at, outcome, detail)
      VALUES (?, ?, ?, ?, ?, ?, ?)`),
    setOutcome: p('UPDATE answers SET outcome = ?, detail = ? WHERE id = ?'),
    answers: p(`
      SELECT id, case_id, input_request_id, text, who, at, outcome, detail
      FROM answers WHERE case_id = ? ORDER BY at, id`),

    upsertDownload: p(`
      INSERT INTO downloads (case_id, attachment_id, path, size, sha256, at)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (case_id, attachment_id, path) DO UPDATE SET
        size = excluded.size, sha256 = excluded.sha256, at = excluded.at`),
    downloads: p(`
      SELECT case_id, attachment_id, path, size, sha256, at FROM downloads
      WHERE case_id = ? ORDER BY at, attachment_id, path`),

    upsertPart: p(`
      INSERT INTO download_parts (part_path, case_id, attachment_id,
        destination, expected_size, started_at)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (part_path) DO UPDATE SET
        case_id = excluded.case_id,
        attachment_id = excluded.attachment_id,
        destination = excluded.destination,
        expected_size = excluded.expected_size,
        started_at = excluded.started_at`),
    parts: p(`
      SELECT part_path, case_id, attachment_id, destination, expected_size,
        started_at
      FROM download_parts ORDER BY started_at, part_path`),
    deletePart: p('DELETE FROM download_parts WHERE part_path = ?'),

    upsertSync: p(`
      INSERT INTO sync_states (case_id, last_synced_at, last_error_json,
        transcript_synced_at, transcript_error_json)
      SELECT ?, ?, ?, ?, ? ${IF_WATCHED}
      ON CONFLICT (case_id) DO UPDATE SET
        last_synced_at = excluded.last_synced_at,
        last_error_json = excluded.last_error_json,
        transcript_synced_at = excluded.transcript_synced_at,
        transcript_error_json = excluded.transcript_error_json`),
    selectSync: p(`
      SELECT last_synced_at, last_error_json, transcript_synced_at,
        transcript_error_json
      FROM sync_states WHERE case_id = ?`),
  };
}
