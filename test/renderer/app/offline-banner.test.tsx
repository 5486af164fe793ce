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

test('says Offload cannot be reached when no reason is known', async () => {
  const screen = await render(
    <OfflineBanner
      state={{ connection: 'offline', lastSyncAt: null }}
      onRetry={() => {}}
    />,
  );
  await expect
    .element(screen.getByRole('status'))
    .toMatchTextContent(
      'Offline: Offload cannot be reached. Everything saved stays ' +
        'browsable and searchable.',
    );
});

test.each([
  ['Offload could not be reached. Check the network connection.'],
  ['Offload could not be reached. Check the network connection'],
])('gives the reason (%s) once, as a sentence', async (reason) => {
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
    'Offline: Offload could not be reached. Check the network connection. ' +
      'Everything saved stays browsable and searchable.',
  );
  expect(text).not.toContain('cannot be reached');
  expect(text).not.toMatch(/\.\.|\(|\)/);
});
