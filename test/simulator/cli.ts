import { parseArgs } from 'node:util';
import { startSimulator, type RunningSimulator } from './simulator.ts';

// `npm run simulator -- --port 0 --time-scale 60 --seed 1`: runs the
// Offload simulator on loopback until SIGINT or SIGTERM, after printing
// where it listens and the credentials to use.

const USAGE =
  'usage: node test/simulator/cli.ts [--port <n>] [--time-scale <x>] ' +
  '[--seed <n>] [--link-ttl-ms <n>]';

function fail(message: string): never {
  // One line, so that a wrapper script can show it as is.
  const line = message.replace(/\s*\n\s*/g, ' ');
  process.stderr.write(`simulator: ${line} (try --help)\n`);
  process.exit(2);
}

function numberOption(
  value: string | undefined,
  name: string,
  check: (n: number) => boolean,
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !check(parsed)) {
    fail(`invalid --${name}: ${JSON.stringify(value)}`);
  }
  return parsed;
}

function readOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'time-scale': { type: 'string' },
        seed: { type: 'string' },
        'link-ttl-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const port = numberOption(
    values.port,
    'port',
    (n) => Number.isInteger(n) && n >= 0 && n <= 65_535,
  );
  const timeScale = numberOption(
    values['time-scale'],
    'time-scale',
    (n) => Number.isFinite(n) && n >= 0,
  );
  const seed = numberOption(values.seed, 'seed', Number.isSafeInteger);
  const linkTtlMs = numberOption(
    values['link-ttl-ms'],
    'link-ttl-ms',
    (n) => Number.isFinite(n) && n > 0,
  );
  return {
    ...(port !== undefined && { port }),
    ...(timeScale !== undefined && { timeScale }),
    ...(seed !== undefined && { seed }),
    ...(linkTtlMs !== undefined && { linkTtlMs }),
  };
}

const options = readOptions();

// Handlers go in before anything else, so that a signal that arrives
// while the server is starting still ends in a clean close.
let running: RunningSimulator | undefined;
let stopRequested = false;
const stop = () => {
  if (stopRequested) return;
  stopRequested = true;
  if (running === undefined) return;
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

try {
  running = await startSimulator(options);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
console.log(`Offload simulator listening on ${running.url}`);
console.log(`API key: ${running.apiKey}`);
console.log(`Admin token: ${running.adminToken}`);
console.log(
  `Other keys: inactive ${running.keys.inactive}, ` +
    `other client ${running.keys.otherClient}`,
);
if (stopRequested) {
  stopRequested = false;
  stop();
}
