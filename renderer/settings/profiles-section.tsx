import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { Profile, Settings } from '../../shared/settings.ts';
import { offload, unwrap } from '../api/offload.ts';
import { KeySection } from './key-section.tsx';
import { profileIdFor } from './profile-id.ts';
import { TextField } from './text-field.tsx';
import type { FieldProblems } from './settings-problems.ts';
import type { UpdateOutcome } from './use-settings.ts';
import type { SettingsPatch } from '../../shared/settings.ts';

// Profiles: one Offload account each (a base URL and its own key). Every
// change is a settings.update of the whole profile list, so the main
// process checks the list as one (unique ids, an active profile that
// exists) and its refusals come back by field.

export interface ProfilesSectionProps {
  settings: Settings;
  update(patch: SettingsPatch): Promise<UpdateOutcome>;
}

/** The list of profiles, each with its key, and a form to add one. */
export function ProfilesSection({ settings, update }: ProfilesSectionProps) {
  return (
    <section className="settings-section" aria-labelledby="settings-profiles">
      <h2 id="settings-profiles">Profiles and API keys</h2>
      <p className="muted">
        A profile is one Offload account: its base URL and its own API key.
      </p>
      {settings.profiles.length === 0 && (
        <p>No profile yet. Add one below to connect to Offload.</p>
      )}
      <ul className="profile-list">
        {settings.profiles.map((profile, index) => (
          <li key={profile.id}>
            <ProfileCard
              profile={profile}
              index={index}
              settings={settings}
              update={update}
            />
          </li>
        ))}
      </ul>
      <AddProfileForm settings={settings} update={update} />
    </section>
  );
}

interface ProfileCardProps {
  profile: Profile;
  index: number;
  settings: Settings;
  update(patch: SettingsPatch): Promise<UpdateOutcome>;
}

function ProfileCard({ profile, index, settings, update }: ProfileCardProps) {
  const [name, setName] = useState(profile.name);
  const [baseUrl, setBaseUrl] = useState(profile.baseUrl);
  const [problems, setProblems] = useState<FieldProblems>({});
  const [saved, setSaved] = useState(false);
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const ids = { heading: useId() };
  const active = settings.activeProfileId === profile.id;
  const changed = name !== profile.name || baseUrl !== profile.baseUrl;

  async function onSave(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const blank = blankProblems(name, baseUrl, index);
    if (blank) {
      setProblems(blank);
      return;
    }
    const profiles = settings.profiles.map((each) =>
      each.id === profile.id
        ? { ...each, name, baseUrl: baseUrl.trim() }
        : each,
    );
    const outcome = await update({ profiles });
    setProblems(outcome.ok ? {} : outcome.problems);
    setSaved(outcome.ok);
  }

  async function onSwitch() {
    const outcome = await update({ activeProfileId: profile.id });
    setProblems(outcome.ok ? {} : outcome.problems);
  }

  async function onRemove() {
    setConfirmingRemove(false);
    const profiles = settings.profiles.filter((each) => each.id !== profile.id);
    const activeProfileId = active
      ? (profiles[0]?.id ?? null)
      : settings.activeProfileId;
    const outcome = await update({ profiles, activeProfileId });
    if (!outcome.ok) {
      setProblems(outcome.problems);
      return;
    }
    // The key belongs to the profile: leaving it in the keychain would
    // keep a secret nobody can see or remove from here.
    try {
      await unwrap(offload().keys.remove(profile.id));
    } catch (error) {
      setRemoveError(error instanceof Error ? error.message : String(error));
    }
  }

  const nameProblem = problems[`profiles.${index}.name`];
  const urlProblem = problems[`profiles.${index}.baseUrl`];
  const otherProblem =
    problems[''] ??
    problems.activeProfileId ??
    problems[`profiles.${index}.id`] ??
    problems.profiles;

  return (
    <article className="profile-card" aria-labelledby={ids.heading}>
      <header className="profile-card-header">
        <h3 id={ids.heading}>{profile.name}</h3>
        <span className="muted mono">{profile.id}</span>
        {active ? (
          <span className="badge badge-active">In use</span>
        ) : (
          <button
            type="button"
            className="button-small"
            onClick={() => void onSwitch()}
          >
            Use {profile.name}
          </button>
        )}
      </header>

      <form
        className="profile-form"
        noValidate
        onSubmit={(event) => void onSave(event)}
      >
        <TextField
          label="Name"
          value={name}
          onChange={setName}
          problem={nameProblem}
        />
        <TextField
          label="Base URL"
          type="url"
          value={baseUrl}
          onChange={setBaseUrl}
          problem={urlProblem}
        />
        <div className="field-actions">
          <button type="submit" disabled={!changed}>
            Save profile
          </button>
          <span aria-live="polite" className="muted">
            {saved && !changed ? 'Saved.' : ''}
          </span>
        </div>
      </form>
      {otherProblem !== undefined && (
        <p className="field-error" role="alert">
          {otherProblem}
        </p>
      )}

      <KeySection profileId={profile.id} profileName={profile.name} />

      <div className="profile-remove">
        {confirmingRemove ? (
          <>
            <span>
              Remove {profile.name} and its key? Its saved cases stay on disk.
            </span>
            <button
              type="button"
              className="button-danger"
              onClick={() => void onRemove()}
            >
              Remove profile
            </button>
            <button type="button" onClick={() => setConfirmingRemove(false)}>
              Keep profile
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button-danger button-small"
            onClick={() => setConfirmingRemove(true)}
          >
            Remove {profile.name}…
          </button>
        )}
        {removeError !== null && (
          <p className="field-error" role="alert">
            The profile was removed, but its key was not: {removeError}
          </p>
        )}
      </div>
    </article>
  );
}

