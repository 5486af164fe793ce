import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { SimulatorAdmin } from '../simulator/admin-client.ts';

// Benchmarks run the simulator in its own process, so that the server's
// work does not share an event loop (and a core) with the side measured.

export interface SimulatorProcess {
  url: string;
  apiKey: string;
  admin: SimulatorAdmin;
  stop(): Promise<void>;
}

/** Starts `test/simulator/cli.ts` and reads its banner. */
export async function spawnSimulator(seed: number): Promise<SimulatorProcess> {
  const child = spawn(
    process.execPath,
    ['test/simulator/cli.ts', '--port', '0', '--seed', String(seed)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const banner = new Map<string, string>();
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    const url = /listening on (\S+)/.exec(line)?.[1];
    if (url) banner.set('url', url);
    const [label, value] = line.split(': ');
    if (label && value) banner.set(label, value);
    if (banner.has('url') && banner.has('Admin token')) break;
  }
  const url = banner.get('url');
  const apiKey = banner.get('API key');
  const token = banner.get('Admin token');
  if (!url || !apiKey || !token) {
    child.kill();
    throw new Error('The simulator did not print its banner.');
  }
  return {
    url,
    apiKey,
    admin: new SimulatorAdmin(url, token),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
