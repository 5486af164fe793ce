#!/usr/bin/env node
import { runCli } from './cli-main.ts';

// Entry point of `offload-console` (npm run cli -- …).
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
