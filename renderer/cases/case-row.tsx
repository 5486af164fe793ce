import { memo } from 'react';
import type { CaseListItem } from '../../shared/case-data.ts';
import { localTime } from '../format/local-time.ts';
import { relativeTime } from '../format/relative-time.ts';
import { caseTitle } from './case-title.ts';
import { FlagBadge, StatusBadge } from './status-badge.tsx';

export interface CaseRowProps {
  item: CaseListItem;
  now: number;
}

/** Attempts as "used of allowed": e-mails sent of the most that may be. */
export function attemptsShort(item: CaseListItem): string | null {
  if (item.attemptCount === undefined || item.maxAttempts === undefined) {
    return null;
  }
  // maxAttempts counts follow-ups only; the first e-mail comes on top.
  return `${item.attemptCount} of ${item.maxAttempts + 1} e-mails`;
}

/**
 * The content of one case list row (the option element is the list's).
 * Memoised: scrolling re-renders the list every frame, and rows whose case
 * and clock did not change need no new work.
 */
export const CaseRow = memo(function CaseRow({ item, now }: CaseRowProps) {
  const attempts = attemptsShort(item);
  const counterparty = item.counterpartyName || item.counterpartyAddress;
  return (
    <>
      <div className="case-row-line">
        {item.unseen ? (
          <span className="case-row-unseen" title="Changed since you looked">
            <span className="visually-hidden">Changed since you looked. </span>
          </span>
        ) : (
          <span className="case-row-unseen-space" aria-hidden="true" />
        )}
        <StatusBadge status={item.status} short />
        <span className="case-row-title">{caseTitle(item)}</span>
        {item.flag && <FlagBadge flag={item.flag} />}
        <span
          className="case-row-time muted"
          title={
            item.updatedAt === undefined ? undefined : localTime(item.updatedAt)
          }
        >
          {item.updatedAt === undefined
            ? 'never fetched'
            : relativeTime(item.updatedAt, now)}
        </span>
      </div>
      <div className="case-row-line case-row-second muted">
        {counterparty && (
          <span className="case-row-counterparty">{counterparty}</span>
        )}
        <span className="case-row-objective">
          {item.objective ?? (item.flag ? '' : 'Waiting for the first read')}
        </span>
        {attempts && <span className="case-row-attempts">{attempts}</span>}
      </div>
    </>
  );
});
