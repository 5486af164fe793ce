import { DEMO_PROFILE_ID } from '../../electron/app/console-app.ts';
import { caseStorePath } from '../../electron/app/profile-runtime.ts';
import { openSettings } from '../../electron/core/settings/settings-store.ts';
import { openCaseStore } from '../../electron/core/store/case-store.ts';
import type { CaseView } from '../../shared/offload/schemas.ts';
import { SeededRandom } from '../simulator/seeded-random.ts';

// The saved data the UI benchmark opens: 10,000 watched cases with
// snapshots in the demo profile's store, and one case whose saved
// transcript is 5 MB of the documented text format. Written before the
// console opens the data directory (startHarness's `prepare`).
//
// The cases are unknown to the simulator (a read would flag them
// not-found, and each flag reloads the list). So that the poll engine
// leaves them alone while the page is measured, nothing is due for a
// while: running cases were fetched now and wait for the poll interval
// (set to its maximum, 1 h); waiting ones, read again 5 min after their
// fetch, carry a fetch time 2 h ahead, since a run on a busy machine takes
// longer than 5 min; finished ones already hold their final transcript.
// No case is CREATED (read again after 15 s). The benchmark counts the
// simulator's requests and the core's events to show nothing moved.

export const UI_CASES = 10_000;
/** The case with the big transcript; the newest, so it heads the list. */
export const BIG_CASE_ID = 'case-big-transcript';
export const BIG_TRANSCRIPT_CHARS = 5 * 1024 * 1024;
const COUNTERPARTY_ADDRESS = 'ap@northstar.example';
const DAY_MS = 86_400_000;
const WAITING_FETCH_AHEAD_MS = 2 * 3_600_000;

const NAMES = ['Maya Chen', 'Sam Ortiz', 'Jürgen Müller', 'Ana Lima', 'Li Wei'];
const OBJECTIVES = [
  'Collect a signed W-9 from the vendor before the next payment run',
  'Confirm whether the Tuesday delivery window still works for the site',
  'Get the updated bank details for the next payment run',
  'Agree on a date for the contract renewal call with their account team',
  'Find out why invoice 4471 was billed twice and get a credit note',
];
const SENTENCES = [
  'Thanks for getting back to me so quickly.',
  'Please find the signed form attached to this message.',
  'Could you confirm the delivery window for next Tuesday?',
  'Our accounts team needs the updated bank details before Friday.',
  'I have forwarded your note to the person who handles renewals.',
  'The invoice number you quoted does not match our records, see below.',
  'Let me know if anything else is missing from our side.',
  'We can do the call on Thursday at 10:00 our time if that suits you.',
];

function caseId(index: number): string {
  return index === 0 ? BIG_CASE_ID : `case-${String(index).padStart(5, '0')}`;
}

/** Mostly active cases, some finished; none CREATED (see above). */
function statusFor(index: number): string {
  const position = index % 20;
  if (position < 10) return 'RUNNING';
  if (position < 15) return 'INPUT_NEEDED';
  if (position < 18) return 'COMPLETED';
  return 'FAILED';
}

function benchView(random: SeededRandom, index: number, now: number): CaseView {
  const name = random.pick(NAMES);
  const status = index === 0 ? 'RUNNING' : statusFor(index);
  // The big case is the newest; the rest changed within the last 30 days.
  const updatedAt =
    index === 0 ? now - 1_000 : now - 5_000 - random.int(30 * DAY_MS);
  const view: CaseView = {
    caseId: caseId(index),
    clientReferenceId: `REF-${100_000 + index}`,
    status,
    createdAt: updatedAt - random.int(10 * DAY_MS),
    updatedAt,
    nextActionAt: status === 'RUNNING' ? now + DAY_MS : null,
    attemptCount: 1 + random.int(3),
    maxAttempts: 3,
    channel: 'EMAIL',
    counterparty: {
      address:
        index === 0
          ? COUNTERPARTY_ADDRESS
          : `${name.split(' ')[0]?.toLowerCase()}${index}@vendor.example`,
      name,
      company: `Vendor ${index} Ltd`,
      timezone: 'Europe/Berlin',
    },
    attachments: [],
    goal: {
      objective: random.pick(OBJECTIVES),
      knowledge: { vendorId: `v_${index}`, dueDate: '2026-05-01' },
    },
    senderPersona: { name: 'Avery', role: 'Accounts Payable' },
    inputRequest:
      status === 'INPUT_NEEDED'
        ? {
            id: `ir_${index}`,
            question: 'Which invoice number should I quote?',
            status: 'PENDING',
            requestedAt: updatedAt,
          }
        : null,
  };
  if (status === 'COMPLETED') view.resultStatus = 'goal_achieved';
  if (status === 'FAILED') view.resultStatus = 'max_retries';
  return view;
}

/** A message body of at least `minChars`, in short paragraphs. */
function body(random: SeededRandom, minChars: number): string {
  const lines: string[] = [];
  let length = 0;
  while (length < minChars) {
    const line = Array.from({ length: 1 + random.int(4) }, () =>
      random.pick(SENTENCES),
    ).join(' ');
    lines.push(line);
    length += line.length + 1;
    if (random.int(5) === 0) lines.push('');
  }
  return lines.join('\n');
}

/**
 * A transcript of about `chars` characters in the documented format, the
 * two sides taking turns an hour apart up to `end`.
 */
export function benchTranscript(
  random: SeededRandom,
  chars: number,
  end: number,
): string {
  const bodies: string[] = [];
  let length = 0;
  while (length < chars) {
    // Mostly short replies, now and then a long e-mail.
    const size =
      random.int(8) === 0
        ? 4_000 + random.int(12_000)
        : 200 + random.int(1_500);
    const text = body(random, size);
    bodies.push(text);
    length += text.length + 120;
  }
  return bodies
    .map((text, i) => {
      const from =
        i % 2 === 0
          ? 'From: Avery <avery@agentmail.to>'
          : `From: Maya Chen <${COUNTERPARTY_ADDRESS}>`;
      const at = new Date(end - (bodies.length - i) * 3_600_000);
      return `${from}\nTimestamp: ${at.toISOString()}\nMessage: ${text}`;
    })
    .join('\n\n---\n\n');
}

/**
 * Writes the benchmark's data into a fresh console data directory: the
 * longest poll interval, and the demo profile's store with the cases.
 */
export function seedUiData(dataDir: string): void {
  const { settings } = openSettings({ cwd: dataDir });
  settings.update({ pollIntervalSeconds: 3_600 });

  const random = new SeededRandom(23, 'ui-bench');
  const now = Date.now();
  const { store } = openCaseStore(caseStorePath(dataDir, DEMO_PROFILE_ID));
  try {
    store.batch(() => {
      store.watch(
        Array.from({ length: UI_CASES }, (_, i) => ({ caseId: caseId(i) })),
        'file',
        now,
      );
      for (let i = 0; i < UI_CASES; i += 1) {
        const view = benchView(random, i, now);
        const waiting = view.status === 'INPUT_NEEDED';
        store.saveSnapshot(view, waiting ? now + WAITING_FETCH_AHEAD_MS : now);
        if (i === 0) {
          const text = benchTranscript(random, BIG_TRANSCRIPT_CHARS, now);
          store.saveTranscript(view.caseId, text, view.updatedAt, now);
        } else if (view.status === 'COMPLETED' || view.status === 'FAILED') {
          // The final transcript is saved, so none is due.
          const text = benchTranscript(random, 600, view.updatedAt);
          store.saveTranscript(view.caseId, text, view.updatedAt, now);
        }
      }
    });
  } finally {
    store.close();
  }
}
