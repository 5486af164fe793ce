import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  AttachmentWithUrl,
  CaseView,
  CreateCaseRequest,
  CreateCaseResult,
  ErrorEnvelope,
  ProvideCaseInputRequest,
  ProvideCaseInputResult,
  WebhookEvent,
  successEnvelope,
} from '../../../shared/offload/schemas.ts';
import { webhookEventId } from '../../../shared/offload/case-rules.ts';
import { validateComponent } from '../../support/openapi.ts';
import examples from './api-examples.json' with { type: 'json' };

// Every example payload of offload-api.md §9, extracted verbatim into
// api-examples.json, must parse with our schemas and conform to the spec.

interface Example {
  section: string;
  label: string;
  kind: string;
  payload: Record<string, unknown>;
}

const SCHEMAS: Record<string, [z.ZodType, string] | undefined> = {
  'create-request': [CreateCaseRequest, 'CreateCaseRequest'],
  'create-response': [successEnvelope(CreateCaseResult), 'CreateCaseResponse'],
  error: [ErrorEnvelope, 'ErrorResponse'],
  case: [successEnvelope(CaseView), 'GetCaseResponse'],
  attachment: [
    successEnvelope(AttachmentWithUrl),
    'GetCaseAttachmentApiResponse',
  ],
  'input-request': [ProvideCaseInputRequest, 'ProvideCaseInputRequest'],
  'input-response': [
    successEnvelope(ProvideCaseInputResult),
    'ProvideCaseInputResponse',
  ],
  webhook: [WebhookEvent, 'ClientWebhookEvent'],
};

const all = examples as Example[];

describe('the documented example payloads', () => {
  it('are all accounted for', () => {
    expect(all).toHaveLength(31);
  });

  const typed = all.filter((example) => example.kind !== 'gateway');
  it.each(typed.map((example) => [example.section, example.label, example]))(
    '%s %s parses with our schema and the OpenAPI file',
    (_section, _label, example) => {
      const entry = SCHEMAS[example.kind];
      if (!entry) throw new Error(`no schema for ${example.kind}`);
      const [schema, component] = entry;
      expect(schema.safeParse(example.payload).error).toBeUndefined();
      expect(validateComponent(component, example.payload)).toEqual({
        valid: true,
      });
    },
  );

  it('gives the gateway throttle body no envelope', () => {
    const gateway = all.find((example) => example.kind === 'gateway');
    expect(gateway?.payload).toEqual({ message: 'Too Many Requests' });
    expect(ErrorEnvelope.safeParse(gateway?.payload).success).toBe(false);
  });

  it.each(
    all
      .filter((example) => example.kind === 'webhook')
      .map((example) => [example.label, example.payload]),
  )('%s carries the deterministic event id', (_label, payload) => {
    const event = WebhookEvent.parse(payload);
    expect(event.event_id).toBe(
      webhookEventId(event.data.caseId, event.event_type, event.timestamp),
    );
  });
});

const minimalCase = all.find((example) => example.label.startsWith('RUNNING'))
  ?.payload.data as Record<string, unknown>;

function withCase(change: Record<string, unknown>) {
  return CaseView.safeParse({ ...minimalCase, ...change });
}

describe('case schema leniency', () => {
  it('keeps a status the docs do not list yet', () => {
    expect(withCase({ status: 'ARCHIVED' }).data?.status).toBe('ARCHIVED');
  });

  it('keeps an unknown resultStatus as given', () => {
    expect(withCase({ resultStatus: 'opted_out' }).data?.resultStatus).toBe(
      'opted_out',
    );
  });

  it('accepts nextActionAt as sentinel, null or missing', () => {
    expect(withCase({ nextActionAt: 253402300799999 }).success).toBe(true);
    expect(withCase({ nextActionAt: null }).success).toBe(true);
    const { nextActionAt: _dropped, ...rest } = minimalCase;
    expect(CaseView.safeParse(rest).success).toBe(true);
  });

  it('accepts attachments without name and type', () => {
    const parsed = withCase({
      attachments: [
        {
          attachmentId: 'a1',
          size: 3,
          messageId: '<m@x>',
          inboxId: 'dev-test@agentmail.to',
          receivedAt: 1,
        },
      ],
    });
    expect(parsed.data?.attachments[0]?.name).toBeUndefined();
  });

  it('ignores a field the server adds later', () => {
    expect(withCase({ priority: 'high' }).success).toBe(true);
  });
});

describe('case schema strictness', () => {
  it.each([
    ['status', { status: 7 }],
    ['updatedAt', { updatedAt: '2026-03-20' }],
    ['attemptCount', { attemptCount: 1.5 }],
    ['inputRequest', { inputRequest: undefined }],
    ['attachments', { attachments: [{ attachmentId: 'a' }] }],
    ['counterparty', { counterparty: { name: 'Sam' } }],
  ])('rejects a wrong %s and names it', (field, change) => {
    const parsed = withCase(change);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path[0]).toBe(field);
  });
});

const validRequest = {
  channel: 'EMAIL',
  goal: { objective: 'Confirm the delivery window' },
  counterparty: { address: 'ops@acme.example', name: 'Sam Ortiz' },
  senderPersona: { name: 'Jordan' },
};

describe('request schemas follow the OpenAPI rules', () => {
  it.each([
    ['an unknown top-level field', { ...validRequest, priority: 1 }],
    [
      'an unknown nested field',
      { ...validRequest, senderPersona: { name: 'J', signature: 'x' } },
    ],
    [
      'a non-string customData value',
      {
        ...validRequest,
        counterparty: { ...validRequest.counterparty, customData: { n: 1 } },
      },
    ],
    ['maxAttempts below 1', { ...validRequest, maxAttempts: 0 }],
    ['a fractional delay', { ...validRequest, followUpDelayHours: 1.5 }],
    ['an empty objective', { ...validRequest, goal: { objective: '' } }],
    ['an unknown channel', { ...validRequest, channel: 'FAX' }],
    [
      'a webhook URL that is not a URL',
      { ...validRequest, clientWebhookUrl: 'x' },
    ],
    ['an empty constraint', { ...validRequest, constraints: [''] }],
  ])('rejects %s, as the spec does', (_what, body) => {
    expect(CreateCaseRequest.safeParse(body).success).toBe(false);
    expect(validateComponent('CreateCaseRequest', body).valid).toBe(false);
  });

  it('accepts knowledge as a string or an object', () => {
    for (const knowledge of ['plain text', { vendor: 'Northstar' }]) {
      const body = { ...validRequest, goal: { objective: 'x', knowledge } };
      expect(CreateCaseRequest.safeParse(body).success).toBe(true);
      expect(validateComponent('CreateCaseRequest', body).valid).toBe(true);
    }
  });

  it('rejects a blank answer the server would reject after trimming', () => {
    expect(
      ProvideCaseInputRequest.safeParse({
        inputRequestId: 'r1',
        providedContext: '   ',
      }).success,
    ).toBe(false);
  });
});
