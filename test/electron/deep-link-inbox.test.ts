import { describe, expect, it } from 'vitest';
import { DeepLinkInbox } from '../../electron/deep-link-inbox.ts';

describe('DeepLinkInbox', () => {
  it('keeps links until the page listens, then delivers them in order', () => {
    const inbox = new DeepLinkInbox();
    const delivered: string[] = [];
    inbox.receive('a');
    inbox.receive('b');
    expect(delivered).toEqual([]);
    inbox.open((url) => delivered.push(url));
    expect(delivered).toEqual(['a', 'b']);
    inbox.receive('c');
    expect(delivered).toEqual(['a', 'b', 'c']);
  });

  it('keeps links again while the page is gone, and never delivers twice', () => {
    const inbox = new DeepLinkInbox();
    const first: string[] = [];
    const second: string[] = [];
    inbox.open((url) => first.push(url));
    inbox.receive('a');
    inbox.close();
    inbox.receive('b');
    inbox.open((url) => second.push(url));
    expect(first).toEqual(['a']);
    expect(second).toEqual(['b']);
  });

  it('keeps only the newest ten while nobody listens', () => {
    const inbox = new DeepLinkInbox();
    for (let i = 0; i < 25; i += 1) inbox.receive(String(i));
    const delivered: string[] = [];
    inbox.open((url) => delivered.push(url));
    expect(delivered).toEqual(
      Array.from({ length: 10 }, (_, i) => String(i + 15)),
    );
  });
});
