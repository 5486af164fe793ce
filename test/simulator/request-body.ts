import type { IncomingMessage } from 'node:http';

// Reads a request body into memory, refusing anything larger than the
// limit (the API's bodies are small JSON documents).

export const TOO_LARGE = Symbol('too large');

export function readBody(
  req: IncomingMessage,
  limit: number,
): Promise<Buffer | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
