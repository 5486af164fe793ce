import {
  Settings,
  SettingsPatch,
  mergeSettings,
  settingsFieldPath,
} from '../../shared/settings.ts';

// Where a settings change went wrong, by field, so each message can sit
// beside the control a person would fix. The same zod rules the main
// process applies run here first; the main process's own refusal names
// its field in the error ("The setting profiles.0.baseUrl is invalid:
// …"), and its reason is put beside that field too.

/** Messages by dotted field path (`''` for the change as a whole). */
export type FieldProblems = Record<string, string>;

/** The problems a patch would cause on the given settings; {} if none. */
export function patchProblems(
  current: Settings,
  patch: SettingsPatch,
): FieldProblems {
  const checked = SettingsPatch.safeParse(patch);
  const issues = checked.success
    ? Settings.safeParse(mergeSettings(current, checked.data)).error?.issues
    : checked.error.issues;
  const problems: FieldProblems = {};
  for (const issue of issues ?? []) {
    const field = settingsFieldPath(issue.path);
    problems[field] ??= issue.message;
  }
  return problems;
}

const REASON = /^The setting \S+ is invalid: (.+?)\.?$/s;

/** The main process's settings refusal, as problems by field. */
export function problemsFromRefusal(
  field: string | undefined,
  message: string,
): FieldProblems {
  if (!field) return { '': message };
  return { [field]: REASON.exec(message)?.[1] ?? message };
}
