import type { ReactNode } from 'react';
import type { CaseDetail } from '../../shared/ipc.ts';
import type { TimelineEvent } from '../../shared/case-data.ts';
import {
  attemptsWords,
  nextActionWords,
  resultStatusWords,
} from '../../shared/offload/case-words.ts';
import type { CaseView } from '../../shared/offload/schemas.ts';
import { localTime } from '../format/local-time.ts';
import { relativeTime } from '../format/relative-time.ts';
import { caseTitle } from './case-title.ts';
import { CaseTimeline } from './case-timeline.tsx';
import { CopyButton } from './copy-button.tsx';
import { JsonView } from './json-view.tsx';
import { FlagBadge, StatusBadge } from './status-badge.tsx';
import './case-detail.css';

export interface CaseDetailViewProps {
  detail: CaseDetail;
  now: number;
  refreshing: boolean;
  /** Why the last refresh failed, in words. */
  refreshError: string | null;
  onRefresh: () => void;
  /** Takes the case off the watch list (the frame offers Undo). */
  onStopWatching?: () => void;
  /** The answer panel, shown first when the case waits. */
  answer?: ReactNode;
  attachments?: ReactNode;
  transcript?: ReactNode;
}

/** `failureReason` arrives only on some webhooks; the timeline keeps it. */
export function failureReason(
  timeline: readonly TimelineEvent[],
): string | null {
  for (const event of timeline.toSorted((a, b) => b.at - a.at)) {
    const reason = event.details.failureReason;
    if (typeof reason === 'string' && reason.trim() !== '') return reason;
  }
  return null;
}

