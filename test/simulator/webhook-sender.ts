import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { WebhookEvent } from '../../shared/offload/schemas.ts';
import type { WebhookDelivery, WebhookMode } from './admin-contract.ts';
import { RingBuffer } from './ring-buffer.ts';

// Webhook delivery as offload-api.md §6 describes it: one unsigned POST
// per event, JSON body, any 2xx is success, no retries. The admin API can
// drop events or send them twice so that a client's reconciliation and
// dedupe get exercised. Every attempt is recorded.

const DELIVERY_TIMEOUT_MS = 5_000;
const MAX_DELIVERIES = 10_000;

export class WebhookSender {
  mode: WebhookMode = 'normal';
  #deliveries = new RingBuffer<WebhookDelivery>(MAX_DELIVERIES);
  #inFlight = new Set<ClientRequest>();
  #closed = false;

  deliveries(): WebhookDelivery[] {
    return this.#deliveries.toArray();
  }

  /** Starts delivery of one event; never throws, never waits. */
  send(url: string, event: WebhookEvent, at: number): void {
    const base = {
      eventId: event.event_id,
      eventType: event.event_type,
      caseId: event.data.caseId,
      url,
      at,
      mode: this.mode,
      payload: event,
    };
    if (this.mode === 'drop') {
      this.#deliveries.push({ ...base, copy: 1, outcome: 'dropped' });
      return;
    }
    const copies = this.mode === 'duplicate' ? 2 : 1;
    const body = JSON.stringify(event);
    const sendCopy = (copy: number) => {
      if (this.#closed) return;
      const delivery: WebhookDelivery = { ...base, copy, outcome: 'pending' };
      this.#deliveries.push(delivery);
      this.#post(url, body, delivery, () => {
        if (copy < copies) sendCopy(copy + 1);
      });
    };
    sendCopy(1);
  }

  #post(
    url: string,
    body: string,
    delivery: WebhookDelivery,
    done: () => void,
  ): void {
    let settled = false;
    const settle = (change: Partial<WebhookDelivery>) => {
      if (settled) return;
      settled = true;
      Object.assign(delivery, change);
      done();
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      settle({ outcome: 'network-error', error: 'invalid URL' });
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(target, {
      method: 'POST',
      agent: false,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'user-agent': 'offload-simulator',
      },
    });
    this.#inFlight.add(request);
    request.on('response', (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      const outcome =
        status >= 200 && status < 300 ? 'delivered' : 'http-error';
      response.on('end', () => settle({ outcome, httpStatus: status }));
      response.on('error', () => settle({ outcome, httpStatus: status }));
    });
    request.on('error', (error) => {
      settle({ outcome: 'network-error', error: error.message });
    });
    request.on('close', () => {
      this.#inFlight.delete(request);
      settle({ outcome: 'network-error', error: 'connection closed' });
    });
    request.end(body);
  }

  reset(): void {
    this.mode = 'normal';
    this.#deliveries.clear();
  }

  close(): void {
    this.#closed = true;
    for (const request of this.#inFlight) request.destroy();
    this.#inFlight.clear();
  }
}
