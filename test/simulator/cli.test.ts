import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { responseProblems } from '../support/openapi.ts';

// The CLI as `npm run simulator` runs it: a separate Node process that
// prints where it listens and its credentials, then serves until told to
// stop.

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Collects stdout until `count` lines have arrived. */
function firstLines(child: ChildProcess, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      text += chunk;
      const lines = text.split('\n');
      if (lines.length > count) resolve(lines.slice(0, count));
    });
    child.once('exit', (code) => reject(new Error(`exited early: ${code}`)));
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('the simulator CLI', () => {
  it('prints its URL, key and token, serves, and stops cleanly', async () => {
    const child = run(['--port', '0', '--seed', '7']);
    try {
      const [listening, key, token] = await firstLines(child, 3);
      const url =
        /^Offload simulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(
          listening ?? '',
        )?.[1];
      expect(url).toBeDefined();
      expect(key).toMatch(/^API key: sim_live_[0-9a-f]{32}$/);
      expect(token).toMatch(/^Admin token: sim_admin_[0-9a-f]{32}$/);

      const apiKey = key?.slice('API key: '.length) ?? '';
      const response = await fetch(`${url}/cases/unknown`, {
        headers: { 'x-api-key': apiKey },
      });
      expect(response.status).toBe(404);
      const body: unknown = await response.json();
      expect(responseProblems('GET', '/cases/{id}', 404, body)).toEqual([]);
      const clock = await fetch(`${url}/__sim/clock`, {
        headers: {
          'x-sim-admin-token': token?.slice('Admin token: '.length) ?? '',
        },
      });
      expect(clock.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exitOf(child)).toBe(0);
  });

  it('derives the same key from the same seed', async () => {
    const keys = [];
    for (const seed of ['7', '7', '8']) {
      const child = run(['--port', '0', '--seed', seed]);
      const [, key] = await firstLines(child, 2);
      keys.push(key);
      child.kill('SIGINT');
      expect(await exitOf(child)).toBe(0);
    }
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it.each([
    [['--port', 'abc']],
    [['--time-scale', '-1']],
    [['--seed', '1.5']],
    [['--unknown']],
    [['stray']],
  ])('refuses %j with one line on stderr and exit code 2', async (args) => {
    const child = run(args);
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
    });
    expect(await exitOf(child)).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^simulator: /);
  });
});