function Field({ name, children }: { name: string; children: ReactNode }) {
  return (
    <div className="detail-field">
      <dt>{name}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Section(props: { title: string; children: ReactNode }) {
  const id = `detail-${props.title.toLowerCase().replaceAll(' ', '-')}`;
  return (
    <section className="detail-section" aria-labelledby={id}>
      <h3 id={id}>{props.title}</h3>
      {props.children}
    </section>
  );
}

function Knowledge({
  knowledge,
}: {
  knowledge: CaseView['goal']['knowledge'];
}) {
  if (knowledge === undefined) return <span className="muted">None given</span>;
  if (typeof knowledge === 'string') {
    return <span className="detail-prose">{knowledge}</span>;
  }
  return <JsonView value={knowledge} label="knowledge" />;
}

function CaseFacts({ view, detail }: { view: CaseView; detail: CaseDetail }) {
  const reason = failureReason(detail.timeline);
  return (
    <>
      <Section title="Goal">
        <dl>
          <Field name="Objective">
            <span className="detail-prose">{view.goal.objective}</span>
          </Field>
          <Field name="Knowledge">
            <Knowledge knowledge={view.goal.knowledge} />
          </Field>
        </dl>
      </Section>

      <Section title="Progress">
        <dl>
          <Field name="Attempts">{attemptsWords(view)}</Field>
          <Field name="Next action">{nextActionWords(view, localTime)}</Field>
          <Field name="Channel">{view.channel}</Field>
          <Field name="Created">{localTime(view.createdAt)}</Field>
          <Field name="Last change">{localTime(view.updatedAt)}</Field>
        </dl>
      </Section>

      {(view.resultStatus !== undefined ||
        view.result !== undefined ||
        reason !== null) && (
        <Section title="Result">
          <dl>
            {view.resultStatus !== undefined && (
              <Field name="Outcome">
                <span>{resultStatusWords(view.resultStatus)}</span>{' '}
                <code className="muted">{view.resultStatus}</code>
              </Field>
            )}
            {reason !== null && (
              <Field name="Failure reason">
                <span className="detail-prose">{reason}</span>
              </Field>
            )}
          </dl>
          {view.result !== undefined && (
            <JsonView value={view.result} label="result" />
          )}
        </Section>
      )}

      <Section title="Counterparty">
        <dl>
          <Field name="Name">{view.counterparty.name}</Field>
          <Field name="Address">{view.counterparty.address}</Field>
          {view.counterparty.company && (
            <Field name="Company">{view.counterparty.company}</Field>
          )}
          {view.counterparty.timezone && (
            <Field name="Time zone">{view.counterparty.timezone}</Field>
          )}
          {Object.entries(view.counterparty.customData ?? {}).map(
            ([key, value]) => (
              <Field key={key} name={key}>
                {value}
              </Field>
            ),
          )}
        </dl>
      </Section>

      <Section title="Sender persona">
        <dl>
          <Field name="Name">{view.senderPersona.name}</Field>
          {view.senderPersona.role && (
            <Field name="Role">{view.senderPersona.role}</Field>
          )}
          {view.senderPersona.company && (
            <Field name="Company">{view.senderPersona.company}</Field>
          )}
          {view.senderPersona.tone && (
            <Field name="Tone">{view.senderPersona.tone}</Field>
          )}
        </dl>
      </Section>

      <Section title="Constraints">
        {view.constraints && view.constraints.length > 0 ? (
          <ul className="detail-list">
            {view.constraints.map((constraint, index) => (
              <li key={index}>{constraint}</li>
            ))}
          </ul>
        ) : (
          <p className="muted">None</p>
        )}
      </Section>
    </>
  );
}

function NotRead({ detail }: { detail: CaseDetail }) {
  const flag = detail.watched.flag;
  if (flag === 'not-found') {
    return (
      <p className="notice notice-warning">
        Offload does not know this case id (it answered "not found"). The case
        stays on your list so you can check the id or remove it.
      </p>
    );
  }
  if (flag === 'forbidden') {
    return (
      <p className="notice notice-warning">
        This case belongs to another Offload account, so this API key may not
        read it (Offload answered "forbidden").
      </p>
    );
  }
  return (
    <p className="notice">This case has not been read from Offload yet.</p>
  );
}

/** Everything known about one case. */
export function CaseDetailView(props: CaseDetailViewProps) {
  const { detail, now, refreshing, refreshError, onRefresh } = props;
  const view = detail.snapshot?.view ?? null;
  const clientReferenceId =
    view?.clientReferenceId ?? detail.watched.clientReferenceId;
  const title = caseTitle({
    caseId: detail.watched.caseId,
    clientReferenceId,
    label: detail.watched.label,
  });
  const syncError = detail.syncState.lastError;
  return (
    <article className="case-detail" aria-labelledby="case-detail-title">
      <header className="case-detail-header">
        <div className="case-detail-heading">
          <h2 id="case-detail-title">{title}</h2>
          <StatusBadge status={view?.status} />
          {detail.watched.flag && <FlagBadge flag={detail.watched.flag} />}
        </div>
        <div className="case-detail-actions">
          <span className="muted" role="status">
            {refreshing
              ? 'Refreshing…'
              : detail.snapshot
                ? `Last fetched ${relativeTime(detail.snapshot.fetchedAt, now)}`
                : 'Never fetched'}
          </span>
          <button type="button" onClick={onRefresh} disabled={refreshing}>
            Refresh
          </button>
          {props.onStopWatching && (
            <button
              type="button"
              className="button-quiet"
              onClick={props.onStopWatching}
            >
              Stop watching
            </button>
          )}
        </div>
      </header>

      {refreshError && (
        <p className="notice notice-danger" role="alert">
          Refresh failed: {refreshError}
        </p>
      )}
      {syncError && (
        <p className="notice notice-warning">
          The last read failed ({localTime(syncError.at)}): {syncError.message}
        </p>
      )}

      <dl className="case-detail-ids">
        <Field name="Case id">
          <code>{detail.watched.caseId}</code>{' '}
          <CopyButton text={detail.watched.caseId} what="case id" />
        </Field>
        {clientReferenceId && (
          <Field name="Client reference">
            <code>{clientReferenceId}</code>{' '}
            <CopyButton text={clientReferenceId} what="client reference" />
          </Field>
        )}
        {detail.watched.label && (
          <Field name="Label">{detail.watched.label}</Field>
        )}
        {detail.snapshot && (
          <Field name="Last fetched">
            {localTime(detail.snapshot.fetchedAt)}
          </Field>
        )}
      </dl>

      {props.answer}
      {view ? (
        <CaseFacts view={view} detail={detail} />
      ) : (
        <NotRead detail={detail} />
      )}
      {props.attachments}
      {props.transcript}

      <Section title="Timeline">
        <CaseTimeline timeline={detail.timeline} answers={detail.answers} />
      </Section>
    </article>
  );
}
