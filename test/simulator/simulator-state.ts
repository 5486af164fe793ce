import { webhookEventTypeFor } from '../../shared/offload/case-rules.ts';
import type { InputLogEntry, RequestLogEntry } from './admin-contract.ts';
import { ApiKeys, seededKeys, type SeededKeys } from './api-keys.ts';
import { isTerminal, type SimCase, type SimStatus } from './case-record.ts';
import { webhookEvent } from './case-view.ts';
import { CaseWorker } from './case-worker.ts';
import { DownloadLinks } from './download-links.ts';
import { FaultInjector } from './fault-injector.ts';
import { RingBuffer } from './ring-buffer.ts';
import { SeededRandom } from './seeded-random.ts';
import { SimClock } from './sim-clock.ts';
import { isBillableFinish, UsageLedger } from './usage-ledger.ts';
import { WebhookSender } from './webhook-sender.ts';

// Everything one simulator instance holds, in one place so that reset()
// can put all of it back to the start.

const MAX_LOG_ENTRIES = 10_000;

export interface StateOptions {
  seed: number;
  timeScale: number;
  linkTtlMs: number;
}

export class SimulatorState {
  readonly seed: number;
  readonly linkTtlMs: number;
  readonly seededKeys: SeededKeys;
  readonly clock: SimClock;
  readonly keys: ApiKeys;
  readonly usage = new UsageLedger();
  readonly faults = new FaultInjector();
  readonly links = new DownloadLinks();
  readonly webhooks = new WebhookSender();
  readonly requests = new RingBuffer<RequestLogEntry>(MAX_LOG_ENTRIES);
  readonly inputs = new RingBuffer<InputLogEntry>(MAX_LOG_ENTRIES);
  readonly cases = new Map<string, SimCase>();
  readonly worker: CaseWorker;
  /** Errors thrown by scheduled work, kept for the admin API to show. */
  readonly errors = new RingBuffer<string>(100);
  /** Set once the server listens: `http://127.0.0.1:<port>`. */
  baseUrl = '';
  random: SeededRandom;

  constructor(options: StateOptions) {
    this.seed = options.seed;
    this.linkTtlMs = options.linkTtlMs;
    this.seededKeys = seededKeys(options.seed);
    this.keys = new ApiKeys(this.seededKeys);
    this.random = new SeededRandom(options.seed);
    this.clock = new SimClock(options.timeScale, (error) => {
      this.errors.push(
        error instanceof Error ? (error.stack ?? '') : `${error}`,
      );
    });
    this.worker = new CaseWorker(
      this.clock,
      () => this.random,
      (record, previous) => this.#transitioned(record, previous),
    );
  }

  /** Webhooks and usage follow every status change the worker makes. */
  #transitioned(record: SimCase, previous: SimStatus): void {
    const eventType = webhookEventTypeFor(record.status);
    if (eventType !== null && record.clientWebhookUrl !== undefined) {
      this.webhooks.send(
        record.clientWebhookUrl,
        webhookEvent(record, eventType),
        this.clock.now(),
      );
    }
    if (isTerminal(record.status) && !isTerminal(previous) && !record.billed) {
      record.billed = true;
      if (
        record.origin === 'api' &&
        isBillableFinish(record.status, record.resultStatus)
      ) {
        this.usage.recordBillableFinish(record.clientId, this.clock.now());
      }
    }
  }

  /** A fresh state with the same keys and seed; the clock keeps going. */
  reset(): void {
    this.clock.clearEvents();
    this.cases.clear();
    this.keys.reset();
    this.usage.reset();
    this.faults.clear();
    this.links.clear();
    this.webhooks.reset();
    this.requests.clear();
    this.inputs.clear();
    this.errors.clear();
    this.random = new SeededRandom(this.seed);
  }

  close(): void {
    this.clock.close();
    this.webhooks.close();
  }
}
