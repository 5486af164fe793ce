import { afterEach, beforeEach, expect, test } from 'vitest';
import { render } from 'vitest-browser-react';
import { userEvent } from 'vitest/browser';
import { DEFAULT_SETTINGS } from '../../../shared/settings.ts';
import { FirstRun } from '../../../renderer/first-run/first-run.tsx';
import { createFakeOffload } from '../support/fake-offload.ts';
import type { FakeOffload } from '../support/fake-offload.ts';
import { configuredKey } from '../support/fixtures.ts';
import { axeViolations } from '../support/axe-check.ts';

let fake: FakeOffload;
let uninstall: () => void;

beforeEach(() => {
  fake = createFakeOffload({
    settings: structuredClone(DEFAULT_SETTINGS),
    keyStatus: configuredKey({
      configured: false,
      source: 'none',
      verifiedAt: null,
    }),
  });
  uninstall = fake.install();
});

afterEach(() => uninstall());

async function renderFirstRun(
  demo: { baseUrl: string } | null = null,
  onDone: () => void = () => {},
) {
  const screen = await render(<FirstRun demo={demo} onDone={onDone} />);
  await expect
    .element(screen.getByRole('button', { name: 'Verify and save' }))
    .toBeEnabled();
  return screen;
}

test('a first run creates a profile, verifies the key and says so', async () => {
  let done = 0;
  const screen = await renderFirstRun(null, () => (done += 1));
  await screen
    .getByLabelText('Base URL')
    .fill('https://api.acme-offload.example');
  await screen.getByLabelText('API key').fill('sk_first_run_key');
  await screen.getByRole('button', { name: 'Verify and save' }).click();

  await expect
    .element(
      screen.getByText(
        'Offload accepted the key; it is saved in the system keychain.',
      ),
    )
    .toBeVisible();
  expect(fake.callsTo('settings.update')).toEqual([
    [
      {
        profiles: [
          {
            id: 'default',
            name: 'Default',
            baseUrl: 'https://api.acme-offload.example',
          },
        ],
        activeProfileId: 'default',
      },
    ],
  ]);
  expect(fake.callsTo('keys.set')).toEqual([
    ['default', 'sk_first_run_key', undefined],
  ]);
  expect(document.body.innerHTML).not.toContain('sk_first_run_key');

  const open = screen.getByRole('button', { name: 'Open the console' });
  await expect.element(open).toHaveFocus();
  await userEvent.keyboard('{Enter}');
  expect(done).toBe(1);
});

test('the profile in use is set up again, its URL filled in', async () => {
  fake.data.settings = {
    ...structuredClone(DEFAULT_SETTINGS),
    profiles: [
      { id: 'work', name: 'Work', baseUrl: 'https://api.work.example' },
    ],
    activeProfileId: 'work',
  };
  const screen = await renderFirstRun();
  await expect
    .element(screen.getByLabelText('Base URL'))
    .toHaveValue('https://api.work.example');
  await screen.getByLabelText('API key').fill('k');
  await userEvent.keyboard('{Enter}');
  await expect
    .element(screen.getByText(/Offload accepted the key/))
    .toBeVisible();
  expect(fake.callsTo('keys.set')[0]?.[0]).toBe('work');
});

test('empty fields are named before anything is sent', async () => {
  const screen = await renderFirstRun();
  await screen.getByRole('button', { name: 'Verify and save' }).click();
  await expect
    .element(screen.getByLabelText('Base URL'))
    .toHaveAccessibleDescription(/Enter the base URL/);
  await expect
    .element(screen.getByLabelText('API key'))
    .toHaveAccessibleDescription(/Enter your Offload API key\./);
  expect(fake.callsTo('settings.update')).toEqual([]);
  expect(fake.callsTo('keys.set')).toEqual([]);
});

test.each([
  ['not a URL', 'api.example.com', /http/],
  ['a URL with a query', 'https://api.example.com/?x=1', /query/],
])(
  'a base URL that is %s is refused beside the field',
  async (_name, url, words) => {
    const screen = await renderFirstRun();
    await screen.getByLabelText('Base URL').fill(url);
    await screen.getByLabelText('API key').fill('k');
    await screen.getByRole('button', { name: 'Verify and save' }).click();
    await expect
      .element(screen.getByLabelText('Base URL'))
      .toHaveAccessibleDescription(words);
    expect(fake.callsTo('keys.set')).toEqual([]);
  },
);

