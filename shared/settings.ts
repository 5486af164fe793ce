import { z } from 'zod';

// The one definition of the console's settings. The main process checks
// the settings file and every change against it with zod; electron-store
// (in the app) and conf (in plain Node) get the same rules as the JSON
// Schema derived from it, so the two can never disagree about a field.
// Rules JSON Schema cannot say (unique profile ids, an active profile that
// exists, a base URL without query or login) are zod refinements.

/** Profile ids name keychain entries and folders: a safe alphabet only. */
export const PROFILE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

// An absolute POSIX path, a Windows drive path, or a UNC share. A relative
// folder would depend on the working directory the app was started from.
const ABSOLUTE_PATH_PATTERN = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

function isPlainBaseUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return !url.search && !url.hash && !url.username && !url.password;
  } catch {
    return false;
  }
}

export const Profile = z.object({
  id: z.string().regex(PROFILE_ID_PATTERN, {
    error: 'must be 1-64 letters, digits, "-" or "_", starting with one',
  }),
  name: z.string().trim().min(1).max(80),
  baseUrl: z
    .url({
      protocol: /^https?$/,
      error: 'must be an http:// or https:// URL',
    })
    .refine(isPlainBaseUrl, {
      error: 'must not carry a query, fragment or login',
    }),
});
export type Profile = z.infer<typeof Profile>;

export const NotificationSettings = z.object({
  inputNeeded: z.boolean().default(true),
  completed: z.boolean().default(true),
  failed: z.boolean().default(true),
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;

export const THEMES = ['light', 'dark', 'system'] as const;
export type Theme = (typeof THEMES)[number];

/** A whole number in a range, with messages a person can act on. */
function wholeNumber(min: number, max: number) {
  return z
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });
}

const settingsFields = {
  profiles: z.array(Profile).default([]),
  activeProfileId: z.string().nullable().default(null),
  /** How often a RUNNING case is read, in the normal rhythm. */
  pollIntervalSeconds: wholeNumber(10, 3600).default(60),
  /** How many requests may be in flight at once. */
  concurrency: wholeNumber(1, 16).default(4),
  /** Requests per second the console allows itself, across all cases. */
  requestBudgetPerSecond: z
    .number({ error: 'must be a number' })
    .min(0.5, { error: 'must be at least 0.5' })
    .max(50, { error: 'must be at most 50' })
    .default(5),
  /** null: the OS downloads folder, which the app decides. */
  downloadFolder: z
    .string()
    .regex(ABSOLUTE_PATH_PATTERN, { error: 'must be an absolute path' })
    .nullable()
    .default(null),
  downloadFolderPerCase: z.boolean().default(false),
  autoDownloadOnCompletion: z.boolean().default(false),
  notifications: NotificationSettings.default({
    inputNeeded: true,
    completed: true,
    failed: true,
  }),
  theme: z.enum(THEMES).default('system'),
};

/** The fields alone, each checked on its own (what JSON Schema can say). */
const SettingsFields = z.object(settingsFields);

/** Rules across fields, reported on the field a person would fix. */
function checkAcrossFields(
  settings: z.infer<typeof SettingsFields>,
  context: z.core.$RefinementCtx,
): void {
  const seen = new Set<string>();
  settings.profiles.forEach((profile, index) => {
    if (seen.has(profile.id)) {
      context.addIssue({
        code: 'custom',
        path: ['profiles', index, 'id'],
        message: `duplicates the id of another profile ("${profile.id}")`,
      });
    }
    seen.add(profile.id);
  });
  if (
    settings.activeProfileId !== null &&
    !seen.has(settings.activeProfileId)
  ) {
    context.addIssue({
      code: 'custom',
      path: ['activeProfileId'],
      message: 'must be the id of one of the profiles, or null',
    });
  }
}

/** The settings: every field has a default, so `{}` parses to defaults. */
export const Settings = SettingsFields.superRefine(checkAcrossFields);
export type Settings = z.infer<typeof Settings>;

/**
 * A change to the settings. Unknown fields are refused so a typo is an
 * error, not a silently ignored change; notifications merge by key.
 */
export const SettingsPatch = z.strictObject({
  profiles: settingsFields.profiles.removeDefault().optional(),
  activeProfileId: settingsFields.activeProfileId.removeDefault().optional(),
  pollIntervalSeconds: settingsFields.pollIntervalSeconds
    .removeDefault()
    .optional(),
  concurrency: settingsFields.concurrency.removeDefault().optional(),
  requestBudgetPerSecond: settingsFields.requestBudgetPerSecond
    .removeDefault()
    .optional(),
  downloadFolder: settingsFields.downloadFolder.removeDefault().optional(),
  downloadFolderPerCase: settingsFields.downloadFolderPerCase
    .removeDefault()
    .optional(),
  autoDownloadOnCompletion: settingsFields.autoDownloadOnCompletion
    .removeDefault()
    .optional(),
  notifications: z
    .strictObject({
      inputNeeded: z.boolean().optional(),
      completed: z.boolean().optional(),
      failed: z.boolean().optional(),
    })
    .optional(),
  theme: settingsFields.theme.removeDefault().optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatch>;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** What a first run starts with. */
export const DEFAULT_SETTINGS: Readonly<Settings> = deepFreeze(
  Settings.parse({}),
);

/** Applies a checked patch to settings; the result still needs checking. */
export function mergeSettings(base: Settings, patch: SettingsPatch): Settings {
  const { notifications, ...rest } = patch;
  const defined = Object.fromEntries(
    Object.entries(rest).filter(([, value]) => value !== undefined),
  );
  return {
    ...structuredClone(base),
    ...structuredClone(defined),
    notifications: { ...base.notifications, ...notifications },
  };
}

/** `profiles.0.baseUrl` for messages, as a person would look it up. */
export function settingsFieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/**
 * The JSON Schema of each top-level field, in the shape the `schema`
 * option of electron-store and conf wants: `{ field: schema }`. Derived
 * from the zod schema (draft 2020-12, which is what conf's ajv reads).
 */
export const settingsJsonSchema: Readonly<
  Record<keyof Settings, Record<string, unknown>>
> = deepFreeze(
  (
    z.toJSONSchema(SettingsFields, { io: 'input' }) as {
      properties: Record<keyof Settings, Record<string, unknown>>;
    }
  ).properties,
);
