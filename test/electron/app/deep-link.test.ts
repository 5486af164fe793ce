import { describe, expect, it } from 'vitest';
import {
  DEEP_LINK_SCHEME,
  parseDeepLink,
} from '../../../electron/app/deep-link.ts';

describe('parseDeepLink', () => {
  it.each([
    ['offload-console://case/case_123', 'case_123'],
    [
      'offload-console://case/0b9a2c4e-8f3d-4a51-9e7b-2f1c0d6e5a43',
      '0b9a2c4e-8f3d-4a51-9e7b-2f1c0d6e5a43',
    ],
    ['offload-console://case/case_123/', 'case_123'],
    ['OFFLOAD-CONSOLE://CASE/Case_123', 'Case_123'],
    ['offload-console://case/a.b:c-d', 'a.b:c-d'],
  ])('reads %s as case %s', (url, caseId) => {
    expect(parseDeepLink(url)).toEqual({ caseId });
  });

  it('uses the scheme it names', () => {
    expect(parseDeepLink(`${DEEP_LINK_SCHEME}://case/x1`)).toEqual({
      caseId: 'x1',
    });
  });

  it.each([
    ['a parent step', 'offload-console://case/../x'],
    ['a dot step', 'offload-console://case/./x'],
    ['only dots', 'offload-console://case/..'],
    ['an encoded parent step', 'offload-console://case/%2e%2e/x'],
    ['an encoded slash', 'offload-console://case/a%2Fb'],
    ['extra path parts', 'offload-console://case/abc/def'],
    ['a query', 'offload-console://case/abc?watch=1'],
    ['a fragment', 'offload-console://case/abc#x'],
    ['a login', 'offload-console://me@case/abc'],
    ['a port', 'offload-console://case:80/abc'],
    ['another action', 'offload-console://settings/abc'],
    ['no id', 'offload-console://case/'],
    ['a space in the id', 'offload-console://case/ab c'],
    ['a leading space', ' offload-console://case/abc'],
    ['a trailing newline', 'offload-console://case/abc\n'],
    ['a single slash', 'offload-console:/case/abc'],
    ['another scheme', 'https://case/abc'],
    ['a look-alike scheme', 'offload-consolex://case/abc'],
    ['javascript:', 'javascript:alert(1)'],
    ['file:', 'file:///case/abc'],
    ['an id of 201 characters', `offload-console://case/${'a'.repeat(201)}`],
    ['empty', ''],
  ])('refuses %s', (_why, url) => {
    expect(parseDeepLink(url)).toBeNull();
  });

  it.each([null, undefined, 7, {}])('refuses the non-string %s', (value) => {
    expect(parseDeepLink(value as unknown as string)).toBeNull();
  });
});