test('a rejected key is explained and the set-up stays open', async () => {
  fake.respond('keys.set', () => ({
    ok: true,
    value: {
      outcome: 'rejected',
      reason: 'unknown-key',
      message: 'Check that you copied the whole key.',
    },
  }));
  const screen = await renderFirstRun();
  await screen.getByLabelText('Base URL').fill('https://api.example.com');
  await screen.getByLabelText('API key').fill('wrong');
  await screen.getByRole('button', { name: 'Verify and save' }).click();
  await expect
    .element(screen.getByText('Offload does not recognise this key.'))
    .toBeVisible();
  await expect
    .element(screen.getByText('Check that you copied the whole key.'))
    .toBeVisible();
  await expect
    .element(screen.getByRole('button', { name: 'Open the console' }))
    .not.toBeInTheDocument();
  await expect
    .element(screen.getByRole('button', { name: 'Verify and save' }))
    .toBeEnabled();
});

test('an unreachable Offload can be accepted, then the console opens', async () => {
  fake.respond('keys.set', (_id, _key, options) => ({
    ok: true,
    value: options?.acceptUnverified
      ? { outcome: 'saved', verifiedAt: null, storage: 'keychain' }
      : { outcome: 'unverified', message: 'Offload did not answer in time.' },
  }));
  let done = 0;
  const screen = await renderFirstRun(null, () => (done += 1));
  await screen.getByLabelText('Base URL').fill('https://api.example.com');
  await screen.getByLabelText('API key').fill('k1');
  await screen.getByRole('button', { name: 'Verify and save' }).click();
  await screen.getByRole('button', { name: 'Keep it unverified' }).click();
  await expect
    .element(
      screen.getByText('Key saved in the system keychain, not verified.'),
    )
    .toBeVisible();
  expect(fake.callsTo('keys.set')[1]).toEqual([
    'default',
    'k1',
    { acceptUnverified: true },
  ]);
  await screen.getByRole('button', { name: 'Open the console' }).click();
  expect(done).toBe(1);
});

test('without a demo there is no demo button', async () => {
  const screen = await renderFirstRun();
  await expect
    .element(screen.getByRole('button', { name: 'Try the demo' }))
    .not.toBeInTheDocument();
});

test('the demo sets up its own profile and opens the console', async () => {
  fake.data.keyStatus = configuredKey({ source: 'session' });
  let done = 0;
  const screen = await renderFirstRun(
    { baseUrl: 'http://127.0.0.1:4010' },
    () => (done += 1),
  );
  await expect.element(screen.getByText('http://127.0.0.1:4010')).toBeVisible();
  await screen.getByRole('button', { name: 'Try the demo' }).click();
  await expect.poll(() => done).toBe(1);
  expect(fake.callsTo('settings.update')).toEqual([
    [
      {
        profiles: [
          { id: 'demo', name: 'Demo', baseUrl: 'http://127.0.0.1:4010' },
        ],
        activeProfileId: 'demo',
      },
    ],
  ]);
  expect(fake.callsTo('keys.status')).toEqual([['demo']]);
});

test('a demo without a key says what to do', async () => {
  const screen = await renderFirstRun({ baseUrl: 'http://127.0.0.1:4010' });
  await screen.getByRole('button', { name: 'Try the demo' }).click();
  await expect
    .element(screen.getByText(/the demo server gave no key/))
    .toBeVisible();
});

test('hostile text in the demo URL is shown as text', async () => {
  const hostile = 'http://x/<img src=x onerror="window.offloadPwned=1">';
  const screen = await renderFirstRun({ baseUrl: hostile });
  await expect.element(screen.getByText(hostile)).toBeVisible();
  expect(screen.container.querySelector('img')).toBeNull();
  expect((window as { offloadPwned?: number }).offloadPwned).toBeUndefined();
});

test('the first run has no serious accessibility violations', async () => {
  const screen = await renderFirstRun({ baseUrl: 'http://127.0.0.1:4010' });
  await screen.getByRole('button', { name: 'Verify and save' }).click();
  await expect
    .element(screen.getByLabelText('API key'))
    .toHaveAttribute('aria-invalid', 'true');
  expect(await axeViolations(screen.container)).toEqual([]);
});
