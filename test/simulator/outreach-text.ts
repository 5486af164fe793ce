import type { SimCase } from './case-record.ts';

// The bodies of the emails our side sends. They only need to read
// plausibly in a transcript; nothing parses them.

function firstName(record: SimCase): string {
  return record.counterparty.name.split(/\s+/)[0] || record.counterparty.name;
}

function signature(record: SimCase): string {
  const persona = record.senderPersona;
  const parts = [persona.name, persona.role, persona.company].filter(Boolean);
  return parts.join(', ');
}

export function firstEmailText(record: SimCase): string {
  return (
    `Hi ${firstName(record)}, I am reaching out about the following: ` +
    `${record.goal.objective}. Could you help with this? ` +
    `Best, ${signature(record)}`
  );
}

export function followUpText(record: SimCase): string {
  return (
    `Hi ${firstName(record)}, just following up on my earlier message ` +
    `about: ${record.goal.objective}. Best, ${signature(record)}`
  );
}

export function inThreadReplyText(record: SimCase): string {
  return (
    `Thanks ${firstName(record)}. To be precise, we need the following: ` +
    `${record.goal.objective}. Best, ${signature(record)}`
  );
}

export function relayedAnswerText(record: SimCase, answer: string): string {
  return (
    `Thanks for your patience, ${firstName(record)}. ${answer} ` +
    `Best, ${signature(record)}`
  );
}
