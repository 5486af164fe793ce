import type { SenderPersona } from '../../shared/offload/schemas.ts';
import type { ThreadMessage } from './case-record.ts';

// The plain-text transcript GET /cases/{id}?includeTranscript=true returns,
// in the one format the docs show (offload-api.md §4.5): oldest first,
// messages separated by a line of three dashes.

const SEPARATOR = '\n\n---\n\n';

/** Our side writes from `<persona-slug>@agentmail.to`, as in the example. */
export function personaAddress(persona: SenderPersona): string {
  const slug = persona.name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'offload'}@agentmail.to`;
}

export function formatTranscript(messages: ThreadMessage[]): string | null {
  if (messages.length === 0) return null;
  return messages
    .map(
      (message) =>
        `From: ${message.fromName} <${message.fromAddress}>\n` +
        `Timestamp: ${new Date(message.at).toISOString()}\n` +
        `Message: ${message.body}`,
    )
    .join(SEPARATOR);
}
