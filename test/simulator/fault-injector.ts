import type { FaultKind, FaultRoute, FaultRule } from './admin-contract.ts';

// Fault rules set through the admin API. A request takes the first rule
// whose route matches (`*` matches every public route and the file
// route; `getCase` does not match transcript reads) and uses up one of
// its `times`. Rules are checked before authentication, because a gateway
// in front of the API fails whatever key the caller sent.

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

/** Kinds that replace the whole response before the handler runs. */
const SHORT_CIRCUIT: ReadonlySet<FaultKind> = new Set([
  'gateway-429',
  'envelope-500',
  'error',
  'gateway-500',
  'html',
  'empty',
  'reset',
  'malformed-json',
]);

export function shortCircuits(kind: FaultKind): boolean {
  return SHORT_CIRCUIT.has(kind);
}

export class FaultInjector {
  #rules: ActiveRule[] = [];

  list(): FaultRule[] {
    return this.#rules.map(({ rule, remaining }) =>
      rule.times === undefined ? rule : { ...rule, times: remaining },
    );
  }

  replace(rules: FaultRule[]): void {
    this.#rules = rules.map((rule) => ({
      rule,
      remaining: rule.times ?? Infinity,
    }));
  }

  add(rule: FaultRule): void {
    this.#rules.push({ rule, remaining: rule.times ?? Infinity });
  }

  clear(): void {
    this.#rules = [];
  }

  /** The rule this request triggers, if any, consuming one use of it. */
  take(route: FaultRoute | 'unknown'): FaultRule | undefined {
    if (this.#rules.length === 0) return undefined;
    const index = this.#rules.findIndex(
      ({ rule }) => rule.route === route || rule.route === '*',
    );
    const active = this.#rules[index];
    if (active === undefined) return undefined;
    active.remaining -= 1;
    if (active.remaining <= 0) this.#rules.splice(index, 1);
    return active.rule;
  }
}
