import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  AttachmentWithUrl,
  CaseView,
  CreateCaseRequest,
  CreateCaseResult,
  ErrorEnvelope,
  ProvideCaseInputRequest,
  ProvideCaseInputResult,
  successEnvelope,
} from '../../shared/offload/schemas.ts';
import { backoffDelay, DEFAULT_BACKOFF, sleep } from './backoff.ts';
import type { BackoffPolicy } from './backoff.ts';
import { silentLogger } from './logger.ts';
import type { Logger } from './logger.ts';
import {
  OffloadError,
  kindForBareStatus,
  kindForCode,
} from './offload-error.ts';

// Typed client for the four Offload routes (offload-api.md §3). It runs in
// the main process only: the API key lives here and nowhere else. Every
// response is validated; every failure becomes an OffloadError. GETs are
// retried on transient faults with jittered backoff; POSTs never are,
// because neither creating a case nor answering one is idempotent.

export interface OffloadClientOptions {
  /** e.g. `https://api.example.com` or `http://127.0.0.1:4010`. */
  baseUrl: string;
  apiKey: string;
  /** Per attempt, including reading the body. Default 15 s. */
  timeoutMs?: number;
  /** For `includeTranscript=true`, a live mail-provider fetch. Default 60 s. */
  transcriptTimeoutMs?: number;
  backoff?: BackoffPolicy;
  /** Source of randomness for jitter; tests may pin it. */
  random?: () => number;
  logger?: Logger;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout for this call. */
  timeoutMs?: number;
}

export interface GetCaseOptions extends CallOptions {
  /** Ask for the live transcript. Slow and fallible: not for tight loops. */
  includeTranscript?: boolean;
}

/** What checking a key told us, without any side effect on the account. */
export type KeyCheck =
  | { outcome: 'valid' }
  | {
      outcome: 'rejected';
      reason: 'unknown-key' | 'inactive-key';
      error: OffloadError;
    }
  | { outcome: 'unreachable'; error: OffloadError };

interface RequestPlan<T extends z.ZodType> {
  method: 'GET' | 'POST';
  /** Route template for messages and logs, e.g. `GET /cases/{id}`. */
  operation: string;
  path: string;
  body?: unknown;
  data: T;
  /** Safe to send again after a transient failure. */
  repeatable: boolean;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_TRANSCRIPT_TIMEOUT_MS = 60_000;

/** Parses and normalises a base URL; throws a plain Error when unusable. */
export function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(`"${raw}" is not a valid URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error('The Offload base URL must start with https://.');
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new Error(
      'The Offload base URL must not carry a query, fragment or login.',
    );
  }
  return url.href.replace(/\/+$/, '');
}

// Building a zod schema is costly (zod compiles it on first use), so each
// route's success envelope is built once and reused.
const envelopes = new WeakMap<z.ZodType, z.ZodType>();
function envelopeOf(data: z.ZodType): z.ZodType {
  let envelope = envelopes.get(data);
  if (!envelope) {
    envelope = successEnvelope(data);
    envelopes.set(data, envelope);
  }
  return envelope;
}

/** `data.attachments.0.size` becomes `data.attachments[0].size`. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number'
        ? `[${part}]`
        : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

function describeBody(text: string): string {
  const start = text.trimStart();
  if (start === '') return 'an empty body';
  if (start.startsWith('<')) return 'an HTML page';
  return 'a body that is not valid JSON';
}

export class OffloadClient {
  readonly baseUrl: string;
  readonly #apiKey: string;
  readonly #timeoutMs: number;
  readonly #transcriptTimeoutMs: number;
  readonly #backoff: BackoffPolicy;
  readonly #random: () => number;
  readonly #log: Logger;

  constructor(options: OffloadClientOptions) {
    this.baseUrl = normaliseBaseUrl(options.baseUrl);
    if (options.apiKey.trim() === '') {
      throw new Error('An Offload API key is required.');
    }
    this.#apiKey = options.apiKey.trim();
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#transcriptTimeoutMs =
      options.transcriptTimeoutMs ?? DEFAULT_TRANSCRIPT_TIMEOUT_MS;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#random = options.random ?? Math.random;
    this.#log = (options.logger ?? silentLogger).child('offload');
    this.#log.redactor.addSecret(this.#apiKey);
  }

  /**
   * Creates a case. Never retried: the API has no idempotency key, so a
   * second try after a lost answer could create a duplicate case.
   */
  async createCase(
    body: CreateCaseRequest,
    options: CallOptions = {},
  ): Promise<CreateCaseResult> {
    const operation = 'POST /cases';
    return this.#send({
      method: 'POST',
      operation,
      path: '/cases',
      body: this.#checkBody(operation, CreateCaseRequest, body),
      data: CreateCaseResult,
      repeatable: false,
      timeoutMs: options.timeoutMs ?? this.#timeoutMs,
      signal: options.signal,
    });
  }

  /** Reads a case; with `includeTranscript` also its live transcript. */
  async getCase(
    caseId: string,
    options: GetCaseOptions = {},
  ): Promise<CaseView> {
    const operation = 'GET /cases/{id}';
    const query = options.includeTranscript ? '?includeTranscript=true' : '';
    return this.#send({
      method: 'GET',
      operation,
      path: `/cases/${this.#segment(operation, 'case id', caseId)}${query}`,
      data: CaseView,
      repeatable: true,
      timeoutMs:
        options.timeoutMs ??
        (options.includeTranscript
          ? this.#transcriptTimeoutMs
          : this.#timeoutMs),
      signal: options.signal,
    });
  }

