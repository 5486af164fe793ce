import type {
  Profile,
  Settings,
  SettingsPatch,
} from '../../shared/settings.ts';

// Which profile the first run sets up, and the settings change that puts
// it in place: the profile in use if there is one (a key was removed, say),
// else a new "Default" profile. The demo gets a profile of its own so its
// key and cases never mix with a real account's.

export const FIRST_PROFILE_ID = 'default';
export const DEMO_PROFILE_ID = 'demo';

/** The profile the set-up form edits. */
export function firstRunProfile(settings: Settings): Profile | null {
  return (
    settings.profiles.find(
      (profile) => profile.id === settings.activeProfileId,
    ) ??
    settings.profiles[0] ??
    null
  );
}

/** The patch that adds or updates a profile and makes it the one in use. */
export function profileInUsePatch(
  settings: Settings,
  profile: Profile,
): { patch: SettingsPatch; index: number } {
  const existing = settings.profiles.findIndex(
    (each) => each.id === profile.id,
  );
  const profiles =
    existing === -1
      ? [...settings.profiles, profile]
      : settings.profiles.map((each, index) =>
          index === existing ? profile : each,
        );
  return {
    patch: { profiles, activeProfileId: profile.id },
    index: existing === -1 ? settings.profiles.length : existing,
  };
}
