import { expect, test } from 'vitest';
import { render } from 'vitest-browser-react';
import { OfflineBanner } from '../../../renderer/app/offline-banner.tsx';

test('says nothing while the console is online', async () => {
  const screen = await render(
    <OfflineBanner
      state={{ connection: 'online', lastSyncAt: 1 }}
      onRetry={() => {}}
    />,
  );
  expect(screen.container.textContent).toBe('');
});

test.each([
  ['Offload could not be reached. Check the network connection.'],
  ['Offload could not be reached'],
])('puts the reason (%s) after the banner as one sentence', async (reason) => {
  const screen = await render(
    <OfflineBanner
      state={{
        connection: 'offline',
        lastSyncAt: null,
        lastError: { kind: 'network', message: reason },
      }}
      onRetry={() => {}}
    />,
  );
  const text = screen.getByRole('status').element().textContent ?? '';
  expect(text).toContain(
    'Offline: Offload cannot be reached. Everything saved stays browsable ' +
      'and searchable. Offload could not be reached',
  );
  // One full stop after the reason, never "(…)." or "..".
  expect(text).not.toMatch(/\.\.|\(|\)/);
  expect(text.trim().split('Try again')[0]?.trim()).toMatch(/[a-z]\.$/);
});
