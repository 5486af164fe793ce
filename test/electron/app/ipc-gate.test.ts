import { describe, expect, it } from 'vitest';
import {
  IPC_METHOD_NAMES,
  ipcArguments,
  type IpcHandlers,
  type IpcMethodName,
} from '../../../shared/ipc.ts';
import { AppError } from '../../../electron/app/app-error.ts';
import { IPC_ARGUMENT_NAMES } from '../../../electron/app/ipc-argument-names.ts';
import { INTERNAL_ERROR_MESSAGE } from '../../../electron/app/ipc-errors.ts';
import {
  createIpcGate,
  trustOrigins,
  type IpcSender,
} from '../../../electron/app/ipc-gate.ts';
import { KeychainUnavailableError } from '../../../electron/core/credentials/keychain-unavailable-error.ts';
import { DownloadError } from '../../../electron/core/downloads/download-error.ts';
import { Logger, Redactor } from '../../../electron/core/logger.ts';
import { OffloadError } from '../../../electron/core/offload-error.ts';
import { SettingsValidationError } from '../../../electron/core/settings/settings-validation-error.ts';

// The gate with a handler table that records calls: what gets through,
// what is refused before any handler runs, and how errors cross.

const SECRET = 'sim_live_abcdef0123456789abcdef0123456789';
const APP = 'app://offload';
const OUR_WINDOW: IpcSender = { url: `${APP}/index.html`, isMainFrame: true };
const LONG = 'x'.repeat(300_000);

interface Rig {
  gate: ReturnType<typeof createIpcGate>;
  calls: { name: string; args: unknown[] }[];
  logLines: string[];
}

function rig(
  behaviour: Partial<
    Record<IpcMethodName, (...args: unknown[]) => unknown>
  > = {},
): Rig {
  const calls: Rig['calls'] = [];
  const logLines: string[] = [];
  const redactor = new Redactor();
  redactor.addSecret(SECRET);
  const logger = new Logger({
    level: 'debug',
    sink: (line) => logLines.push(line),
    redactor,
  });
  const handlers = Object.fromEntries(
    IPC_METHOD_NAMES.map((name) => [
      name,
      (...args: unknown[]) => {
        calls.push({ name, args });
        return behaviour[name]?.(...args) ?? null;
      },
    ]),
  ) as unknown as IpcHandlers;
  const gate = createIpcGate({ handlers, trust: trustOrigins([APP]), logger });
  return { gate, calls, logLines };
}

/** One valid argument list per method, accepted by its schema. */
const VALID: Record<IpcMethodName, unknown[]> = {
  'app.info': [],
  'app.openExternal': ['https://example.com/'],
  'app.reportError': [{ message: 'boom', stack: 'at x' }],
  'keys.status': ['work'],
  'keys.set': ['work', 'sim_live_key', { sessionOnly: true }],
  'keys.remove': ['work'],
  'settings.get': [],
  'settings.update': [{ theme: 'dark' }],
  'settings.chooseDownloadFolder': [],
  'sync.state': [],
  'sync.refreshAll': [],
  'sync.resume': [],
  'watch.add': [{ text: 'case_1', source: 'paste' }],
  'watch.remove': [['case_1']],
  'watch.restore': [[{ caseId: 'case_1', label: 'L' }]],
  'cases.list': [],
  'cases.detail': ['case_1'],
  'cases.refresh': ['case_1'],
  'cases.markSeen': ['case_1'],
  'cases.resolve': ['REF-1'],
  'transcripts.get': ['case_1'],
  'transcripts.refresh': ['case_1'],
  'transcripts.export': ['case_1'],
  'search.query': ['invoice', 20],
  'input.draft': ['case_1', 'ir_1'],
  'input.saveDraft': ['case_1', 'ir_1', 'draft'],
  'input.submit': ['case_1', 'ir_1', 'answer'],
  'downloads.start': ['case_1', ['att_1']],
  'downloads.cancel': ['job_1'],
  'downloads.list': [],
  'downloads.open': ['case_1', 'att_1'],
  'downloads.showInFolder': ['case_1', 'att_1'],
};

