import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from './admin-api.ts';
import { SimulatorAdmin } from './admin-client.ts';
import { responseProblems } from '../support/openapi.ts';
import type { RequestLogEntry, RequestRoute } from './admin-contract.ts';
import { adminToken } from './api-keys.ts';
import { shortCircuits } from './fault-injector.ts';
import { serveFile } from './file-route.ts';
import { answerPublicRoute, recordInput } from './public-api.ts';
import { readBody, TOO_LARGE } from './request-body.ts';
import {
  resetConnection,
  writeApiResponse,
  writeBody,
  writeReplacementFault,
} from './response-writer.ts';
import { matchRoute } from './route-match.ts';
import { SimulatorState } from './simulator-state.ts';
import type { ApiResponse } from './api-response.ts';
import { RingBuffer } from './ring-buffer.ts';

export { SimulatorAdmin } from './admin-client.ts';
export type * from './admin-client.ts';

// The Offload API simulator: a plain node:http server on 127.0.0.1 that
// serves the four public routes, the attachment download links and the
// /__sim/ admin API, over one SimulatorState.

export interface SimulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Simulated ms per real ms (3600: one simulated hour per second). */
  timeScale?: number;
  /** Drives every random choice (ids, scenarios, file bytes) and keys. */
  seed?: number;
  /** Lifetime of a download link in simulated ms (default 15 minutes). */
  linkTtlMs?: number;
  /**
   * Check every unfaulted public JSON response against the OpenAPI file
   * and collect the problems (see responseProblems). Off by default: it
   * costs a schema validation per request.
   */
  checkResponses?: boolean;
}

export interface RunningSimulator {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Active key of client "client-a" (the demo key). */
  apiKey: string;
  adminToken: string;
  keys: { active: string; inactive: string; otherClient: string };
  /** Admin API client bound to this simulator. */
  admin: SimulatorAdmin;
  /**
   * Spec violations found in responses so far, as
   * `<METHOD> <template> <status>: <problem>`; always empty unless the
   * simulator was started with checkResponses.
   */
  responseProblems(): string[];
  /** Closes the server, every connection and every timer. */
  close(): Promise<void>;
}

const MAX_API_BODY = 1 << 20;

/** The OpenAPI operation each public route answers for. */
const OPERATIONS: Partial<Record<RequestRoute, [string, string]>> = {
  createCase: ['POST', '/cases'],
  getCase: ['GET', '/cases/{id}'],
  getTranscript: ['GET', '/cases/{id}'],
  getAttachment: ['GET', '/cases/{id}/attachments/{attachmentId}'],
  provideInput: ['POST', '/cases/{id}/input'],
};
const MAX_ADMIN_BODY = 8 << 20;