interface AddProfileFormProps {
  settings: Settings;
  update(patch: SettingsPatch): Promise<UpdateOutcome>;
}

function AddProfileForm({ settings, update }: AddProfileFormProps) {
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [problems, setProblems] = useState<FieldProblems>({});
  const [added, setAdded] = useState<string | null>(null);
  const index = settings.profiles.length;

  async function onAdd(event: FormEvent) {
    event.preventDefault();
    setAdded(null);
    const blank = blankProblems(name, baseUrl, index);
    if (blank) {
      setProblems(blank);
      return;
    }
    const id = profileIdFor(
      name,
      settings.profiles.map((profile) => profile.id),
    );
    const profile = { id, name: name.trim(), baseUrl: baseUrl.trim() };
    const outcome = await update({
      profiles: [...settings.profiles, profile],
      // The first profile is the one in use: there is no other choice.
      ...(settings.activeProfileId === null ? { activeProfileId: id } : {}),
    });
    if (!outcome.ok) {
      setProblems(outcome.problems);
      return;
    }
    setProblems({});
    setAdded(profile.name);
    setName('');
    setBaseUrl('');
  }

  const nameProblem = problems[`profiles.${index}.name`];
  const urlProblem = problems[`profiles.${index}.baseUrl`];
  const otherProblem =
    problems[''] ?? problems[`profiles.${index}.id`] ?? problems.profiles;

  return (
    <form
      className="profile-add"
      noValidate
      aria-label="Add a profile"
      onSubmit={(event) => void onAdd(event)}
    >
      <h3>Add a profile</h3>
      <TextField
        label="Profile name"
        value={name}
        onChange={setName}
        problem={nameProblem}
      />
      <TextField
        label="Base URL of the new profile"
        type="url"
        value={baseUrl}
        placeholder="https://your-offload-api-host"
        onChange={setBaseUrl}
        problem={urlProblem}
      />
      {otherProblem !== undefined && (
        <p className="field-error" role="alert">
          {otherProblem}
        </p>
      )}
      <div className="field-actions">
        <button type="submit">Add profile</button>
        <span aria-live="polite" className="muted">
          {added !== null ? `Added ${added}. Set its API key above.` : ''}
        </span>
      </div>
    </form>
  );
}

/** Empty fields in words a person can act on (zod's are generic). */
function blankProblems(
  name: string,
  baseUrl: string,
  index: number,
): FieldProblems | null {
  const problems: FieldProblems = {};
  if (name.trim() === '') {
    problems[`profiles.${index}.name`] = 'Enter a name for the profile.';
  }
  if (baseUrl.trim() === '') {
    problems[`profiles.${index}.baseUrl`] =
      'Enter the base URL of your Offload API host, e.g. ' +
      'https://api.example.com.';
  }
  return Object.keys(problems).length > 0 ? problems : null;
}