/** Hand-picked bad arguments per method, beyond the generated ones. */
const SPECIFIC_BAD: Record<IpcMethodName, [string, unknown[]][]> = {
  'app.info': [['an object', [{}]]],
  'app.openExternal': [
    ['a URL over 8,000 characters', [`https://e.com/${LONG}`]],
    ['a URL object', [{ href: 'https://e.com' }]],
  ],
  'app.reportError': [
    ['a message too long', [{ message: LONG }]],
    ['an extra field', [{ message: 'm', secret: 'x' }]],
    ['no message', [{ stack: 's' }]],
    ['a string', ['boom']],
  ],
  'keys.status': [
    ['an empty profile', ['']],
    ['a profile with a slash', ['a/b']],
    ['a profile starting with a dash', ['-x']],
  ],
  'keys.set': [
    ['an empty key', ['work', '']],
    ['a key over 1,000 characters', ['work', LONG]],
    ['an unknown option', ['work', 'k', { store: 'file' }]],
    ['a non-boolean option', ['work', 'k', { sessionOnly: 'yes' }]],
    ['a profile of 65 characters', ['a'.repeat(65), 'k']],
  ],
  'keys.remove': [['a profile with spaces', ['my work']]],
  'settings.get': [['a key', ['theme']]],
  'settings.update': [
    ['an unknown setting', [{ colour: 'red' }]],
    ['a wrong type', [{ pollIntervalSeconds: 'often' }]],
    ['a value out of range', [{ concurrency: 1000 }]],
    ['a relative folder', [{ downloadFolder: 'Downloads' }]],
    ['an unknown notification', [{ notifications: { sound: true } }]],
    ['a list', [[]]],
  ],
  'settings.chooseDownloadFolder': [['a path', ['/tmp']]],
  'sync.state': [['a flag', [true]]],
  'sync.refreshAll': [['a case', ['case_1']]],
  'sync.resume': [['a number', [1]]],
  'watch.add': [
    ['an unknown source', [{ text: 'a', source: 'cli' }]],
    ['no source', [{ text: 'a' }]],
    [
      'text over 10 MB',
      [{ text: 'a'.repeat(10 * 1024 * 1024 + 1), source: 'paste' }],
    ],
    ['an extra field', [{ text: 'a', source: 'paste', path: '/etc/passwd' }]],
    ['text as a list', [{ text: ['a'], source: 'paste' }]],
  ],
  'watch.remove': [
    ['an empty list', [[]]],
    ['an id with a space', [['a b']]],
    ['an empty id', [['']]],
    ['an id over 200 characters', [['a'.repeat(201)]]],
    ['too many ids', [Array.from({ length: 10_001 }, (_, i) => `c${i}`)]],
    ['a single id', ['case_1']],
  ],
  'watch.restore': [
    ['an empty list', [[]]],
    ['an entry without id', [[{ label: 'x' }]]],
    [
      'an entry with a field no watch entry has',
      [[{ caseId: 'a', owner: 'x' }]],
    ],
    [
      'a label over 500 characters',
      [[{ caseId: 'a', label: 'l'.repeat(501) }]],
    ],
  ],
  'cases.list': [
    ['a filter', [{ status: 'RUNNING' }]],
    ['no first screen at all', [{ first: 0 }]],
    ['a first screen of 1,001 cases', [{ first: 1_001 }]],
    ['a fractional first screen', [{ first: 2.5 }]],
  ],
  'cases.detail': [
    ['an id with a newline', ['a\nb']],
    ['an id with non-ASCII', ['cäse']],
  ],
  'cases.refresh': [['an empty id', ['']]],
  'cases.markSeen': [['a list of ids', [['a']]]],
  'cases.resolve': [
    ['an empty reference', ['']],
    ['a reference over 500 characters', ['r'.repeat(501)]],
  ],
  'transcripts.get': [['a null id', [null]]],
  'transcripts.refresh': [['an id over 200 characters', ['a'.repeat(201)]]],
  'transcripts.export': [['a path instead of an id', ['/tmp/x y']]],
  'search.query': [
    ['a query over 1,000 characters', ['q'.repeat(1_001)]],
    ['a fractional limit', ['q', 1.5]],
    ['a zero limit', ['q', 0]],
    ['a limit over 1,000', ['q', 1_001]],
    ['a string limit', ['q', '10']],
  ],
  'input.draft': [['an empty request id', ['case_1', '']]],
  'input.saveDraft': [
    [
      'a draft over 100,000 characters',
      ['case_1', 'ir_1', 'a'.repeat(100_001)],
    ],
  ],
  'input.submit': [
    [
      'an answer over 100,000 characters',
      ['case_1', 'ir_1', 'a'.repeat(100_001)],
    ],
    ['an answer as an object', ['case_1', 'ir_1', { text: 'a' }]],
  ],
  'downloads.start': [
    ['an attachment list of strings and numbers', ['case_1', ['a', 1]]],
    ['attachments as a string', ['case_1', 'att_1']],
  ],
  'downloads.cancel': [['an empty job id', ['']]],
  'downloads.list': [['a case', ['case_1']]],
  'downloads.open': [
    ['a path instead of an attachment', ['case_1', '../../etc/pass wd']],
  ],
  'downloads.showInFolder': [['a missing attachment id', ['case_1']]],
};

