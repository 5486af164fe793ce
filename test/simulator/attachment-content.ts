import { createCipheriv, createHash } from 'node:crypto';

// The bytes of a simulated attachment. They are a pure function of
// (seed, attachmentId, size), so a test can know the SHA-256 of a file it
// never stored, and they are produced block by block, so a many-GiB file
// costs one cached 1 MiB block of memory.
//
// Layout: block k (1 MiB) is a per-file pseudo-random base block with k
// written into its first 8 bytes (little-endian), and the file is the
// first `size` bytes of block 0, block 1, ... Every block but its first
// 8 bytes is the same shared buffer, so serving it copies nothing.

export const BLOCK_SIZE = 1 << 20;
const STAMP_SIZE = 8;
const BASE_CACHE_LIMIT = 16;
/** Hash this much before letting the event loop run again. */
const HASH_SLICE = 64 * BLOCK_SIZE;

const baseBlocks = new Map<string, Buffer>();

function cacheKey(seed: number, attachmentId: string, size: number) {
  return `${seed}\u0000${attachmentId}\u0000${size}`;
}

/**
 * The base block: AES-128-CTR keystream under a key derived from the
 * identity of the file, which is far faster than hashing it out.
 * Callers must never write into it: it is shared by every reader.
 */
function baseBlock(seed: number, attachmentId: string, size: number): Buffer {
  const key = cacheKey(seed, attachmentId, size);
  const cached = baseBlocks.get(key);
  if (cached !== undefined) {
    // Refresh its place in the (insertion-ordered) least-recently-used map.
    baseBlocks.delete(key);
    baseBlocks.set(key, cached);
    return cached;
  }
  const digest = createHash('sha256')
    .update(`offload-sim-file:${key}`)
    .digest();
  const cipher = createCipheriv(
    'aes-128-ctr',
    digest.subarray(0, 16),
    digest.subarray(16, 32),
  );
  const block = Buffer.concat([
    cipher.update(Buffer.alloc(BLOCK_SIZE)),
    cipher.final(),
  ]);
  baseBlocks.set(key, block);
  if (baseBlocks.size > BASE_CACHE_LIMIT) {
    const oldest = baseBlocks.keys().next().value;
    if (oldest !== undefined) baseBlocks.delete(oldest);
  }
  return block;
}

export interface FileIdentity {
  seed: number;
  attachmentId: string;
  size: number;
}

/**
 * Yields the bytes of [start, end) of a file, in order, as slices of the
 * shared base block plus small fresh stamp buffers. Slices of the base
 * block are read-only.
 */
export function* contentChunks(
  file: FileIdentity,
  start = 0,
  end = file.size,
): Generator<Buffer> {
  const last = Math.min(end, file.size);
  if (start >= last) return;
  const base = baseBlock(file.seed, file.attachmentId, file.size);
  let block = Math.floor(start / BLOCK_SIZE);
  let position = start;
  while (position < last) {
    const blockStart = block * BLOCK_SIZE;
    const from = position - blockStart;
    const to = Math.min(last - blockStart, BLOCK_SIZE);
    if (from < STAMP_SIZE) {
      const stamp = Buffer.allocUnsafe(STAMP_SIZE);
      stamp.writeBigUInt64LE(BigInt(block));
      yield stamp.subarray(from, Math.min(STAMP_SIZE, to));
    }
    if (to > STAMP_SIZE) yield base.subarray(Math.max(from, STAMP_SIZE), to);
    position = blockStart + to;
    block += 1;
  }
}

const digests = new Map<string, string>();

/**
 * The SHA-256 (hex) of a whole file, computed as a stream and yielding to
 * the event loop between slices so that a server stays responsive while
 * it hashes a large file. Results are memoised.
 */
export async function expectedSha256(file: FileIdentity): Promise<string> {
  const key = cacheKey(file.seed, file.attachmentId, file.size);
  const known = digests.get(key);
  if (known !== undefined) return known;
  const hash = createHash('sha256');
  let sinceYield = 0;
  for (const chunk of contentChunks(file)) {
    hash.update(chunk);
    sinceYield += chunk.length;
    if (sinceYield >= HASH_SLICE) {
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const digest = hash.digest('hex');
  digests.set(key, digest);
  return digest;
}
