// Monthly usage per client (offload-api.md §7): cases created and
// billable cases finished in the current UTC month of the simulated
// clock. Either one reaching the plan's cap blocks POST /cases.

export const PLAN_CAPS = { SANDBOX: 100, PAYG: 100, BASE_PRO: 500 } as const;
export type Plan = keyof typeof PLAN_CAPS;

/** Provider failures are not billed; every other finish is. */
const UNBILLED_RESULTS = new Set(['BOUNCED', 'REJECTED', 'COMPLAINED']);

export interface UsageState {
  clientId: string;
  plan: Plan;
  cap: number;
  month: string;
  created: number;
  billableFinished: number;
}

interface MonthCounters {
  created: number;
  billableFinished: number;
}

export function utcMonth(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 7);
}

export function isBillableFinish(status: string, resultStatus?: string) {
  if (status === 'COMPLETED') return true;
  return status === 'FAILED' && !UNBILLED_RESULTS.has(resultStatus ?? '');
}

export class UsageLedger {
  #plans = new Map<string, Plan>();
  #counters = new Map<string, MonthCounters>();

  reset(): void {
    this.#plans.clear();
    this.#counters.clear();
  }

  #month(clientId: string, month: string): MonthCounters {
    const key = `${clientId}\u0000${month}`;
    let counters = this.#counters.get(key);
    if (counters === undefined) {
      counters = { created: 0, billableFinished: 0 };
      this.#counters.set(key, counters);
    }
    return counters;
  }

  state(clientId: string, now: number): UsageState {
    const plan = this.#plans.get(clientId) ?? 'SANDBOX';
    const month = utcMonth(now);
    const counters = this.#month(clientId, month);
    return { clientId, plan, cap: PLAN_CAPS[plan], month, ...counters };
  }

  isCapReached(clientId: string, now: number): boolean {
    const state = this.state(clientId, now);
    return state.created >= state.cap || state.billableFinished >= state.cap;
  }

  recordCreated(clientId: string, now: number): void {
    this.#month(clientId, utcMonth(now)).created += 1;
  }

  recordBillableFinish(clientId: string, now: number): void {
    this.#month(clientId, utcMonth(now)).billableFinished += 1;
  }

  set(
    clientId: string,
    now: number,
    change: { plan?: Plan; created?: number; billableFinished?: number },
  ): UsageState {
    if (change.plan !== undefined) this.#plans.set(clientId, change.plan);
    const counters = this.#month(clientId, utcMonth(now));
    if (change.created !== undefined) counters.created = change.created;
    if (change.billableFinished !== undefined) {
      counters.billableFinished = change.billableFinished;
    }
    return this.state(clientId, now);
  }
}
