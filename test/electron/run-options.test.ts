import { describe, expect, it } from 'vitest';
import {
  deepLinkFromArgv,
  takeRunOptions,
} from '../../electron/run-options.ts';

describe('takeRunOptions', () => {
  it('reads a demo, a data folder and a dev server, and removes the demo key', () => {
    const env: Record<string, string | undefined> = {
      OFFLOAD_DEMO_URL: 'http://127.0.0.1:4010',
      OFFLOAD_DEMO_KEY: 'sim_live_key',
      OFFLOAD_DEMO_CASES: 'case-1, case-2,,bad id,<script>',
      OFFLOAD_DATA_DIR: '/tmp/offload-demo',
      OFFLOAD_DEV_SERVER_URL: 'http://127.0.0.1:5173/',
    };
    expect(takeRunOptions(env, { packaged: false })).toEqual({
      demo: {
        baseUrl: 'http://127.0.0.1:4010',
        apiKey: 'sim_live_key',
        // Only what looks like an id is kept.
        caseIds: ['case-1', 'case-2'],
      },
      dataDir: '/tmp/offload-demo',
      devServerUrl: 'http://127.0.0.1:5173',
      ignored: [],
    });
    expect('OFFLOAD_DEMO_KEY' in env).toBe(false);
  });

  it('reads nothing from an environment without the variables', () => {
    expect(takeRunOptions({ HOME: '/home/x' }, { packaged: true })).toEqual({
      demo: null,
      dataDir: null,
      devServerUrl: null,
      ignored: [],
    });
  });

  it.each([
    ['https://api.offload.example', 'sim_live_key'],
    ['http://10.0.0.5:4010', 'sim_live_key'],
    ['http://user:pw@127.0.0.1:4010', 'sim_live_key'],
    ['file:///etc/passwd', 'sim_live_key'],
    ['not a url', 'sim_live_key'],
    [undefined, 'sim_live_key'],
    ['http://127.0.0.1:4010', ''],
    ['http://127.0.0.1:4010', undefined],
  ])('refuses a demo at %j with key %j, saying why', (url, key) => {
    const env = { OFFLOAD_DEMO_URL: url, OFFLOAD_DEMO_KEY: key };
    const options = takeRunOptions(env, { packaged: false });
    expect(options.demo).toBeNull();
    expect(options.ignored).toHaveLength(1);
    expect(options.ignored.join()).not.toContain('sim_live_key');
    expect('OFFLOAD_DEMO_KEY' in env).toBe(false);
  });

  it('refuses a relative data folder', () => {
    const options = takeRunOptions(
      { OFFLOAD_DATA_DIR: 'profile' },
      { packaged: false },
    );
    expect(options.dataDir).toBeNull();
    expect(options.ignored[0]).toContain('absolute');
  });

  it.each([
    'https://127.0.0.1:5173',
    'http://example.com:5173',
    'javascript:alert(1)',
  ])('refuses the dev server %s', (url) => {
    const options = takeRunOptions(
      { OFFLOAD_DEV_SERVER_URL: url },
      { packaged: false },
    );
    expect(options.devServerUrl).toBeNull();
    expect(options.ignored).toHaveLength(1);
  });

  it('ignores a dev server in a packaged app', () => {
    const options = takeRunOptions(
      { OFFLOAD_DEV_SERVER_URL: 'http://127.0.0.1:5173' },
      { packaged: true },
    );
    expect(options.devServerUrl).toBeNull();
    expect(options.ignored[0]).toContain('packaged');
  });
});

describe('deepLinkFromArgv', () => {
  it.each([
    [
      ['/opt/Offload Console/offload-console', 'offload-console://case/c1'],
      'offload-console://case/c1',
    ],
    [
      ['electron', '.', '--flag', 'OFFLOAD-CONSOLE://case/c2'],
      'OFFLOAD-CONSOLE://case/c2',
    ],
    [['app.exe', '--allow-file-access-from-files'], null],
    [['app.exe', 'https://example.com'], null],
    [['app.exe', 'x offload-console://case/c3'], null],
    [[], null],
  ])('finds the link in %j', (argv, link) => {
    expect(deepLinkFromArgv(argv)).toBe(link);
  });
});
