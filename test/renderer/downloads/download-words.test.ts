import { describe, expect, test } from 'vitest';
import type { DownloadJob } from '../../../shared/download-job.ts';
import {
  jobStateWords,
  percentDone,
  progressWords,
} from '../../../renderer/downloads/download-words.ts';

function job(overrides: Partial<DownloadJob> = {}): DownloadJob {
  return {
    id: 'job-1',
    caseId: 'case_0001',
    attachmentId: 'att_1',
    fileName: 'invoice.pdf',
    state: 'running',
    bytes: 0,
    total: 0,
    bytesPerSecond: 0,
    retries: 0,
    startedAt: 0,
    ...overrides,
  };
}

describe('percentDone', () => {
  test.each([
    [0, 0, null],
    [5, 0, null],
    [0, 100, 0],
    [50, 100, 50],
    [999, 1000, 99],
    [1000, 1000, 100],
    [2000, 1000, 100],
  ])('%i of %i is %j', (bytes, total, percent) => {
    expect(percentDone(job({ bytes, total }))).toBe(percent);
  });
});

describe('progressWords', () => {
  test('shows percent, bytes of total and speed', () => {
    expect(
      progressWords(
        job({ bytes: 1536, total: 3072, bytesPerSecond: 1024 * 300 }),
      ),
    ).toBe('50% · 1.5 KB of 3 KB · 300 KB/s');
  });

  test('an unknown size shows only bytes so far', () => {
    expect(progressWords(job({ bytes: 2048 }))).toBe('2 KB');
  });
});

describe('jobStateWords', () => {
  test.each<[Partial<DownloadJob>, RegExp]>([
    [{ state: 'queued' }, /^Waiting to start/],
    [{ state: 'running' }, /^Downloading$/],
    [{ state: 'running', retries: 2 }, /2 retries so far/],
    [
      {
        state: 'retrying',
        retries: 1,
        error: { kind: 'expired', message: 'The download link has expired.' },
      },
      /^Retrying: The download link has expired\. \(1 retry so far\)$/,
    ],
    [
      {
        state: 'failed',
        retries: 3,
        error: { kind: 'disk-full', message: 'The disk is full.' },
      },
      /^Download failed: The disk is full\. \(gave up after 3 retries\)$/,
    ],
    [{ state: 'failed' }, /no reason was given/],
    [{ state: 'cancelled' }, /cancelled/],
    [{ state: 'done' }, /^Downloaded$/],
  ])('%j', (overrides, words) => {
    expect(jobStateWords(job(overrides))).toMatch(words);
  });
});