function checkOptions(options: SimulatorOptions) {
  const port = options.port ?? 0;
  const timeScale = options.timeScale ?? 1;
  const seed = options.seed ?? 1;
  const linkTtlMs = options.linkTtlMs ?? 15 * 60_000;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`port must be an integer 0-65535, got ${port}`);
  }
  if (!Number.isFinite(timeScale) || timeScale < 0) {
    throw new RangeError(`timeScale must be >= 0, got ${timeScale}`);
  }
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`seed must be an integer, got ${seed}`);
  }
  if (!Number.isFinite(linkTtlMs) || linkTtlMs <= 0) {
    throw new RangeError(`linkTtlMs must be > 0, got ${linkTtlMs}`);
  }
  return { port, timeScale, seed, linkTtlMs };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export async function startSimulator(
  options: SimulatorOptions = {},
): Promise<RunningSimulator> {
  const settings = checkOptions(options);
  const state = new SimulatorState(settings);
  const token = adminToken(settings.seed);
  const latencyWaits = new Set<() => void>();
  const problems = new RingBuffer<string>(1_000);
  let closed = false;

  /** Records how a response strays from the spec, when asked to. */
  const checkResponse = (route: RequestRoute, answer: ApiResponse) => {
    const operation = OPERATIONS[route];
    if (operation === undefined) return;
    const [method, template] = operation;
    const found = responseProblems(
      method,
      template,
      answer.status,
      JSON.parse(answer.json),
    );
    for (const problem of found) {
      problems.push(`${method} ${template} ${answer.status}: ${problem}`);
    }
  };

  /** Waits real milliseconds; cut short (returning false) by close(). */
  const wait = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        latencyWaits.delete(finish);
        resolve(!closed);
      };
      const timer = setTimeout(finish, ms);
      latencyWaits.add(finish);
    });

  async function handlePublic(
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
    query: string,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const match = matchRoute(method, pathname, query);
    const apiKey = header(req, 'x-api-key');
    const entry: RequestLogEntry = {
      at: state.clock.now(),
      method,
      path: url,
      route: match.route,
      status: null,
      key: state.keys.classify(apiKey),
    };
    state.requests.push(entry);

    let body: Buffer | undefined;
    if (method === 'POST') {
      const read = await readBody(req, MAX_API_BODY);
      if (read === TOO_LARGE) {
        // What API Gateway says about an oversized payload.
        res.setHeader('connection', 'close');
        entry.status = writeBody(
          res,
          413,
          'application/json',
          '{"message":"Request Entity Too Large"}',
        );
        return;
      }
      body = read;
    }

    const rule = state.faults.take(match.route);
    if (rule !== undefined) entry.fault = rule.kind;
    if (rule?.kind === 'latency') {
      if (!(await wait(rule.latencyMs ?? 0))) {
        entry.status = resetConnection(req);
        return;
      }
      state.clock.runDue();
    }

    if (rule !== undefined && shortCircuits(rule.kind)) {
      entry.status = writeReplacementFault(req, res, rule) ?? null;
    } else if (match.route === 'file') {
      entry.status = await serveFile(state, req, res, match.fileToken, rule);
    } else {
      const answer = answerPublicRoute(state, match, apiKey, body);
      // Faults bend responses on purpose; only honest answers are checked.
      if (options.checkResponses && (!rule || rule.kind === 'latency')) {
        checkResponse(match.route, answer);
      }
      entry.status = writeApiResponse(req, res, answer, rule);
    }
    if (match.route === 'provideInput') {
      recordInput(state, match.caseId, body, entry.status);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    // Catch up on simulated work first, so that no answer is stale just
    // because the real timer has not fired yet.
    state.clock.runDue();
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const pathname = mark === -1 ? url : url.slice(0, mark);
    const query = mark === -1 ? '' : url.slice(mark + 1);
    if (pathname === '/__sim' || pathname.startsWith('/__sim/')) {
      const method = req.method ?? 'GET';
      let body: Buffer | undefined;
      if (method !== 'GET' && method !== 'HEAD') {
        const read = await readBody(req, MAX_ADMIN_BODY);
        if (read === TOO_LARGE) {
          res.setHeader('connection', 'close');
          writeBody(res, 413, 'application/json', '{"error":"body too large"}');
          return;
        }
        body = read;
      }
      await handleAdmin(state, token, req, res, pathname, query, body);
      return;
    }
    await handlePublic(req, res, pathname, query);
  }

  const server = createServer({ noDelay: true }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      state.errors.push(
        error instanceof Error ? (error.stack ?? '') : `${error}`,
      );
      // An uncaught failure looks like the platform's generic 500.
      if (!res.headersSent) {
        writeBody(
          res,
          500,
          'application/json',
          '{"message":"Internal Server Error"}',
        );
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  state.baseUrl = url;

  return {
    url,
    apiKey: state.seededKeys.active,
    adminToken: token,
    keys: { ...state.seededKeys },
    admin: new SimulatorAdmin(url, token),
    responseProblems: () => problems.toArray(),
    close: async () => {
      if (closed) return;
      closed = true;
      state.close();
      for (const finish of latencyWaits) finish();
      const stopped = new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
      server.closeAllConnections();
      await stopped;
    },
  };
}
