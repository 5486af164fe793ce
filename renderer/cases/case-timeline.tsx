import type { AnswerRecord, TimelineEvent } from '../../shared/case-data.ts';
import {
  resultStatusWords,
  statusWords,
} from '../../shared/offload/case-words.ts';
import { localTimeWithSeconds } from '../format/local-time.ts';

// Observed events and answers sent from this workstation, newest first,
// in one list: a person reading a case wants "what happened, when".

export interface CaseTimelineProps {
  timeline: readonly TimelineEvent[];
  answers: readonly AnswerRecord[];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** An observed event in words. */
export function timelineWords(event: TimelineEvent): string {
  const details = event.details;
  switch (event.type) {
    case 'case.changed': {
      if (details.firstSeen === true) return 'First read from Offload';
      const fields = Array.isArray(details.fields) ? details.fields : [];
      return fields.length > 0
        ? `Changed: ${fields.map(String).join(', ')}`
        : 'Changed';
    }
    case 'case.status_changed':
      return (
        `Status changed from ${statusWords(text(details.from))} ` +
        `to ${statusWords(text(details.to))}`
      );
    case 'case.input_needed':
      return `Asked for input: ${text(details.question)}`;
    case 'case.completed':
    case 'case.failed': {
      const outcome = event.type === 'case.completed' ? 'Completed' : 'Failed';
      const result = text(details.resultStatus);
      return result ? `${outcome}: ${resultStatusWords(result)}` : outcome;
    }
    case 'case.attachments_added': {
      const count = Array.isArray(details.attachments)
        ? details.attachments.length
        : 0;
      return `${count} ${count === 1 ? 'attachment' : 'attachments'} arrived`;
    }
    default:
      return event.type;
  }
}

const OUTCOME_WORDS: Record<AnswerRecord['outcome'], string> = {
  sending: 'sending',
  accepted: 'accepted by Offload',
  'not-sent': 'not sent',
  rejected: 'refused',
};

interface Entry {
  key: string;
  at: number;
  title: string;
  body?: string | undefined;
}

/** The case's timeline as a list. */
export function CaseTimeline({ timeline, answers }: CaseTimelineProps) {
  const entries: Entry[] = [
    ...timeline.map((event) => ({
      key: `event-${event.id}`,
      at: event.at,
      title: timelineWords(event),
    })),
    ...answers.map((answer) => ({
      key: `answer-${answer.id}`,
      at: answer.at,
      title:
        `Answer sent from here by ${answer.who}: ` +
        OUTCOME_WORDS[answer.outcome] +
        (answer.detail ? ` (${answer.detail})` : ''),
      body: answer.text,
    })),
  ].toSorted((a, b) => b.at - a.at);

  if (entries.length === 0) {
    return <p className="muted">Nothing recorded yet.</p>;
  }
  return (
    <ol className="case-timeline">
      {entries.map((entry) => (
        <li key={entry.key}>
          <time className="muted" dateTime={new Date(entry.at).toISOString()}>
            {localTimeWithSeconds(entry.at)}
          </time>
          <span className="case-timeline-title">{entry.title}</span>
          {entry.body !== undefined && (
            <p className="case-timeline-body">{entry.body}</p>
          )}
        </li>
      ))}
    </ol>
  );
}
