import { KeytarSecretStore } from '../../../../electron/core/credentials/keytar-secret-store.ts';

// Run by keytar-secret-store.test.ts in a process with no usable keychain:
// tries each of the store's methods and prints how each one failed.

const [service] = process.argv.slice(2);
const secret = process.env.TEST_SECRET;
if (!service || !secret) {
  throw new Error('usage: TEST_SECRET=… keytar-store-child.ts <service>');
}
const store = new KeytarSecretStore({ service });
const calls: Array<[string, () => Promise<unknown>]> = [
  ['get', () => store.get('main')],
  ['set', () => store.set('main', secret)],
  ['delete', () => store.delete('main')],
];
const outcomes: Record<string, unknown> = {};
for (const [name, call] of calls) {
  try {
    outcomes[name] = { resolved: await call() };
  } catch (error) {
    outcomes[name] = {
      name: (error as Error).name,
      problem: (error as { problem?: string }).problem,
      message: (error as Error).message,
      detail: (error as { detail?: string }).detail,
    };
  }
}
process.stdout.write(JSON.stringify(outcomes));
