import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { downloadFolder } from '../../../../electron/core/app-paths.ts';
import { runCli } from '../../../../electron/core/cli/cli-main.ts';
import { startSimulator } from '../../../simulator/simulator.ts';
import type { RunningSimulator } from '../../../simulator/simulator.ts';

// `offload-console download` in-process against the simulator, with the
// key and base URL from the environment (headless use), a real store
// and real files.

let sim: RunningSimulator;
let dataDir: string;
let downloads: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], tty = false): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--data-dir', dataDir, ...args], {
    stdout: { write: (text: string) => (stdout += text), isTTY: tty },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from(['']),
    env: { OFFLOAD_API_KEY: sim.apiKey, OFFLOAD_BASE_URL: sim.url },
  });
  return { code, stdout, stderr };
}

async function watchedCase(
  attachments: { name?: string; size: number }[],
  clientReferenceId?: string,
): Promise<{ caseId: string; attachmentIds: string[] }> {
  const seeded = await sim.admin.seedCase({
    status: 'COMPLETED',
    attachments,
    ...(clientReferenceId ? { clientReferenceId } : {}),
  });
  const add = ['watch', 'add', seeded.caseId];
  if (clientReferenceId) add.push('--reference', clientReferenceId);
  expect((await cli(add)).code).toBe(0);
  return {
    caseId: seeded.caseId,
    attachmentIds: seeded.case.attachments.map((item) => item.attachmentId),
  };
}

function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 45, timeScale: 0, checkResponses: true });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'offload-cli-download-'));
  downloads = join(dataDir, 'out');
  await sim.admin.clearFaults();
  return () => rmSync(dataDir, { recursive: true, force: true });
});

describe('offload-console download', () => {
  it('saves every attachment of a case named by its reference', async () => {
    const { caseId, attachmentIds } = await watchedCase(
      [
        { name: 'w9.pdf', size: 300_000 },
        { name: '../../.bashrc', size: 1_000 },
      ],
      'vendor_7',
    );
    // Never synced: the command reads the case first.
    const run = await cli(['download', 'vendor_7', '--dir', downloads]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readdirSync(downloads).toSorted()).toEqual(['bashrc', 'w9.pdf']);
    expect(run.stdout).toContain(`Saved ${join(downloads, 'w9.pdf')}`);
    // Plain lines off a terminal: no carriage returns, no escapes.
    expect(run.stdout).not.toContain('\r');
    expect(run.stdout).not.toContain('\u001b');
    for (const [index, name] of ['w9.pdf', 'bashrc'].entries()) {
      const expected = await sim.admin.expectedSha256(
        caseId,
        attachmentIds[index] ?? '',
      );
      expect(sha256Of(join(downloads, name))).toBe(expected.sha256);
      expect(run.stdout).toContain(expected.sha256);
    }
  });

  it('downloads only the attachments named, as JSON when asked', async () => {
    const { caseId, attachmentIds } = await watchedCase([
      { name: 'a.txt', size: 10 },
      { name: 'b.txt', size: 20 },
    ]);
    const run = await cli([
      'download',
      caseId,
      attachmentIds[1] ?? '',
      '--dir',
      downloads,
      '--json',
    ]);
    expect(run.code).toBe(0);
    const jobs = JSON.parse(run.stdout) as { fileName: string }[];
    expect(jobs).toEqual([
      expect.objectContaining({
        fileName: 'b.txt',
        state: 'done',
        path: join(downloads, 'b.txt'),
        bytes: 20,
      }),
    ]);
    expect(readdirSync(downloads)).toEqual(['b.txt']);
  });

  it('draws one progress line, redrawn with \\r, on a terminal', async () => {
    const { caseId } = await watchedCase([
      { name: 'big.bin', size: 8_000_000 },
    ]);
    const run = await cli(['download', caseId, '--dir', downloads], true);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\r\u001b[2K[');
    expect(run.stdout).toMatch(/\[[#.]{24}\] +\d+%/);
    expect(run.stdout).toContain('100%  1/1 files');
    expect(run.stdout).toContain('Saved ');
  });

  it('never overwrites: a second run saves name (1)', async () => {
    const { caseId } = await watchedCase([{ name: 'w9.pdf', size: 100 }]);
    await cli(['download', caseId, '--dir', downloads]);
    const second = await cli(['download', caseId, '--dir', downloads]);
    expect(second.code).toBe(0);
    expect(readdirSync(downloads).toSorted()).toEqual(['w9 (1).pdf', 'w9.pdf']);
  });

  it('exits 1 with the reason when a download fails', async () => {
    const { caseId } = await watchedCase([{ name: 'w9.pdf', size: 100 }]);
    await sim.admin.setFaults([
      {
        route: 'getAttachment',
        kind: 'error',
        status: 404,
        code: 'ATTACHMENT_NOT_FOUND',
      },
    ]);
    const run = await cli(['download', caseId, '--dir', downloads]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'Failed w9.pdf: The case has no attachment with this id.',
    );
    expect(existsSync(join(downloads, 'w9.pdf'))).toBe(false);
  });

  it.each([
    [['download'], 2, /takes a case id/],
    [['download', 'x', '--dir', ''], 2, /--dir needs a folder/],
    [['download', 'x', '--limit', '3'], 2, /does not take --limit/],
    [['download', 'not-watched'], 1, /No watched case matches/],
  ])('refuses %j (exit %i)', async (args, code, words) => {
    const run = await cli(args);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(words);
  });

  it('names an unknown attachment id and downloads nothing', async () => {
    const { caseId } = await watchedCase([{ name: 'w9.pdf', size: 100 }]);
    const run = await cli(['download', caseId, 'att_nope', '--dir', downloads]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no attachment "att_nope"');
    expect(existsSync(downloads)).toBe(false);
  });

  it('got only answers that match the OpenAPI file', () => {
    expect(sim.responseProblems()).toEqual([]);
  });

  it('lists the command in its help', async () => {
    const run = await cli(['--help']);
    expect(run.stdout).toContain('download <id|reference> [attachmentId…]');
  });
});

describe('downloadFolder', () => {
  it('is the folder chosen in the settings, else ~/Downloads', () => {
    expect(downloadFolder('/srv/files', '/home/avery')).toBe('/srv/files');
    expect(downloadFolder(null, '/home/avery')).toBe(
      join('/home/avery', 'Downloads'),
    );
  });
});
