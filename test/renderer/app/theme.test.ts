import { expect, test } from 'vitest';
import { resolveTheme } from '../../../renderer/app/theme.ts';

test.each([
  ['light', false, 'light'],
  ['light', true, 'light'],
  ['dark', false, 'dark'],
  ['system', true, 'dark'],
  ['system', false, 'light'],
] as const)(
  'the %s setting with OS dark=%s paints %s',
  (theme, dark, paint) => {
    expect(resolveTheme(theme, dark)).toBe(paint);
  },
);
