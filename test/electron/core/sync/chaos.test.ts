import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTerminalStatus } from '../../../../shared/offload/case-rules.ts';
import type { CaseView } from '../../../../shared/offload/schemas.ts';
import { AnswerFlow } from '../../../../electron/core/answers/answer-flow.ts';
import type { SyncEvent } from '../../../../electron/core/sync/sync-events.ts';
import { startSimulator } from '../../../simulator/simulator.ts';
import type {
  FaultRule,
  RunningSimulator,
} from '../../../simulator/simulator.ts';
import { SyncRig } from './sync-rig.ts';
import { seededRandom } from '../../../support/mulberry32.ts';

// Fifty cases living through their scripted lives over four simulated
// days while faults come and go (latency, 5xx, 429, resets, cut replies),
// the console restarts once half-way, and waiting cases are answered as
// their questions come in. At the end, with faults cleared, the store
// must equal what the simulator serves for every case, and every
// transition must have been announced exactly once.

const HOUR = 3_600_000;
const SCENARIOS = [
  'goal-achieved',
  'rejected',
  'needs-input',
  'requires-reply',
  'snooze',
  'silent',
  'bounce',
  'complaint',
  'provider-reject',
] as const;
const CASES = 50;
// Half-hour steps for the first busy half-day, then hourly: four days.
const STEPS = 108;
const stepLength = (step: number) => (step < 24 ? HOUR / 2 : HOUR);
const SEED = 20_260_406;

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('empty list');
  return item;
}

/** A random handful of faults, each used up after a few requests. */
function randomFaults(random: () => number): FaultRule[] {
  const times = (max: number) => 1 + Math.floor(random() * max);
  const pool: (() => FaultRule)[] = [
    () => ({
      route: '*',
      kind: 'latency',
      latencyMs: 1 + Math.floor(random() * 8),
      times: times(20),
    }),
    () => ({
      route: 'getCase',
      kind: pick(random, ['gateway-500', 'envelope-500', 'html'] as const),
      times: times(3),
    }),
    () => ({ route: 'getCase', kind: 'gateway-429', times: 1 }),
    () => ({ route: '*', kind: 'reset', times: times(2) }),
    () => ({ route: 'getTranscript', kind: 'gateway-500', times: times(2) }),
    () => ({
      route: 'provideInput',
      kind: pick(random, ['reset', 'truncate', 'envelope-500'] as const),
      times: 1,
    }),
  ];
  return pool.filter(() => random() < 0.4).map((make) => make());
}

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 77, timeScale: 0, checkResponses: true });
  await sim.admin.setWebhookMode('drop');
});

afterAll(async () => {
  await sim.close();
});

