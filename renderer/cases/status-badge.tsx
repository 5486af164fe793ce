import type { AccessFlag } from '../../shared/case-data.ts';
import { statusWords } from '../../shared/offload/case-words.ts';
import './status-badge.css';

// One look for a status everywhere: the colour helps, the words carry it.

const TONES: Record<string, string> = {
  INPUT_NEEDED: 'input',
  RUNNING: 'running',
  CREATED: 'created',
  COMPLETED: 'completed',
  FAILED: 'failed',
};

const SHORT_WORDS: Record<string, string> = {
  CREATED: 'Created',
};

const FLAG_WORDS: Record<AccessFlag, string> = {
  'not-found': 'Not found',
  forbidden: 'Forbidden',
};

export interface StatusBadgeProps {
  status: string | undefined;
  /** Short words for dense rows ("Created" rather than the full sentence). */
  short?: boolean;
}

/** A case status as a coloured label; "Not fetched yet" when unknown. */
export function StatusBadge({ status, short = false }: StatusBadgeProps) {
  if (status === undefined) {
    return <span className="status-badge tone-created">Not fetched yet</span>;
  }
  const words = (short && SHORT_WORDS[status]) || statusWords(status);
  return (
    <span className={`status-badge tone-${TONES[status] ?? 'created'}`}>
      {words}
    </span>
  );
}

/** Why the API will not show a case, as a label. */
export function FlagBadge({ flag }: { flag: AccessFlag }) {
  return <span className="status-badge tone-flagged">{FLAG_WORDS[flag]}</span>;
}

/** "Not found" / "Forbidden" in words. */
export function flagWords(flag: AccessFlag): string {
  return FLAG_WORDS[flag];
}
