import { ApiKeyManager } from '../../../../electron/core/credentials/api-key-manager.ts';
import { KeytarSecretStore } from '../../../../electron/core/credentials/keytar-secret-store.ts';
import { Logger } from '../../../../electron/core/logger.ts';

// Run by api-key-manager.test.ts in a process whose D-Bus session is
// broken on purpose (no bus, a dead address, a bus without a Secret
// Service). It drives the real manager and keytar store and prints what
// the UI would see, as one JSON object on stdout.

const [baseUrl, service] = process.argv.slice(2);
const apiKey = process.env.TEST_OFFLOAD_KEY;
if (!baseUrl || !service || !apiKey) {
  throw new Error(
    'usage: TEST_OFFLOAD_KEY=… keychain-unavailable-child.ts <url> <service>',
  );
}

const logLines: string[] = [];
const logger = new Logger({
  level: 'debug',
  sink: (line) => logLines.push(line),
});
const store = new KeytarSecretStore({ service });
const manager = new ApiKeyManager({
  secretStore: store,
  env: {},
  logger,
  clientSettings: {
    backoff: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  },
});

const before = await manager.status('main');
const saved = await manager.setKey('main', baseUrl, apiKey);
const afterRefusal = await manager.status('main');
let clientError: unknown = null;
try {
  await manager.clientFor('main', baseUrl);
} catch (error) {
  clientError = {
    name: (error as Error).name,
    message: (error as Error).message,
  };
}
const sessionSaved = await manager.setKey('main', baseUrl, apiKey, {
  sessionOnly: true,
});
const afterSession = await manager.status('main');
const client = await manager.clientFor('main', baseUrl);
const clientCheck = client ? (await client.verifyKey()).outcome : null;

let storeError: unknown = null;
try {
  await store.set('direct', apiKey);
} catch (error) {
  storeError = {
    name: (error as Error).name,
    problem: (error as { problem?: string }).problem,
    message: (error as Error).message,
  };
}

process.stdout.write(
  JSON.stringify({
    before,
    saved,
    afterRefusal,
    clientError,
    sessionSaved,
    afterSession,
    clientCheck,
    storeError,
    logLines,
  }),
);
