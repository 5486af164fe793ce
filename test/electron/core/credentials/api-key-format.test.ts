import { describe, expect, it } from 'vitest';
import {
  ApiKeyFormatError,
  MAX_API_KEY_LENGTH,
  normaliseApiKey,
} from '../../../../electron/core/credentials/api-key-format.ts';
import type { ApiKeyFormatProblem } from '../../../../electron/core/credentials/api-key-format.ts';

// Keys that cannot be right are refused in words before any request.

describe('normaliseApiKey', () => {
  it.each([
    ['sim_live_0123456789abcdef', 'sim_live_0123456789abcdef'],
    ['  sim_live_abc123  ', 'sim_live_abc123'],
    ['\tsim_live_abc123\n', 'sim_live_abc123'],
    ['key-with.punctuation~!', 'key-with.punctuation~!'],
    ['k'.repeat(MAX_API_KEY_LENGTH), 'k'.repeat(MAX_API_KEY_LENGTH)],
  ])('takes %j as %j', (raw, key) => {
    expect(normaliseApiKey(raw)).toBe(key);
  });

  it.each<[string, unknown, ApiKeyFormatProblem]>([
    ['nothing', '', 'empty'],
    ['only spaces', '    ', 'empty'],
    ['only a newline', '\n', 'empty'],
    ['a key on two lines', 'sim_live_abc\nsim_live_def', 'multi-line'],
    ['a key with a carriage return', 'sim_live_abc\r\nmore', 'multi-line'],
    ['a key with a line separator', 'sim_live\u2028abc', 'multi-line'],
    ['a key with a space', 'sim_live abc', 'spaces'],
    ['a key with a tab', 'sim_live\tabc', 'spaces'],
    ['a key with a no-break space', 'sim_live\u00a0abc', 'spaces'],
    ['a key with a NUL byte', 'sim_live\u0000abc', 'characters'],
    ['a key with an accented letter', 'sim_live_clé', 'characters'],
    ['a key with an emoji', 'sim_live_🔑', 'characters'],
    [
      'a key one character too long',
      'k'.repeat(MAX_API_KEY_LENGTH + 1),
      'too-long',
    ],
    ['a number', 12345678, 'not-text'],
    ['null', null, 'not-text'],
    ['undefined', undefined, 'not-text'],
  ])('refuses %s', (_name, raw, problem) => {
    let error: unknown;
    try {
      normaliseApiKey(raw);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiKeyFormatError);
    expect((error as ApiKeyFormatError).problem).toBe(problem);
  });

  it.each([
    ['sim_live_abc\nsim_live_def'],
    ['sim_live_aaa bbb'],
    ['sim_live_clé'],
    [`sim_live_${'k'.repeat(600)}`],
  ])('says what is wrong with %j without repeating it', (raw) => {
    expect(() => normaliseApiKey(raw)).toThrow(ApiKeyFormatError);
    expect(() => normaliseApiKey(raw)).not.toThrow(/sim_live/);
  });
});
