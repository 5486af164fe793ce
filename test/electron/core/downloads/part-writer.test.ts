import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { PartWriter } from '../../../../electron/core/downloads/part-writer.ts';

const KIB = 1024;

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'part-writer-'));
  return () => rmSync(folder, { recursive: true, force: true });
});

/** Bytes whose every position differs from its neighbours'. */
function pattern(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let at = 0; at < length; at += 1) bytes[at] = (at * 31 + 7) % 251;
  return bytes;
}

describe('PartWriter', () => {
  it('writes a body from an offset and asks the source to pause and resume', async () => {
    const path = join(folder, 'file.part');
    const handle = await open(path, 'w+');
    await handle.write(Buffer.from('head'), 0, 4, 0);
    const body = pattern(3 * 1024 * KIB + 123);
    const events: string[] = [];
    let paused = false;
    const writer = new PartWriter(handle, 4, {
      buffers: 2,
      bufferBytes: 256 * KIB,
      maxPushBytes: 64 * KIB,
      syncEveryBytes: 1024 * KIB,
      onFull: () => {
        paused = true;
        events.push('full');
      },
      onRoom: () => {
        paused = false;
        events.push('room');
      },
      onError: (error) => events.push(`error ${String(error)}`),
    });

    // A source that honours pauses, like the socket does.
    for (let at = 0; at < body.length;) {
      if (paused) {
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      const piece = body.subarray(at, at + 64 * KIB);
      writer.push(Buffer.from(piece));
      at += piece.length;
    }
    await writer.finish();
    await handle.close();

    expect(
      readFileSync(path).equals(Buffer.concat([Buffer.from('head'), body])),
    ).toBe(true);
    expect(events).toContain('full');
    expect(events.filter((event) => event === 'full').length).toBe(
      events.filter((event) => event === 'room').length,
    );
    expect(events.some((event) => event.startsWith('error'))).toBe(false);
  });

  it('keeps the buffered bytes when abandoned after a good start', async () => {
    const path = join(folder, 'file.part');
    const handle = await open(path, 'w+');
    const body = pattern(100 * KIB);
    const writer = new PartWriter(handle, 0, {
      buffers: 3,
      bufferBytes: 1024 * KIB,
      maxPushBytes: 64 * KIB,
      syncEveryBytes: 1024 * KIB,
      onFull: () => undefined,
      onRoom: () => undefined,
      onError: () => undefined,
    });
    writer.push(body);
    await writer.abandon();
    await handle.close();
    expect(readFileSync(path).equals(body)).toBe(true);
  });

  it('reports a failed write once and stops writing after it', async () => {
    const path = join(folder, 'file.part');
    const handle = await open(path, 'w+');
    await handle.close();
    const errors: unknown[] = [];
    const writer = new PartWriter(handle, 0, {
      buffers: 2,
      bufferBytes: 64 * KIB,
      maxPushBytes: 16 * KIB,
      syncEveryBytes: 1024 * KIB,
      onFull: () => undefined,
      onRoom: () => undefined,
      onError: (error) => errors.push(error),
    });
    for (let round = 0; round < 8; round += 1) writer.push(pattern(16 * KIB));
    await expect(writer.finish()).rejects.toMatchObject({ code: 'EBADF' });
    await writer.abandon();
    expect(errors).toHaveLength(1);
    expect(readFileSync(path).length).toBe(0);
  });
});
