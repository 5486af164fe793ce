import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { SimulatorAdmin } from '../test/simulator/admin-client.ts';

// `npm run demo` runs the Offload simulator in its own process (as a
// person would with `npm run simulator`), reads where it listens from the
// lines it prints, and seeds a few cases to watch. Development tooling:
// never bundled into the app.

export interface SimulatorBanner {
  url: string;
  apiKey: string;
  adminToken: string;
}

/** The URL, key and admin token from the simulator's first lines. */
export function parseSimulatorBanner(text: string): SimulatorBanner | null {
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)\s*$/m.exec(text)?.[1];
  const apiKey = /^API key: (\S+)\s*$/m.exec(text)?.[1];
  const adminToken = /^Admin token: (\S+)\s*$/m.exec(text)?.[1];
  if (!url || !apiKey || !adminToken) return null;
  return { url, apiKey, adminToken };
}

export interface RunningDemoSimulator extends SimulatorBanner {
  readonly process: ChildProcess;
  /** Stops the simulator and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts `test/simulator/cli.ts` on a free port and waits for its banner. */
export function startDemoSimulator(options: {
  root: string;
  timeScale: number;
  seed?: number;
}): Promise<RunningDemoSimulator> {
  const child = spawn(
    process.execPath,
    [
      join(options.root, 'test/simulator/cli.ts'),
      '--port',
      '0',
      '--time-scale',
      String(options.timeScale),
      '--seed',
      String(options.seed ?? 1),
    ],
    { cwd: options.root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
    }
    await exited;
  };
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const banner = parseSimulatorBanner(text);
      if (banner === null) return;
      child.stdout?.off('data', onData);
      // Keep draining its output so the pipe never fills.
      child.stdout?.resume();
      resolve({ ...banner, process: child, stop });
    };
    child.stdout?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => {
      reject(new Error(`the simulator exited (code ${code}) before listening`));
    });
  });
}

const DEMO_SCENARIOS = [
  ['needs-input', 'Confirm the W-9 signer'],
  ['goal-achieved', 'Collect the signed W-9'],
  ['requires-reply', 'Agree a delivery date'],
  ['rejected', 'Ask for a late-fee waiver'],
  ['silent', 'Chase an unpaid invoice'],
] as const;

/** Seeds a few running cases, one per scenario; returns their ids. */
export async function seedDemoCases(sim: SimulatorBanner): Promise<string[]> {
  const admin = new SimulatorAdmin(sim.url, sim.adminToken);
  const ids: string[] = [];
  for (const [index, [scenario, label]] of DEMO_SCENARIOS.entries()) {
    const seeded = await admin.seedCase({
      status: 'RUNNING',
      scenario,
      clientReferenceId: `demo_${index + 1}`,
      messages: [{ from: 'us', body: `${label}, please.` }],
    });
    ids.push(seeded.caseId);
  }
  return ids;
}
