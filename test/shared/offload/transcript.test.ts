import { describe, expect, it } from 'vitest';
import {
  isOwnSide,
  parseTranscript,
} from '../../../shared/offload/transcript.ts';

const documented =
  'From: Avery <avery@agentmail.to>\nTimestamp: 2026-03-20T18:10:00.000Z\n' +
  'Message: Hi Maya, could you send the signed W-9?\n\n---\n\n' +
  'From: Maya Chen <ap@northstar.example>\n' +
  'Timestamp: 2026-03-21T15:42:00.000Z\nMessage: Attached here.';

describe('parseTranscript', () => {
  it('reads the documented example as two messages, oldest first', () => {
    const parsed = parseTranscript(documented);
    expect(parsed).toEqual({
      ok: true,
      messages: [
        {
          name: 'Avery',
          address: 'avery@agentmail.to',
          timestamp: '2026-03-20T18:10:00.000Z',
          time: Date.UTC(2026, 2, 20, 18, 10),
          body: 'Hi Maya, could you send the signed W-9?',
        },
        {
          name: 'Maya Chen',
          address: 'ap@northstar.example',
          timestamp: '2026-03-21T15:42:00.000Z',
          time: Date.UTC(2026, 2, 21, 15, 42),
          body: 'Attached here.',
        },
      ],
    });
  });

  it('keeps line breaks in bodies and a --- line inside a body', () => {
    const text =
      'From: Avery <avery@agentmail.to>\nTimestamp: 2026-03-20T18:10:00Z\n' +
      'Message: Line one\n\n---\n\nstill the same message\nLine three';
    const parsed = parseTranscript(text);
    expect(parsed.ok && parsed.messages).toHaveLength(1);
    expect(parsed.ok && parsed.messages[0]?.body).toBe(
      'Line one\n\n---\n\nstill the same message\nLine three',
    );
  });

  it('accepts Windows line endings', () => {
    const parsed = parseTranscript(documented.replaceAll('\n', '\r\n'));
    expect(parsed.ok && parsed.messages.map((m) => m.body)).toEqual([
      'Hi Maya, could you send the signed W-9?',
      'Attached here.',
    ]);
  });

  it('uses the address as the name when the line has no name', () => {
    const parsed = parseTranscript(
      'From: <ops@acme.example>\nTimestamp: x\nMessage: hi',
    );
    expect(parsed.ok && parsed.messages[0]).toMatchObject({
      name: 'ops@acme.example',
      address: 'ops@acme.example',
      time: null,
    });
  });

  it.each([
    ['an empty text', '  \n '],
    ['plain prose', 'The thread could not be formatted.'],
    ['a block without a timestamp', 'From: A <a@x>\nMessage: hi'],
    ['a block without a message line', 'From: A <a@x>\nTimestamp: t\nhi'],
    [
      'a good block followed by a bad one',
      `${documented}\n\n---\n\nFrom: B <b@x>\nno timestamp`,
    ],
  ])('gives up on %s and returns the raw text', (_what, text) => {
    const parsed = parseTranscript(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.raw).toBe(text);
    expect(!parsed.ok && parsed.reason).toMatch(/\w+/);
  });
});

function message(address: string) {
  return { name: 'x', address, timestamp: '', time: null, body: '' };
}

describe('isOwnSide', () => {
  it('tells our agent from the counterparty', () => {
    expect(
      isOwnSide(message('avery@agentmail.to'), 'ap@northstar.example'),
    ).toBe(true);
    expect(
      isOwnSide(message('AP@Northstar.example'), ' ap@northstar.example'),
    ).toBe(false);
    expect(isOwnSide(message(''), 'ap@northstar.example')).toBe(false);
  });
});
