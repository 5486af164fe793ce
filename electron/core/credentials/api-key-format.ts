// What an API key can look like. Keys are single tokens of printable ASCII
// (they travel in an HTTP header), so anything else is a paste gone wrong:
// say so in words before asking Offload. Messages never repeat the input.

export type ApiKeyFormatProblem =
  'not-text' | 'empty' | 'multi-line' | 'spaces' | 'characters' | 'too-long';

/** The longest value taken for a key; real keys are far shorter. */
export const MAX_API_KEY_LENGTH = 512;

const MESSAGES: Record<ApiKeyFormatProblem, string> = {
  'not-text': 'An API key must be text.',
  empty: 'Enter an API key: the field is empty.',
  'multi-line':
    'The API key spans several lines. Paste just the key, on one line.',
  spaces: 'The API key contains spaces. Paste just the key.',
  characters:
    'The API key contains characters a key never has (a key is letters, ' +
    'digits and punctuation). Paste just the key.',
  'too-long':
    `That is too long for an API key (over ${MAX_API_KEY_LENGTH} ` +
    'characters). Paste just the key.',
};

/** An API key that cannot be right, refused before it is sent anywhere. */
export class ApiKeyFormatError extends Error {
  override readonly name = 'ApiKeyFormatError';
  readonly problem: ApiKeyFormatProblem;

  constructor(problem: ApiKeyFormatProblem) {
    super(MESSAGES[problem]);
    this.problem = problem;
  }
}

/** The key with surrounding whitespace trimmed; throws ApiKeyFormatError. */
export function normaliseApiKey(raw: unknown): string {
  if (typeof raw !== 'string') throw new ApiKeyFormatError('not-text');
  const key = raw.trim();
  if (key === '') throw new ApiKeyFormatError('empty');
  if (/[\n\r\u2028\u2029]/.test(key)) {
    throw new ApiKeyFormatError('multi-line');
  }
  if (/\s/.test(key)) throw new ApiKeyFormatError('spaces');
  if (/[^\x21-\x7e]/.test(key)) throw new ApiKeyFormatError('characters');
  if (key.length > MAX_API_KEY_LENGTH) {
    throw new ApiKeyFormatError('too-long');
  }
  return key;
}
