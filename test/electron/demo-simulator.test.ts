import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseSimulatorBanner,
  seedDemoCases,
} from '../../electron/demo-simulator.ts';
import { startSimulator } from '../simulator/simulator.ts';
import type { RunningSimulator } from '../simulator/simulator.ts';

const BANNER = [
  'Offload simulator listening on http://127.0.0.1:41234',
  'API key: sim_live_abc123',
  'Admin token: sim_admin_def456',
  'Other keys: inactive sim_live_x, other client sim_live_y',
  '',
].join('\n');

describe('parseSimulatorBanner', () => {
  it('reads the URL, the API key and the admin token', () => {
    expect(parseSimulatorBanner(BANNER)).toEqual({
      url: 'http://127.0.0.1:41234',
      apiKey: 'sim_live_abc123',
      adminToken: 'sim_admin_def456',
    });
  });

  it.each([
    ['nothing yet', ''],
    ['the first line only', BANNER.split('\n')[0] ?? ''],
    ['a non-loopback host', BANNER.replace('127.0.0.1', '10.0.0.1')],
    ['an https URL', BANNER.replace('http://', 'https://')],
    ['an empty key', BANNER.replace('sim_live_abc123', '')],
    ['no admin token', BANNER.replace(/^Admin token.*$/m, '')],
  ])('waits for more when it has %s', (_label, text) => {
    expect(parseSimulatorBanner(text)).toBeNull();
  });
});

describe('seedDemoCases', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 3, timeScale: 0, checkResponses: true });
  });

  afterAll(async () => {
    await sim.close();
  });

  it('seeds running cases the demo key can read, that move on their own', async () => {
    const ids = await seedDemoCases({
      url: sim.url,
      apiKey: sim.apiKey,
      adminToken: sim.adminToken,
    });
    expect(new Set(ids).size).toBe(5);
    const status = async (id: string) => {
      const response = await fetch(`${sim.url}/cases/${id}`, {
        headers: { 'x-api-key': sim.apiKey },
      });
      const body = (await response.json()) as { data: { status: string } };
      return body.data.status;
    };
    for (const id of ids) expect(await status(id)).toBe('RUNNING');
    // The needs-input script replies after 2 h and is judged 30 s later.
    await sim.admin.advance(2 * 3_600_000 + 31_000);
    expect(await status(ids[0] ?? '')).toBe('INPUT_NEEDED');
  });

  it('got only answers that conform to the OpenAPI file', () => {
    expect(sim.responseProblems()).toEqual([]);
  });
});
