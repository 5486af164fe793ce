import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseView } from '../../../../shared/offload/schemas.ts';
import { Logger } from '../../../../electron/core/logger.ts';

// Shared pieces for the store tests and the store benchmarks: temporary
// folders for real SQLite files, case views shaped like the API's, and a
// logger that keeps its lines.

/** A fresh temporary folder; call the returned remove() when done. */
export function makeTempDir(prefix = 'offload-store-'): {
  dir: string;
  remove: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A CaseView as GET /cases/{id} returns it, with the given changes. */
export function sampleView(
  caseId: string,
  changes: Partial<CaseView> = {},
): CaseView {
  return {
    caseId,
    status: 'RUNNING',
    createdAt: 1_775_000_000_000,
    updatedAt: 1_775_000_100_000,
    nextActionAt: 1_775_200_000_000,
    attemptCount: 1,
    maxAttempts: 3,
    channel: 'EMAIL',
    counterparty: {
      address: 'ap@northstar.example',
      name: 'Maya Chen',
      company: 'Northstar Supplies',
      timezone: 'America/Los_Angeles',
    },
    attachments: [],
    goal: { objective: 'Collect a signed W-9 from the vendor' },
    senderPersona: { name: 'Avery', role: 'Accounts Payable' },
    inputRequest: null,
    ...changes,
  };
}

/** A logger whose lines are kept in `lines`. */
export function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = new Logger({
    level: 'debug',
    sink: (line) => lines.push(line),
  });
  return { logger, lines };
}