/** Bad lists made from the valid one: extra, missing, wrong types. */
function generatedBad(name: IpcMethodName): [string, unknown][] {
  const valid = VALID[name];
  const names = IPC_ARGUMENT_NAMES[name];
  const bad: [string, unknown][] = [
    ['one argument too many', [...valid, 'extra']],
    ['arguments not in a list', { 0: valid[0] }],
    ['arguments as a string', 'case_1'],
    ['no arguments at all (undefined)', undefined],
  ];
  names.forEach((argument, index) => {
    const required = !argument.endsWith('?');
    if (required) {
      bad.push([`without ${argument}`, valid.slice(0, index)]);
    }
    for (const wrong of [42, true, { nested: 'x' }, ['x']]) {
      // A list is what some arguments are; skip the value that is valid.
      const list = [...valid];
      list[index] = wrong;
      if (!ipcArguments[name].safeParse(list).success) {
        bad.push([`${argument} as ${JSON.stringify(wrong)}`, list]);
      }
    }
    if (required) {
      const list = [...valid];
      list[index] = null;
      bad.push([`${argument} as null`, list]);
    }
  });
  return bad;
}

const BAD_TABLE: [IpcMethodName, string, unknown][] = IPC_METHOD_NAMES.flatMap(
  (name) => [
    ...generatedBad(name).map(
      ([why, args]) => [name, why, args] as [IpcMethodName, string, unknown],
    ),
    ...SPECIFIC_BAD[name].map(
      ([why, args]) => [name, why, args] as [IpcMethodName, string, unknown],
    ),
  ],
);

