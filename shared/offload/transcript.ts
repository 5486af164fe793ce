// Parsing of `conversationThread`, Offload's plain-text transcript. Its
// format is known only from one example (offload-api.md §4.5): messages
// separated by a line `---` between blank lines, each written as
//
//   From: Display Name <address>
//   Timestamp: 2026-03-20T18:10:00.000Z
//   Message: body, which may run over many lines
//
// The parser is lenient about line endings and spacing, and when a block
// does not fit it gives up on the whole text so that callers show it raw:
// a half-parsed transcript would hide words from the reader.

export interface TranscriptMessage {
  /** Display name, or the address when the line has no name. */
  name: string;
  /** E-mail address, empty when the line carries none. */
  address: string;
  /** The timestamp as written. */
  timestamp: string;
  /** Epoch ms, or null when the timestamp is not a date. */
  time: number | null;
  body: string;
}

export type ParsedTranscript =
  | { ok: true; messages: TranscriptMessage[] }
  | { ok: false; raw: string; reason: string };

// The separator only counts before the next message's `From:` line, so a
// body that contains a `---` line of its own stays whole.
const SEPARATOR = /\n[ \t]*\n---[ \t]*\n[ \t]*\n(?=From:)/;
const FROM = /^From:[ \t]*(.*?)[ \t]*(?:<([^<>]*)>)?[ \t]*$/;
const TIMESTAMP = /^Timestamp:[ \t]*(.*?)[ \t]*$/;
const MESSAGE = /^Message:[ \t]?/;

function parseBlock(block: string): TranscriptMessage | string {
  const lines = block.split('\n');
  const from = FROM.exec(lines[0] ?? '');
  if (!from) return 'a message does not start with "From:"';
  const timestamp = TIMESTAMP.exec(lines[1] ?? '');
  if (!timestamp) return 'a message has no "Timestamp:" line';
  const first = lines[2] ?? '';
  if (!MESSAGE.test(first)) return 'a message has no "Message:" line';

  const body = [first.replace(MESSAGE, ''), ...lines.slice(3)].join('\n');
  const address = (from[2] ?? '').trim();
  const name = (from[1] ?? '').trim() || address;
  const written = timestamp[1] ?? '';
  const time = Date.parse(written);
  return {
    name,
    address,
    timestamp: written,
    time: Number.isNaN(time) ? null : time,
    body: body.replace(/\s+$/, ''),
  };
}

/** Splits a transcript into messages, or explains why it cannot. */
export function parseTranscript(text: string): ParsedTranscript {
  const normalised = text.replace(/\r\n?/g, '\n').trim();
  if (normalised === '') {
    return { ok: false, raw: text, reason: 'the transcript is empty' };
  }
  const messages: TranscriptMessage[] = [];
  for (const block of normalised.split(SEPARATOR)) {
    const parsed = parseBlock(block.trim());
    if (typeof parsed === 'string') {
      return { ok: false, raw: text, reason: parsed };
    }
    messages.push(parsed);
  }
  return { ok: true, messages };
}

/**
 * Whether a message was sent by our side (Offload's agent, which writes
 * from an `@agentmail.to` mailbox in the examples) rather than by the
 * counterparty, who writes from the case's counterparty address.
 */
export function isOwnSide(
  message: TranscriptMessage,
  counterpartyAddress: string,
): boolean {
  const address = message.address.trim().toLowerCase();
  return address !== '' && address !== counterpartyAddress.trim().toLowerCase();
}
