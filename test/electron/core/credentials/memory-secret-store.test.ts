import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../../electron/core/credentials/memory-secret-store.ts';

describe('MemorySecretStore', () => {
  it('returns null for an account it never held', async () => {
    expect(await new MemorySecretStore().get('main')).toBeNull();
  });

  it('keeps, replaces and forgets a secret per account', async () => {
    const store = new MemorySecretStore();
    await store.set('main', 'first-secret');
    await store.set('other', 'other-secret');
    await store.set('main', 'second-secret');
    expect(await store.get('main')).toBe('second-secret');
    expect(await store.delete('main')).toBe(true);
    expect(await store.delete('main')).toBe(false);
    expect(await store.get('main')).toBeNull();
    expect(await store.get('other')).toBe('other-secret');
  });

  it('shares nothing between two stores', async () => {
    const one = new MemorySecretStore();
    await one.set('main', 'only-in-one');
    expect(await new MemorySecretStore().get('main')).toBeNull();
  });
});
