import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../electron/core/cli/cli-main.ts';
import { startSimulator } from '../../../simulator/simulator.ts';
import type { RunningSimulator } from '../../../simulator/simulator.ts';

// The CLI drives the whole loop in-process against the simulator, a real
// SQLite file and the real keychain (the private Secret Service that the
// suite's global setup starts): login, watch, sync, show with transcript,
// search, answer, export. Each run gets its own data directory.

let sim: RunningSimulator;
let dataDir: string;
let profile: string;
/** Everything every run printed, logs included (at debug level). */
let printed = '';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], stdinText = ''): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    ['--data-dir', dataDir, '--profile', profile, ...args],
    {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      stdin: Readable.from([stdinText]),
      env: { OFFLOAD_CONSOLE_LOG_LEVEL: 'debug' },
    },
  );
  printed += stdout + stderr;
  return { code, stdout, stderr };
}

/** Every file under `dir`, read as text. */
function allFileText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path).toString('latin1'))
    .join('\n');
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 21, timeScale: 0, checkResponses: true });
  dataDir = mkdtempSync(join(tmpdir(), 'offload-cli-'));
  // A profile of its own keeps this file's keychain entries apart.
  profile = `cli-${process.pid}`;
});

afterAll(async () => {
  await cli(['logout']);
  await sim.close();
});

describe('the whole loop', () => {
  let caseId = '';

  it('logs in with a key from stdin, verified first', async () => {
    const run = await cli(['login', '--base-url', sim.url], `${sim.apiKey}\n`);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('verified and stored');

    const status = await cli(['status', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({
      profile,
      baseUrl: sim.url,
      key: { configured: true, source: 'keychain' },
    });
  });

  it('refuses a key Offload does not know, and stores nothing', async () => {
    const run = await cli(
      ['--profile', `${profile}-bad`, 'login', '--base-url', sim.url],
      'not-a-key-at-all\n',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('does not recognise');
  });

  it('watches a case, syncs it and shows it with its transcript', async () => {
    const seeded = await sim.admin.seedCase({
      status: 'INPUT_NEEDED',
      question: 'Is a signed PDF fine?',
      clientReferenceId: 'vendor_2048',
      messages: [
        { from: 'us', body: 'Could you send the W-9?' },
        { from: 'them', body: 'Would a signed PDF suit Herr Müller?' },
      ],
    });
    caseId = seeded.caseId;
    expect((await cli(['watch', 'add', caseId])).code).toBe(0);

    const sync = await cli(['sync', '--json']);
    expect(sync.code).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ cases: 1, fetched: 1 });

    const list = await cli(['list', '--status', 'input_needed']);
    expect(list.stdout).toContain(caseId);
    expect(list.stdout).toContain('vendor_2048');

    const show = await cli(['show', 'vendor_2048', '--transcript']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Needs input (INPUT_NEEDED)');
    expect(show.stdout).toContain('Question     Is a signed PDF fine?');
    expect(show.stdout).toContain('Would a signed PDF suit Herr Müller?');
  });

  it('finds saved transcripts without accents', async () => {
    const run = await cli(['search', 'muller']);
    expect(run.stdout).toContain(caseId);
    expect(run.stdout).toContain('[Müller]');
  });

  it('answers the question, once', async () => {
    const run = await cli(['answer', 'vendor_2048', '--text', 'Yes, PDF.']);
    expect(run.code).toBe(0);
    const { inputs } = await sim.admin.inputs();
    expect(inputs.map((input) => input.providedContext)).toEqual(['Yes, PDF.']);

    const again = await cli(['answer', caseId, '--text', 'Second try']);
    expect(again.code).toBe(1);
    expect((await sim.admin.inputs()).inputs).toHaveLength(1);
  });

  it('exports the case as JSON with its parsed messages', async () => {
    const run = await cli(['export', caseId, '--format', 'json']);
    const exported = JSON.parse(run.stdout) as {
      case: { caseId: string };
      messages: { body: string }[];
      answers: { text: string; outcome: string }[];
    };
    expect(exported.case.caseId).toBe(caseId);
    expect(exported.messages.map((message) => message.body)).toContain(
      'Could you send the W-9?',
    );
    expect(exported.answers[0]).toMatchObject({
      text: 'Yes, PDF.',
      outcome: 'accepted',
    });
  });

  it('flags a case Offload does not know instead of dropping it', async () => {
    const missing = '00000000-0000-4000-8000-00000000beef';
    await cli(['watch', 'add', missing, '--label', 'typo']);
    const sync = await cli(['sync']);
    expect(sync.stderr).toContain('Offload has no case with this id');
    const list = await cli(['watch', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toContainEqual(
      expect.objectContaining({ caseId: missing, flag: 'not-found' }),
    );
    const show = await cli(['show', missing]);
    expect(show.code).toBe(1);
    expect(show.stderr).toContain(`Offload has no case ${missing}`);
  });

  it('never writes the key into the data directory or a log line', () => {
    expect(printed).toContain('DEBUG');
    expect(printed).not.toContain(sim.apiKey);
    expect(allFileText(dataDir)).not.toContain(sim.apiKey);
  });
});

describe('bad command lines exit with code 2', () => {
  it.each([
    [[]],
    [['frobnicate']],
    [['sync', '--bogus']],
    [['watch']],
    [['watch', 'add']],
    [['watch', 'import']],
    [['show']],
    [['show', 'a', 'b']],
    [['answer', 'x']],
    [['answer', 'x', '--text', 'a', '--file', 'b']],
    [['export', 'x', '--format', 'pdf']],
    [['search']],
    [['search', 'x', '--limit', '0']],
    [['list', '--transcript']],
    [['login', 'extra']],
  ])('%j', async (args) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('offload-console --help');
  });
});

describe('help', () => {
  it('lists every command', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['login', 'watch add', 'sync', 'answer', 'export']) {
      expect(run.stdout).toContain(command);
    }
  });
});

describe('without a key', () => {
  it('sync says how to log in', async () => {
    const run = await cli(['--profile', `${profile}-nokey`, 'sync']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('has no Offload base URL');
  });

  it('sync with a base URL but no key says to log in', async () => {
    let stderr = '';
    const code = await runCli(
      ['--data-dir', dataDir, '--profile', `${profile}-nokey`, 'sync'],
      {
        stdout: { write: () => true },
        stderr: { write: (text: string) => (stderr += text) },
        stdin: Readable.from(['']),
        env: { OFFLOAD_BASE_URL: sim.url },
      },
    );
    expect(code).toBe(1);
    expect(stderr).toContain('No API key is configured');
  });
});