describe('chaos', () => {
  it(
    'ends with the store equal to the simulator and every transition announced once',
    { timeout: 180_000 },
    async () => {
      const random = seededRandom(SEED);
      const r = new SyncRig(sim, { settings: { concurrency: 4 } });
      const log: SyncEvent[] = [];
      const openQuestions = new Map<string, string>();
      const listen = () =>
        r.engine.on((event) => {
          log.push(event);
          if (event.type === 'input-needed') {
            openQuestions.set(event.caseId, event.inputRequestId);
          }
        });
      listen();
      let flow = new AnswerFlow({
        store: r.store,
        getClient: async () => r.client,
        budget: r.budget,
        engine: r.engine,
        who: 'chaos',
        now: r.clock.now,
      });

      try {
        const ids: string[] = [];
        for (let index = 0; index < CASES; index += 1) {
          const { caseId } = await sim.admin.seedCase({
            scenario: pick(random, SCENARIOS),
            followUpDelayHours: 24,
            maxAttempts: 2,
            // Never delivered (webhook mode 'drop'), but the simulator
            // records each event it would send: its own list of transitions.
            clientWebhookUrl: 'http://127.0.0.1:9/hook',
          });
          ids.push(caseId);
        }
        r.watch(...ids);
        await r.engine.syncOnce(); // every case seen first as CREATED

        const answerOpenQuestions = async () => {
          for (const [caseId, requestId] of openQuestions) {
            const result = await flow.submit(caseId, requestId, 'Yes, go on.');
            // Not sent: try again next step. Anything else settles it.
            if (result.outcome !== 'not-sent') openQuestions.delete(caseId);
          }
        };

        const fired = new Map<string, number>();
        const tallyFaults = async () => {
          const { requests } = await sim.admin.requests();
          await sim.admin.clearRequests();
          for (const request of requests) {
            if (request.fault) {
              fired.set(request.fault, (fired.get(request.fault) ?? 0) + 1);
            }
          }
        };

        for (let step = 0; step < STEPS; step += 1) {
          await tallyFaults();
          await sim.admin.setFaults(randomFaults(random));
          await sim.admin.advance(stepLength(step));
          r.clock.advance(stepLength(step));
          await r.engine.pollDue();
          await answerOpenQuestions();
          await r.engine.pollDue();
          if (step % 10 === 9) await r.engine.syncOnce();
          if (step === 60) {
            // The console quits and starts again on the same file.
            await r.restart();
            listen();
            flow = new AnswerFlow({
              store: r.store,
              getClient: async () => r.client,
              budget: r.budget,
              engine: r.engine,
              who: 'chaos',
              now: r.clock.now,
            });
          }
        }

        // Calm: no faults, time for the probe, then a final sync.
        await sim.admin.clearFaults();
        await tallyFaults();
        // The run was rough: every kind of fault fired, the console went
        // offline and came back, answers went out.
        for (const kind of ['latency', 'gateway-500', 'gateway-429', 'reset']) {
          expect(fired.get(kind) ?? 0, kind).toBeGreaterThan(0);
        }
        const offline = log.filter(
          (event) =>
            event.type === 'sync-state' && event.state.connection === 'offline',
        );
        expect(offline.length).toBeGreaterThan(0);
        await answerOpenQuestions();
        await sim.admin.advance(HOUR);
        r.clock.advance(HOUR);
        await r.engine.pollDue();
        const final = await r.engine.syncOnce();
        expect(final).toMatchObject({
          fetched: CASES,
          failed: 0,
          transcriptsFailed: 0,
          stoppedBy: null,
        });
        expect(r.engine.state().connection).toBe('online');

        // 1. The store equals the simulator's truth, case by case.
        const truths = new Map<string, CaseView>();
        for (const caseId of ids) {
          const truth = await r.truth(caseId);
          truths.set(caseId, truth);
          expect(r.store.snapshot(caseId)?.view).toEqual(truth);
        }
        // The scripts all end within four days once questions are
        // answered, and each finished case has its final transcript.
        expect(
          [...truths.values()].filter(
            (truth) => !isTerminalStatus(truth.status),
          ),
        ).toEqual([]);
        for (const [caseId, truth] of truths) {
          expect(r.store.transcript(caseId)?.caseUpdatedAt).toBe(
            truth.updatedAt,
          );
        }

        // 2. Every transition announced exactly once.
        const ofCase = <T extends SyncEvent['type']>(type: T, caseId: string) =>
          log.filter(
            (event): event is Extract<SyncEvent, { type: T }> =>
              event.type === type &&
              'caseId' in event &&
              event.caseId === caseId,
          );
        for (const caseId of ids) {
          const truth = truths.get(caseId);
          const seen = ofCase('case-changed', caseId);
          const statuses = seen.map((event) => event.view.status);
          const expectedMoves: [string, string][] = [];
          for (let index = 1; index < statuses.length; index += 1) {
            const from = statuses[index - 1] ?? '';
            const to = statuses[index] ?? '';
            if (from !== to) expectedMoves.push([from, to]);
          }
          expect(
            ofCase('status-changed', caseId).map((event) => [
              event.from,
              event.to,
            ]),
          ).toEqual(expectedMoves);

          // No snapshot announced twice (updatedAt is unique per change).
          const stamps = seen.map((event) => event.view.updatedAt);
          expect(new Set(stamps).size).toBe(stamps.length);
          expect(stamps).toEqual(stamps.toSorted((a, b) => a - b));

          const terminal =
            truth?.status === 'COMPLETED' ? 'completed' : 'failed';
          const other = terminal === 'completed' ? 'failed' : 'completed';
          expect(ofCase(terminal, caseId)).toHaveLength(1);
          expect(ofCase(other, caseId)).toHaveLength(0);

          const questions = new Set(
            seen
              .map((event) => event.view.inputRequest)
              .filter((request) => request?.status === 'PENDING')
              .map((request) => request?.id),
          );
          expect(
            ofCase('input-needed', caseId).map((event) => event.inputRequestId),
          ).toEqual([...questions]);

          // The timeline agrees with what was announced.
          const timeline = r.store.timeline(caseId);
          expect(
            timeline.filter((event) => event.type === 'case.status_changed'),
          ).toHaveLength(expectedMoves.length);
        }
        // 3. Polling saw every transition the simulator made to a state
        // Offload sends a webhook for, under the webhook's own event id.
        const { deliveries } = await sim.admin.webhooks();
        expect(deliveries.length).toBeGreaterThanOrEqual(CASES);
        for (const delivery of deliveries) {
          const recorded = r.store
            .timeline(delivery.caseId)
            .map((event) => event.id);
          expect(recorded).toContain(delivery.eventId);
        }

        const accepted = (await sim.admin.inputs()).inputs.filter(
          (input) => input.status === 202,
        );
        expect(accepted.length).toBeGreaterThan(0);
        expect(sim.responseProblems()).toEqual([]);
      } finally {
        await r.dispose();
      }
    },
  );
});