  /** Asks for a fresh, expiring download link for one attachment. */
  async getAttachment(
    caseId: string,
    attachmentId: string,
    options: CallOptions = {},
  ): Promise<AttachmentWithUrl> {
    const operation = 'GET /cases/{id}/attachments/{attachmentId}';
    const casePart = this.#segment(operation, 'case id', caseId);
    const attachmentPart = this.#segment(
      operation,
      'attachment id',
      attachmentId,
    );
    return this.#send({
      method: 'GET',
      operation,
      path: `/cases/${casePart}/attachments/${attachmentPart}`,
      data: AttachmentWithUrl,
      repeatable: true,
      timeoutMs: options.timeoutMs ?? this.#timeoutMs,
      signal: options.signal,
    });
  }

  /**
   * Answers a case waiting for input. Not retried: when it fails after
   * the request may have arrived (`outcomeUnknown`), re-read the case; a
   * RESOLVED input request means the answer was taken.
   */
  async provideInput(
    caseId: string,
    body: ProvideCaseInputRequest,
    options: CallOptions = {},
  ): Promise<ProvideCaseInputResult> {
    const operation = 'POST /cases/{id}/input';
    return this.#send({
      method: 'POST',
      operation,
      path: `/cases/${this.#segment(operation, 'case id', caseId)}/input`,
      body: this.#checkBody(operation, ProvideCaseInputRequest, body),
      data: ProvideCaseInputResult,
      repeatable: false,
      timeoutMs: options.timeoutMs ?? this.#timeoutMs,
      signal: options.signal,
    });
  }

  /**
   * Checks the key without touching any case: reading a random case id
   * answers 404 to a valid key, 401 to an unknown one, 403 to an inactive
   * one (offload-api.md §1).
   */
  async verifyKey(options: CallOptions = {}): Promise<KeyCheck> {
    try {
      await this.getCase(randomUUID(), options);
      // A random UUID that exists and is ours: the key can read cases.
      return { outcome: 'valid' };
    } catch (error) {
      if (!(error instanceof OffloadError)) throw error;
      switch (error.kind) {
        case 'case-not-found':
          return { outcome: 'valid' };
        case 'unauthorized':
          return { outcome: 'rejected', reason: 'unknown-key', error };
        case 'forbidden':
          return { outcome: 'rejected', reason: 'inactive-key', error };
        case 'aborted':
          throw error;
        default:
          return { outcome: 'unreachable', error };
      }
    }
  }

  #segment(operation: string, what: string, value: string): string {
    if (value.trim() === '') {
      throw new OffloadError('invalid-request', {
        operation,
        message: `A ${what} is required.`,
      });
    }
    return encodeURIComponent(value.trim());
  }

  #checkBody<T extends z.ZodType>(
    operation: string,
    schema: T,
    body: unknown,
  ): z.infer<T> {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const field = issue ? fieldPath(issue.path) : '';
    throw new OffloadError('invalid-request', {
      operation,
      field,
      message: `The request is invalid before sending: ${
        field || 'body'
      }: ${issue?.message ?? 'invalid'}.`,
    });
  }

  async #send<T extends z.ZodType>(plan: RequestPlan<T>): Promise<z.infer<T>> {
    const maxAttempts = plan.repeatable ? this.#backoff.maxAttempts : 1;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.#attempt(plan);
      } catch (caught) {
        const error =
          caught instanceof OffloadError
            ? caught.withAttempts(attempt)
            : caught;
        if (
          !(error instanceof OffloadError) ||
          !error.transient ||
          attempt >= maxAttempts
        ) {
          throw error;
        }
        const delay = backoffDelay(this.#backoff, attempt - 1, this.#random);
        this.#log.warn(`${plan.operation} failed, retrying`, {
          kind: error.kind,
          status: error.status,
          attempt,
          delayMs: delay,
        });
        try {
          await sleep(delay, plan.signal);
        } catch (abortReason) {
          throw new OffloadError('aborted', {
            operation: plan.operation,
            attempts: attempt,
            cause: abortReason,
          });
        }
      }
    }
  }

  async #attempt<T extends z.ZodType>(
    plan: RequestPlan<T>,
  ): Promise<z.infer<T>> {
    const { operation } = plan;
    const started = performance.now();
    const { status, text } = await this.#exchange(plan);
    this.#log.debug(`${operation} ${status}`, {
      ms: Math.round(performance.now() - started),
    });

    // Parse: bodies outside the envelope are normal for gateway errors.
    let body: unknown;
    let parsedJson = true;
    try {
      body = text === '' ? undefined : JSON.parse(text);
      parsedJson = text !== '';
    } catch {
      parsedJson = false;
    }

    if (status >= 200 && status < 300) {
      if (!parsedJson) {
        throw this.#unknownOutcome(plan, 'bad-response', {
          status,
          message: `Offload answered ${status} with ${describeBody(text)}.`,
        });
      }
      const envelope = envelopeOf(plan.data).safeParse(body);
      if (envelope.success) {
        return (envelope.data as { data: z.infer<T> }).data;
      }
      const issue = envelope.error.issues[0];
      const field = issue ? fieldPath(issue.path) : '';
      throw this.#unknownOutcome(plan, 'bad-response', {
        status,
        field,
        message:
          'Offload sent a response the console does not understand: ' +
          `${field || 'body'}: ${issue?.message ?? 'invalid'}.`,
      });
    }

    const envelope = parsedJson ? ErrorEnvelope.safeParse(body) : undefined;
    if (envelope?.success) {
      const { code, message } = envelope.data.error;
      const kind = kindForCode(code) ?? kindForBareStatus(status);
      throw this.#unknownOutcome(plan, kind, {
        status,
        code,
        serverMessage: message,
        ...(kindForCode(code)
          ? {}
          : {
              message: `Offload answered ${status} with an unknown error code ${code}.`,
            }),
      });
    }
    const kind = kindForBareStatus(status);
    throw this.#unknownOutcome(plan, kind, {
      status,
      ...(kind === 'bad-response'
        ? {
            message: `Offload answered ${status} with ${
              parsedJson ? 'an unexpected body' : describeBody(text)
            }.`,
          }
        : {}),
    });
  }

  /**
   * Sends the request and reads the whole body under one deadline. A plain
   * timer and controller are used rather than AbortSignal.timeout/any,
   * which cost a measurable share of a fast local round trip.
   */
  async #exchange(
    plan: RequestPlan<z.ZodType>,
  ): Promise<{ status: number; text: string }> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, plan.timeoutMs);
    const onAbort = () => controller.abort(plan.signal?.reason);
    if (plan.signal?.aborted) onAbort();
    plan.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await fetch(`${this.baseUrl}${plan.path}`, {
        method: plan.method,
        headers: {
          accept: 'application/json',
          'x-api-key': this.#apiKey,
          ...(plan.body === undefined
            ? {}
            : { 'content-type': 'application/json' }),
        },
        body: plan.body === undefined ? null : JSON.stringify(plan.body),
        // A redirect would carry the key to another origin: never follow.
        redirect: 'manual',
        signal: controller.signal,
      });
      return { status: response.status, text: await response.text() };
    } catch (cause) {
      throw this.#transportError(plan, timedOut, cause);
    } finally {
      clearTimeout(timer);
      plan.signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * A failure after the request was sent. For a POST whose effect is not
   * known (a 5xx or a body we could not read), the server may have acted.
   */
  #unknownOutcome(
    plan: RequestPlan<z.ZodType>,
    kind: OffloadError['kind'],
    details: Omit<ConstructorParameters<typeof OffloadError>[1], 'operation'>,
  ): OffloadError {
    const mayHaveActed =
      !plan.repeatable && (kind === 'server-error' || kind === 'bad-response');
    return new OffloadError(kind, {
      ...details,
      operation: plan.operation,
      outcomeUnknown: mayHaveActed,
    });
  }

  #transportError(
    plan: RequestPlan<z.ZodType>,
    timedOut: boolean,
    cause: unknown,
  ): OffloadError {
    const { operation } = plan;
    if (plan.signal?.aborted) {
      return new OffloadError('aborted', { operation, cause });
    }
    // The connection was refused: nothing reached the server.
    const refused =
      (cause as { cause?: { code?: string } } | undefined)?.cause?.code ===
      'ECONNREFUSED';
    const outcomeUnknown = !plan.repeatable && !refused;
    if (timedOut) {
      return new OffloadError('timeout', {
        operation,
        cause,
        outcomeUnknown,
        message: `Offload did not answer within ${Math.round(
          plan.timeoutMs / 1000,
        )} s.`,
      });
    }
    return new OffloadError('network', { operation, cause, outcomeUnknown });
  }
}
