import type { z } from 'zod';
import { ipcArguments } from '../../shared/ipc.ts';
import type {
  IpcError,
  IpcHandlers,
  IpcMethodName,
  IpcResult,
} from '../../shared/ipc.ts';
import type { Logger } from '../core/logger.ts';
import { originOf } from './url-guards.ts';
import { argumentName, describeArity } from './ipc-argument-names.ts';
import { toIpcError } from './ipc-errors.ts';

// The one gate in front of every handler, for Electron's ipcMain and the
// end-to-end harness alike. In order: the method must exist; the sender
// must be trusted (our window's main frame at our origin); the arguments
// must parse with the contract's schema. Only then does the handler run,
// with the parsed values. Whatever it throws crosses as `{ kind, message }`
// (ipc-errors.ts). Every refusal is logged once, without argument values.

/** Who sent a call: the frame's URL, and whether it is the main frame. */
export interface IpcSender {
  url: string;
  isMainFrame: boolean;
}

export type IpcGate = (
  name: string,
  sender: IpcSender,
  args: readonly unknown[],
) => Promise<IpcResult<unknown>>;

export interface IpcGateOptions {
  handlers: IpcHandlers;
  trust: (sender: IpcSender) => boolean;
  logger: Logger;
}

const MAX_LOGGED_NAME_LENGTH = 80;
const MAX_KEY_NAME_LENGTH = 40;
const MAX_ARGUMENT_MESSAGE_LENGTH = 300;

type AnyHandler = (...args: unknown[]) => unknown;

function isMethodName(name: unknown): name is IpcMethodName {
  return typeof name === 'string' && Object.hasOwn(ipcArguments, name);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function failure(
  kind: string,
  message: string,
): { ok: false; error: IpcError } {
  return { ok: false, error: { kind, message } };
}

/** `caseIds[2]`, `patch.pollIntervalSeconds`: where in the arguments. */
function describePath(
  method: IpcMethodName,
  path: readonly PropertyKey[],
): string {
  const [first, ...rest] = path;
  let text = argumentName(method, Number(first));
  for (const part of rest) {
    text +=
      typeof part === 'number'
        ? `[${part}]`
        : `.${clip(String(part), MAX_KEY_NAME_LENGTH)}`;
  }
  return text;
}

/**
 * The first problem in words. Zod's own messages name types and limits,
 * never the value; the one that quotes input (unknown keys) is rebuilt
 * here with the key names cut short.
 */
function describeIssue(method: IpcMethodName, issue: z.core.$ZodIssue): string {
  if (issue.path.length === 0) {
    return `${describeArity(method)}, as a list.`;
  }
  const where = describePath(method, issue.path);
  let problem = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys
      .slice(0, 3)
      .map((key) => `"${clip(key, MAX_KEY_NAME_LENGTH)}"`)
      .join(', ');
    problem = `has fields that are not allowed: ${keys}`;
  }
  return clip(
    `The argument ${where} of ${method} is invalid: ${problem}.`,
    MAX_ARGUMENT_MESSAGE_LENGTH,
  );
}

/** Builds the gate around a handler table; see the module comment. */
export function createIpcGate(options: IpcGateOptions): IpcGate {
  const log = options.logger.child('ipc');
  const handlers = options.handlers as unknown as Record<
    IpcMethodName,
    AnyHandler
  >;

  return async (name, sender, args) => {
    if (!isMethodName(name)) {
      log.warn('refused a call to an unknown method', {
        method: clip(String(name), MAX_LOGGED_NAME_LENGTH),
      });
      return failure('unknown-method', 'The console has no such function.');
    }

    let trusted = false;
    try {
      trusted = options.trust(sender);
    } catch {
      trusted = false;
    }
    if (!trusted) {
      log.warn('refused a call from an untrusted sender', {
        method: name,
        origin: senderOrigin(sender),
        mainFrame: sender?.isMainFrame === true,
      });
      return failure(
        'forbidden-sender',
        'This page may not use the console functions.',
      );
    }

    const parsed = ipcArguments[name].safeParse(
      Array.isArray(args) ? args : undefined,
    );
    if (!parsed.success) {
      const message = describeIssue(name, parsed.error.issues[0]!);
      log.warn('refused a call with invalid arguments', {
        method: name,
        problem: message,
      });
      return failure('invalid-arguments', message);
    }

    try {
      const value = await handlers[name](...(parsed.data as unknown[]));
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: toIpcError(error, log, name) };
    }
  };
}

/** The sender's origin for the log, never its full URL (it may be long). */
function senderOrigin(sender: IpcSender | null | undefined): string {
  const url = typeof sender?.url === 'string' ? sender.url : '';
  return clip(originOf(url) ?? 'none', MAX_LOGGED_NAME_LENGTH);
}

/**
 * Trusts the main frame of pages at exactly these origins, e.g.
 * `app://offload` or, in development, `http://localhost:5173`.
 */
export function trustOrigins(
  origins: readonly string[],
): (sender: IpcSender) => boolean {
  const allowed = new Set<string>();
  for (const origin of origins) {
    const normal = originOf(origin);
    if (normal === null) {
      throw new Error(`"${origin}" is not an origin the console can trust.`);
    }
    allowed.add(normal);
  }
  return (sender) => {
    if (sender?.isMainFrame !== true || typeof sender.url !== 'string') {
      return false;
    }
    const origin = originOf(sender.url);
    return origin !== null && allowed.has(origin);
  };
}
