// "Cannot store securely" is a state the user sees, with a way forward,
// never a silent fallback to plaintext. This error carries that state from
// the keychain adapter to the API key manager and on to the UI.

/** Why the keychain cannot be used. */
export type KeychainProblem = 'no-secret-service' | 'locked' | 'not-loaded';

const MESSAGES: Record<KeychainProblem, string> = {
  'no-secret-service':
    'No keychain is reachable: the console found no Secret Service (such ' +
    'as GNOME Keyring or KWallet) on this session, so it cannot store the ' +
    'API key securely. Start or unlock your keyring and try again, or keep ' +
    'the key for this run only.',
  locked:
    'The keychain is locked and could not be unlocked, so the API key ' +
    'cannot be stored securely. Unlock your keyring and try again, or keep ' +
    'the key for this run only.',
  'not-loaded':
    "The console's keychain module could not be loaded, so the API key " +
    'cannot be stored securely. Reinstall the console, or keep the key for ' +
    'this run only.',
};

// What libsecret, GLib's D-Bus client and keytar say when no usable Secret
// Service is there (each seen on Debian 12: no bus, a dead or malformed bus
// address, a bus without the service, a locked collection with no prompter).
const PATTERNS: ReadonlyArray<[RegExp, KeychainProblem]> = [
  [/Failed to load keytar native addon/i, 'not-loaded'],
  [/locked (collection|object)|prompt dismissed/i, 'locked'],
  [/autolaunch D-Bus|dbus-launch/i, 'no-secret-service'],
  [
    /org\.freedesktop\.secrets|org\.freedesktop\.DBus\.Error/i,
    'no-secret-service',
  ],
  [
    /Could not connect|Address element|unsupported transport/i,
    'no-secret-service',
  ],
  [/No such secret collection|Secret Service/i, 'no-secret-service'],
];

/** The keychain problem an error from keytar describes, if any. */
export function keychainProblemOf(error: unknown): KeychainProblem | null {
  const message = error instanceof Error ? error.message : String(error);
  for (const [pattern, problem] of PATTERNS) {
    if (pattern.test(message)) return problem;
  }
  return null;
}

/** The OS keychain cannot be reached or used; nothing was stored. */
export class KeychainUnavailableError extends Error {
  override readonly name = 'KeychainUnavailableError';
  readonly problem: KeychainProblem;
  /** The keychain library's own words, for the log. */
  readonly detail: string;

  constructor(problem: KeychainProblem, detail: string) {
    super(MESSAGES[problem]);
    this.problem = problem;
    this.detail = detail;
  }
}
