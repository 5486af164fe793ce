import { afterEach, beforeEach, expect, test } from 'vitest';
import { render } from 'vitest-browser-react';
import { userEvent } from 'vitest/browser';
import { SettingsScreen } from '../../../renderer/settings/settings-screen.tsx';
import { createFakeOffload } from '../support/fake-offload.ts';
import type { FakeOffload } from '../support/fake-offload.ts';
import { configuredKey, settingsWithProfile } from '../support/fixtures.ts';
import { axeViolations } from '../support/axe-check.ts';

let fake: FakeOffload;
let uninstall: () => void;

beforeEach(() => {
  fake = createFakeOffload();
  uninstall = fake.install();
});

afterEach(() => uninstall());

async function renderSettings(onClose: () => void = () => {}) {
  const screen = await render(<SettingsScreen onClose={onClose} />);
  await expect
    .element(screen.getByRole('heading', { name: 'Work', level: 3 }))
    .toBeVisible();
  return screen;
}

test('the key shows only its status: configured, source and when verified', async () => {
  const screen = await renderSettings();
  await expect.element(screen.getByText('Configured')).toBeVisible();
  await expect
    .element(screen.getByText('Stored in the system keychain'))
    .toBeVisible();
  await expect
    .element(screen.getByText(/^Offload accepted it .* ago \(/))
    .toBeVisible();
  await expect
    .element(screen.getByRole('button', { name: 'Replace key' }))
    .toBeDisabled();
  expect(fake.callsTo('keys.status')).toContainEqual(['work']);
});

test('a profile without a key says so and offers to save one', async () => {
  fake.data.keyStatus = configuredKey({
    configured: false,
    source: 'none',
    verifiedAt: null,
  });
  const screen = await renderSettings();
  await expect.element(screen.getByText('Not set')).toBeVisible();
  await expect
    .element(screen.getByRole('button', { name: 'Save key' }))
    .toBeVisible();
  await expect
    .element(screen.getByRole('button', { name: /Remove key/ }))
    .not.toBeInTheDocument();
});

test('saving a key reports success in words and never shows the key', async () => {
  const screen = await renderSettings();
  const input = screen.getByLabelText('New API key for Work');
  await input.fill('sk_live_secret_123');
  await screen.getByRole('button', { name: 'Replace key' }).click();
  await expect
    .element(
      screen.getByText(
        'Offload accepted the key; it is saved in the system keychain.',
      ),
    )
    .toBeVisible();
  expect(fake.callsTo('keys.set')).toEqual([
    ['work', 'sk_live_secret_123', {}],
  ]);
  await expect.element(input).toHaveValue('');
  expect(document.body.innerHTML).not.toContain('sk_live_secret_123');
});

test('an unreachable Offload offers to keep the key unverified', async () => {
  fake.respond('keys.set', (_id, _key, options) => ({
    ok: true,
    value: options?.acceptUnverified
      ? { outcome: 'saved', verifiedAt: null, storage: 'keychain' }
      : { outcome: 'unverified', message: 'Offload did not answer.' },
  }));
  const screen = await renderSettings();
  await screen.getByLabelText('New API key for Work').fill('key-1');
  await screen.getByRole('button', { name: 'Replace key' }).click();
  await expect
    .element(screen.getByText('Offload could not be reached to check the key.'))
    .toBeVisible();
  await expect
    .element(screen.getByText('Offload did not answer.'))
    .toBeVisible();
  await screen.getByRole('button', { name: 'Keep it unverified' }).click();
  await expect
    .element(
      screen.getByText('Key saved in the system keychain, not verified.'),
    )
    .toBeVisible();
  expect(fake.callsTo('keys.set')[1]).toEqual([
    'work',
    'key-1',
    { acceptUnverified: true },
  ]);
});

test('an unavailable keychain offers this session only', async () => {
  fake.respond('keys.set', (_id, _key, options) => ({
    ok: true,
    value: options?.sessionOnly
      ? { outcome: 'saved', verifiedAt: 5, storage: 'session' }
      : {
          outcome: 'keychain-unavailable',
          message: 'No Secret Service is running.',
        },
  }));
  const screen = await renderSettings();
  await screen.getByLabelText('New API key for Work').fill('key-1');
  await screen.getByRole('button', { name: 'Replace key' }).click();
  await expect
    .element(screen.getByText('No Secret Service is running.'))
    .toBeVisible();
  await screen
    .getByRole('button', { name: 'Use it for this session only' })
    .click();
  await expect
    .element(
      screen.getByText(
        'Offload accepted the key; it is kept for this session only.',
      ),
    )
    .toBeVisible();
  expect(fake.callsTo('keys.set')[1]?.[2]).toEqual({ sessionOnly: true });
});

test('a keychain known to be unavailable is a state with a way forward', async () => {
  fake.data.keyStatus = configuredKey({
    configured: false,
    source: 'none',
    verifiedAt: null,
    keychain: 'unavailable',
  });
  const screen = await renderSettings();
  await expect
    .element(screen.getByText('The system keychain is not available.'))
    .toBeVisible();
  await expect
    .element(screen.getByRole('checkbox', { name: /This session only/ }))
    .toBeChecked();
  await screen.getByLabelText('API key for Work').fill('key-2');
  await userEvent.keyboard('{Enter}');
  await expect
    .element(screen.getByText(/Offload accepted the key/))
    .toBeVisible();
  expect(fake.callsTo('keys.set')).toEqual([
    ['work', 'key-2', { sessionOnly: true }],
  ]);
});

test.each([
  ['unknown-key', 'Offload does not recognise this key.'],
  ['inactive-key', 'Offload knows this key, but it is not active.'],
] as const)('a %s rejection is explained', async (reason, words) => {
  fake.respond('keys.set', () => ({
    ok: true,
    value: { outcome: 'rejected', reason, message: 'Check the key.' },
  }));
  const screen = await renderSettings();
  await screen.getByLabelText('New API key for Work').fill('bad');
  await screen.getByRole('button', { name: 'Replace key' }).click();
  await expect.element(screen.getByText(words)).toBeVisible();
  await expect
    .element(screen.getByLabelText('New API key for Work'))
    .toHaveValue('bad');
});

test('a key the main process refuses shows its reason', async () => {
  fake.fail(
    'keys.set',
    'invalid-key-format',
    'The API key contains spaces. Paste just the key.',
  );
  const screen = await renderSettings();
  await screen.getByLabelText('New API key for Work').fill('a b');
  await screen.getByRole('button', { name: 'Replace key' }).click();
  await expect
    .element(screen.getByText('The key was not saved.'))
    .toBeVisible();
  await expect
    .element(
      screen.getByText('The API key contains spaces. Paste just the key.'),
    )
    .toBeVisible();
});

test('removing a key asks first, then removes it', async () => {
  const screen = await renderSettings();
  await screen.getByRole('button', { name: 'Remove key…' }).click();
  await expect
    .element(screen.getByText(/Remove the key of Work\?/))
    .toBeVisible();
  expect(fake.callsTo('keys.remove')).toEqual([]);
  fake.data.keyStatus = configuredKey({
    configured: false,
    source: 'none',
    verifiedAt: null,
  });
  await screen.getByRole('button', { name: 'Remove key', exact: true }).click();
  await expect.element(screen.getByText('The key was removed.')).toBeVisible();
  await expect.element(screen.getByText('Not set')).toBeVisible();
  expect(fake.callsTo('keys.remove')).toEqual([['work']]);
});

test('a key from the environment cannot be changed here', async () => {
  fake.data.keyStatus = configuredKey({ source: 'environment' });
  const screen = await renderSettings();
  await expect
    .element(
      screen.getByText('This key comes from the environment; change it there.'),
    )
    .toBeVisible();
  await expect
    .element(screen.getByRole('button', { name: /Remove key/ }))
    .not.toBeInTheDocument();
});

test('a poll interval out of range is refused beside the field', async () => {
  const screen = await renderSettings();
  const field = screen.getByLabelText('Poll interval (seconds)');
  await expect.element(field).toHaveValue(60);
  await field.fill('5');
  await screen.getByRole('button', { name: 'Save interval' }).click();
  await expect.element(field).toHaveAttribute('aria-invalid', 'true');
  await expect
    .element(field)
    .toHaveAccessibleDescription(/must be at least 10/);
  expect(fake.callsTo('settings.update')).toEqual([]);

  await field.fill('30');
  await userEvent.keyboard('{Enter}');
  await expect.element(screen.getByText('Saved.')).toBeVisible();
  expect(fake.callsTo('settings.update')).toEqual([
    [{ pollIntervalSeconds: 30 }],
  ]);
  await expect.element(field).toHaveAttribute('aria-invalid', 'false');
});

test("the main process's refusal appears beside the field it names", async () => {
  fake.fail(
    'settings.update',
    'invalid-settings',
    'The setting profiles.0.baseUrl is invalid: that host is not allowed.',
    'profiles.0.baseUrl',
  );
  const screen = await renderSettings();
  const url = screen.getByLabelText('Base URL', { exact: true });
  await url.fill('https://other.example');
  await screen.getByRole('button', { name: 'Save profile' }).click();
  await expect
    .element(url)
    .toHaveAccessibleDescription('that host is not allowed');
});

test('a profile can be renamed and its base URL changed', async () => {
  const screen = await renderSettings();
  await screen.getByLabelText('Name', { exact: true }).fill('Work EU');
  await screen
    .getByLabelText('Base URL', { exact: true })
    .fill('https://eu.offload.example');
  await screen.getByRole('button', { name: 'Save profile' }).click();
  await expect
    .element(screen.getByRole('heading', { name: 'Work EU' }))
    .toBeVisible();
  expect(fake.callsTo('settings.update')).toEqual([
    [
      {
        profiles: [
          {
            id: 'work',
            name: 'Work EU',
            baseUrl: 'https://eu.offload.example',
          },
        ],
      },
    ],
  ]);
});

test('a profile can be added, switched to and removed with its key', async () => {
  const screen = await renderSettings();
  await screen.getByLabelText('Profile name').fill('Sandbox');
  await screen
    .getByLabelText('Base URL of the new profile')
    .fill('https://sandbox.example');
  await screen.getByRole('button', { name: 'Add profile' }).click();
  await expect
    .element(screen.getByText('Added Sandbox. Set its API key above.'))
    .toBeVisible();
  expect(fake.data.settings.profiles).toEqual([
    { id: 'work', name: 'Work', baseUrl: 'https://api.offload.example' },
    { id: 'sandbox', name: 'Sandbox', baseUrl: 'https://sandbox.example' },
  ]);

  await screen.getByRole('button', { name: 'Use Sandbox' }).click();
  await expect
    .element(screen.getByRole('button', { name: 'Use Work' }))
    .toBeVisible();
  expect(fake.data.settings.activeProfileId).toBe('sandbox');

  await screen.getByRole('button', { name: 'Remove Sandbox…' }).click();
  await screen.getByRole('button', { name: 'Remove profile' }).click();
  await expect
    .element(screen.getByRole('heading', { name: 'Sandbox', level: 3 }))
    .not.toBeInTheDocument();
  expect(fake.data.settings.profiles.map((profile) => profile.id)).toEqual([
    'work',
  ]);
  expect(fake.data.settings.activeProfileId).toBe('work');
  expect(fake.callsTo('keys.remove')).toEqual([['sandbox']]);
});

test('adding a profile without a name or URL says what is missing', async () => {
  const screen = await renderSettings();
  await screen.getByRole('button', { name: 'Add profile' }).click();
  await expect
    .element(screen.getByLabelText('Profile name'))
    .toHaveAccessibleDescription('Enter a name for the profile.');
  await expect
    .element(screen.getByLabelText('Base URL of the new profile'))
    .toHaveAccessibleDescription(/Enter the base URL/);
  await screen.getByLabelText('Profile name').fill('Bad');
  await screen.getByLabelText('Base URL of the new profile').fill('ftp://x');
  await screen.getByRole('button', { name: 'Add profile' }).click();
  await expect
    .element(screen.getByLabelText('Base URL of the new profile'))
    .toHaveAccessibleDescription(/http/);
  expect(fake.callsTo('settings.update')).toEqual([]);
});

test('the download folder is chosen in a dialog and can be reset', async () => {
  const screen = await renderSettings();
  await expect
    .element(screen.getByText('The system Downloads folder'))
    .toBeVisible();
  await screen.getByRole('button', { name: 'Choose folder…' }).click();
  await expect.element(screen.getByText('/home/test/Downloads')).toBeVisible();
  expect(fake.callsTo('settings.update')).toEqual([
    [{ downloadFolder: '/home/test/Downloads' }],
  ]);
  await screen
    .getByRole('button', { name: 'Use the system Downloads folder' })
    .click();
  await expect
    .element(screen.getByText('The system Downloads folder'))
    .toBeVisible();
});

test('cancelling the folder dialog changes nothing', async () => {
  fake.respond('settings.chooseDownloadFolder', () => ({
    ok: true,
    value: { path: null },
  }));
  const screen = await renderSettings();
  await screen.getByRole('button', { name: 'Choose folder…' }).click();
  await expect
    .element(screen.getByText('The system Downloads folder'))
    .toBeVisible();
  expect(fake.callsTo('settings.update')).toEqual([]);
});

test('toggles and the theme save at once', async () => {
  const screen = await renderSettings();
  await screen
    .getByRole('checkbox', {
      name: "Put each case's files in a folder of its own",
    })
    .click();
  await screen
    .getByRole('checkbox', {
      name: "Download a case's attachments when it completes",
    })
    .click();
  await screen.getByRole('checkbox', { name: 'A case completes' }).click();
  await screen.getByRole('radio', { name: 'Dark' }).click();
  await expect
    .element(screen.getByRole('radio', { name: 'Dark' }))
    .toBeChecked();
  expect(fake.callsTo('settings.update')).toEqual([
    [{ downloadFolderPerCase: true }],
    [{ autoDownloadOnCompletion: true }],
    [{ notifications: { completed: false } }],
    [{ theme: 'dark' }],
  ]);
  await expect
    .element(screen.getByRole('checkbox', { name: 'A case completes' }))
    .not.toBeChecked();
  await expect
    .element(screen.getByRole('checkbox', { name: 'A case needs input' }))
    .toBeChecked();
});

test('settings changed elsewhere are shown as they arrive', async () => {
  const screen = await renderSettings();
  fake.emit('settings', settingsWithProfile({ theme: 'light' }));
  await expect
    .element(screen.getByRole('radio', { name: 'Light' }))
    .toBeChecked();
});

test('Close and Escape both close the settings', async () => {
  let closed = 0;
  const screen = await renderSettings(() => (closed += 1));
  await screen.getByRole('button', { name: 'Close settings' }).click();
  expect(closed).toBe(1);
  (
    screen.getByRole('radio', { name: 'Dark' }).element() as HTMLElement
  ).focus();
  await userEvent.keyboard('{Escape}');
  expect(closed).toBe(2);
});

test('settings that cannot be read say so and can be read again', async () => {
  fake.fail('settings.get', 'internal', 'The settings file is locked.');
  const screen = await render(<SettingsScreen onClose={() => {}} />);
  await expect
    .element(screen.getByText(/The settings file is locked\./))
    .toBeVisible();
  fake.respond('settings.get', () => ({
    ok: true,
    value: settingsWithProfile(),
  }));
  await screen.getByRole('button', { name: 'Try again' }).click();
  await expect
    .element(screen.getByRole('heading', { name: 'Work', level: 3 }))
    .toBeVisible();
});

test('hostile profile names are shown as text', async () => {
  const hostile = '<img src=x onerror="window.offloadPwned=1">';
  fake.data.settings = settingsWithProfile({
    profiles: [{ id: 'work', name: hostile, baseUrl: 'https://a.example' }],
  });
  const screen = await render(<SettingsScreen onClose={() => {}} />);
  await expect
    .element(screen.getByRole('heading', { name: hostile }))
    .toBeVisible();
  expect(screen.container.querySelector('img')).toBeNull();
  expect((window as { offloadPwned?: number }).offloadPwned).toBeUndefined();
});

test('the settings have no serious accessibility violations', async () => {
  const screen = await renderSettings();
  await expect.element(screen.getByText('Configured')).toBeVisible();
  expect(await axeViolations(screen.container)).toEqual([]);
});