describe('the gate', () => {
  it('has a valid example and argument names for every method', () => {
    for (const name of IPC_METHOD_NAMES) {
      expect(ipcArguments[name].safeParse(VALID[name]).success, name).toBe(
        true,
      );
      const items = (ipcArguments[name].def as { items: unknown[] }).items;
      expect(IPC_ARGUMENT_NAMES[name], name).toHaveLength(items.length);
    }
  });

  it.each(IPC_METHOD_NAMES)(
    'passes the parsed arguments of %s to its handler',
    async (name) => {
      const { gate, calls } = rig();
      const result = await gate(name, OUR_WINDOW, VALID[name]);
      expect(result).toEqual({ ok: true, value: null });
      expect(calls).toEqual([{ name, args: VALID[name] }]);
    },
  );

  it.each([
    ['another origin', { url: 'https://example.com/', isMainFrame: true }],
    [
      'a subframe of our page',
      { url: `${APP}/index.html`, isMainFrame: false },
    ],
    ['a file: page', { url: 'file:///index.html', isMainFrame: true }],
    ['about:blank', { url: 'about:blank', isMainFrame: true }],
    [
      'a look-alike web host',
      { url: 'http://app.offload.evil/', isMainFrame: true },
    ],
    [
      'a look-alike app host',
      { url: 'app://offload.evil/', isMainFrame: true },
    ],
    [
      'a login naming our host',
      { url: 'app://offload@evil/', isMainFrame: true },
    ],
    ['our host under http', { url: 'http://offload/', isMainFrame: true }],
    ['a data: page', { url: 'data:text/html,hi', isMainFrame: true }],
    ['the text "null"', { url: 'null', isMainFrame: true }],
    ['an empty URL', { url: '', isMainFrame: true }],
    ['a missing main-frame flag', { url: `${APP}/` }],
    [
      'a main-frame flag that is only truthy',
      { url: `${APP}/`, isMainFrame: 1 },
    ],
    ['a sender that is null', null],
    ['a sender with no URL', { isMainFrame: true }],
  ])('refuses %s and runs no handler', async (_why, sender) => {
    const { gate, calls, logLines } = rig();
    const result = await gate('keys.status', sender as unknown as IpcSender, [
      'work',
    ]);
    expect(result).toEqual({
      ok: false,
      error: { kind: 'forbidden-sender', message: expect.any(String) },
    });
    expect(calls).toEqual([]);
    expect(logLines.filter((line) => line.includes('untrusted'))).toHaveLength(
      1,
    );
  });

  it.each([
    'cases.delete',
    'constructor',
    '__proto__',
    'toString',
    '',
    'x'.repeat(5_000),
  ])('refuses the unknown method %s', async (name) => {
    const { gate, calls, logLines } = rig();
    const result = await gate(name, OUR_WINDOW, []);
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'unknown-method' },
    });
    expect(calls).toEqual([]);
    expect(logLines).toHaveLength(1);
    expect(logLines[0]!.length).toBeLessThan(400);
  });

  it.each(BAD_TABLE)('refuses %s with %s', async (name, _why, args) => {
    const { gate, calls, logLines } = rig();
    const result = await gate(name, OUR_WINDOW, args as unknown[]);
    expect(result).toEqual({
      ok: false,
      error: { kind: 'invalid-arguments', message: expect.any(String) },
    });
    expect(calls).toEqual([]);
    expect(logLines).toHaveLength(1);
    // It says which method, never repeats a long value.
    const message = result.ok ? '' : result.error.message;
    expect(message).toContain(name);
    expect(message.length).toBeLessThanOrEqual(300);
  });

  it('names the argument and the problem', async () => {
    const { gate } = rig();
    const tooLong = await gate('input.submit', OUR_WINDOW, [
      'case_1',
      'ir_1',
      'a'.repeat(100_001),
    ]);
    expect(tooLong).toMatchObject({
      error: {
        message:
          'The argument text of input.submit is invalid: must be at most ' +
          '100000 characters.',
      },
    });
    const wrongCount = await gate('cases.detail', OUR_WINDOW, ['a', 'b']);
    expect(wrongCount).toMatchObject({
      error: {
        message: 'cases.detail takes 1 argument (caseId), as a list.',
      },
    });
    const nested = await gate('settings.update', OUR_WINDOW, [
      { ['k'.repeat(1_000)]: 1 },
    ]);
    if (nested.ok) throw new Error('expected a refusal');
    expect(nested.error.message).toMatch(
      /^The argument patch of settings\.update is invalid: has fields that are not allowed: "k+…"\.$/,
    );
  });

  it.each([
    [
      'an OffloadError',
      new OffloadError('throttled', { operation: 'GET /cases/{id}' }),
      'throttled',
    ],
    ['a DownloadError', new DownloadError('disk-full'), 'disk-full'],
    [
      'a SettingsValidationError',
      new SettingsValidationError('concurrency', 'must be at most 16'),
      'invalid-settings',
    ],
    [
      'a KeychainUnavailableError',
      new KeychainUnavailableError('locked', `detail ${SECRET}`),
      'keychain-unavailable',
    ],
    ['an AppError', new AppError('no-profile', 'No profile.'), 'no-profile'],
  ])(
    'lets %s cross with its kind and message, and nothing else',
    async (_why, error, kind) => {
      const { gate } = rig({
        'cases.list': () => {
          throw error;
        },
      });
      const result = await gate('cases.list', OUR_WINDOW, []);
      expect(result).toEqual({
        ok: false,
        error: {
          kind,
          message: (error as Error).message,
          // A settings refusal also names the field to fix.
          ...(error instanceof SettingsValidationError
            ? { field: 'concurrency' }
            : {}),
        },
      });
      expect(JSON.stringify(result)).not.toContain(SECRET);
    },
  );

  it('turns any other error into "internal" and logs the detail', async () => {
    const { gate, logLines } = rig({
      'cases.list': () => {
        throw new TypeError(`cannot read x of undefined (key ${SECRET})`);
      },
    });
    const result = await gate('cases.list', OUR_WINDOW, []);
    expect(result).toEqual({
      ok: false,
      error: { kind: 'internal', message: INTERNAL_ERROR_MESSAGE },
    });
    const text = JSON.stringify(result);
    expect(text).not.toContain('TypeError');
    expect(text).not.toMatch(/\bat .*\.ts:\d+/);
    expect(logLines.join('\n')).toContain('cannot read x of undefined');
    expect(logLines.join('\n')).not.toContain(SECRET);
  });

  it('redacts a registered key from a known error message', async () => {
    const { gate } = rig({
      'keys.status': () => {
        throw new AppError('no-profile', `odd message with ${SECRET}`);
      },
    });
    const result = await gate('keys.status', OUR_WINDOW, ['work']);
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(result).toMatchObject({ ok: false, error: { kind: 'no-profile' } });
  });

  it('waits for an async handler and passes its value', async () => {
    const { gate } = rig({
      'cases.resolve': async () => ['case_1', 'case_2'],
    });
    expect(await gate('cases.resolve', OUR_WINDOW, ['REF'])).toEqual({
      ok: true,
      value: ['case_1', 'case_2'],
    });
  });
});

describe('trustOrigins', () => {
  it('trusts the main frame of each origin given, and only those', () => {
    const trust = trustOrigins([APP, 'http://localhost:5173']);
    expect(trust({ url: 'app://offload/x', isMainFrame: true })).toBe(true);
    expect(trust({ url: 'http://localhost:5173/', isMainFrame: true })).toBe(
      true,
    );
    expect(trust({ url: 'http://localhost:5174/', isMainFrame: true })).toBe(
      false,
    );
  });

  it.each(['', 'null', 'file:///', 'about:blank', 'app://u:p@offload'])(
    'refuses to be set up with the origin %j',
    (origin) => {
      expect(() => trustOrigins([origin])).toThrow(/not an origin/);
    },
  );
});
