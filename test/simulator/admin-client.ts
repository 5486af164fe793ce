import type {
  CaseResult,
  ClockState,
  FaultRule,
  InputLogEntry,
  InternalCase,
  KeyRequest,
  KeyResult,
  ReplyRequest,
  RequestLogEntry,
  SeedCaseRequest,
  SeedCaseResult,
  Sha256Result,
  TransitionRequest,
  UsageRequest,
  UsageState,
  WebhookDelivery,
  WebhookMode,
} from './admin-contract.ts';

// A typed client for the simulator's /__sim/ admin API, for tests and
// benchmark scripts. Each method is one HTTP call and resolves with the
// endpoint's JSON answer as it is; a non-2xx answer throws with the
// simulator's error message.

export type {
  AttachmentSpecInput,
  CaseResult,
  ClockState,
  FaultKind,
  FaultRoute,
  FaultRule,
  InputLogEntry,
  InternalCase,
  KeyRequest,
  KeyResult,
  ReplyRequest,
  RequestLogEntry,
  SeedCaseRequest,
  SeedCaseResult,
  Sha256Result,
  TransitionRequest,
  UsageRequest,
  UsageState,
  WebhookDelivery,
  WebhookMode,
} from './admin-contract.ts';

export class SimulatorAdmin {
  readonly #baseUrl: string;
  readonly #token: string;

  constructor(baseUrl: string, token: string) {
    this.#baseUrl = baseUrl;
    this.#token = token;
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.#baseUrl}/__sim${path}`, {
      method,
      headers: {
        'x-sim-admin-token': this.#token,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    if (!response.ok) {
      const message = (parsed as { error?: string } | undefined)?.error;
      throw new Error(
        `${method} /__sim${path} failed: ${response.status} ${message ?? text}`,
      );
    }
    return parsed as T;
  }

  /** Creates a case in any state; see the README for the defaults. */
  seedCase(body: SeedCaseRequest = {}): Promise<SeedCaseResult> {
    return this.#call('POST', '/cases', body);
  }

  /** Forces a status change; sends webhooks like a real transition. */
  transition(caseId: string, body: TransitionRequest): Promise<CaseResult> {
    return this.#call(
      'POST',
      `/cases/${encodeURIComponent(caseId)}/transition`,
      body,
    );
  }

  /** The counterparty replies now and the verdict is applied at once. */
  reply(caseId: string, body: ReplyRequest): Promise<CaseResult> {
    return this.#call(
      'POST',
      `/cases/${encodeURIComponent(caseId)}/reply`,
      body,
    );
  }

  /** A provider delivery failure (bounce, complaint, rejection) now. */
  providerEvent(
    caseId: string,
    body: {
      resultStatus: 'BOUNCED' | 'COMPLAINED' | 'REJECTED';
      failureReason?: string;
    },
  ): Promise<CaseResult> {
    return this.#call(
      'POST',
      `/cases/${encodeURIComponent(caseId)}/provider-event`,
      body,
    );
  }

  /** Everything stored about a case, including what GET never shows. */
  internalCase(caseId: string): Promise<InternalCase> {
    return this.#call('GET', `/cases/${encodeURIComponent(caseId)}`);
  }

  /** Moves simulated time forward, running everything that falls due. */
  advance(ms: number): Promise<{ now: number }> {
    return this.#call('POST', '/clock/advance', { ms });
  }

  clock(): Promise<ClockState> {
    return this.#call('GET', '/clock');
  }

  /** Replaces every fault rule. */
  setFaults(rules: FaultRule[]): Promise<{ faults: FaultRule[] }> {
    return this.#call('PUT', '/faults', { faults: rules });
  }

  addFault(rule: FaultRule): Promise<{ faults: FaultRule[] }> {
    return this.#call('POST', '/faults', rule);
  }

  /** The rules in force, with what is left of their `times`. */
  faults(): Promise<{ faults: FaultRule[] }> {
    return this.#call('GET', '/faults');
  }

  clearFaults(): Promise<{ faults: FaultRule[] }> {
    return this.#call('DELETE', '/faults');
  }

  requests(): Promise<{ requests: RequestLogEntry[] }> {
    return this.#call('GET', '/requests');
  }

  clearRequests(): Promise<{ requests: RequestLogEntry[] }> {
    return this.#call('DELETE', '/requests');
  }

  inputs(): Promise<{ inputs: InputLogEntry[] }> {
    return this.#call('GET', '/inputs');
  }

  clearInputs(): Promise<{ inputs: InputLogEntry[] }> {
    return this.#call('DELETE', '/inputs');
  }

  webhooks(): Promise<{ mode: WebhookMode; deliveries: WebhookDelivery[] }> {
    return this.#call('GET', '/webhooks');
  }

  setWebhookMode(mode: WebhookMode): Promise<{ mode: WebhookMode }> {
    return this.#call('PUT', '/webhooks', { mode });
  }

  /** Adds or changes a key; omit `key` to have one generated. */
  addKey(body: KeyRequest): Promise<KeyResult> {
    return this.#call('POST', '/keys', body);
  }

  /** Sets a client's plan and this month's counters. */
  setUsage(body: UsageRequest): Promise<UsageState> {
    return this.#call('PUT', '/usage', body);
  }

  usage(clientId?: string): Promise<UsageState> {
    const query =
      clientId === undefined ? '' : `?clientId=${encodeURIComponent(clientId)}`;
    return this.#call('GET', `/usage${query}`);
  }

  /** Expires every live download link; `expired` counts them. */
  expireLinks(): Promise<{ expired: number }> {
    return this.#call('POST', '/links/expire');
  }

  expectedSha256(caseId: string, attachmentId: string): Promise<Sha256Result> {
    const path = [caseId, attachmentId].map(encodeURIComponent).join('/');
    return this.#call('GET', `/attachments/${path}/sha256`);
  }

  /** Errors thrown by scheduled work (empty unless the simulator has a bug). */
  errors(): Promise<{ errors: string[] }> {
    return this.#call('GET', '/errors');
  }

  /** Back to a fresh state with the same keys; the clock keeps its time. */
  reset(): Promise<{ reset: true }> {
    return this.#call('POST', '/reset');
  }
}
