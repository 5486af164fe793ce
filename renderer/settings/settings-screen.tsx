import type { KeyboardEvent } from 'react';
import { ProfilesSection } from './profiles-section.tsx';
import {
  AppearanceSection,
  DownloadsSection,
  NotificationsSection,
  SyncSection,
} from './preference-sections.tsx';
import { useSettings } from './use-settings.ts';
import './settings-screen.css';

// Everything a person can set, on one scrolling page: profiles with their
// keys first (nothing works without one), then syncing, downloads,
// notifications and the theme. Escape or "Close" returns to the cases.

export interface SettingsScreenProps {
  onClose(): void;
}

/** The settings page. */
export function SettingsScreen({ onClose }: SettingsScreenProps) {
  const { settings, loadError, update, reload } = useSettings();

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape' && !event.defaultPrevented) onClose();
  }

  return (
    <section
      className="settings-screen"
      aria-labelledby="settings-title"
      onKeyDown={onKeyDown}
    >
      <header className="settings-header">
        <h1 id="settings-title">Settings</h1>
        <button type="button" onClick={onClose}>
          Close settings
        </button>
      </header>
      {settings === null ? (
        loadError === null ? (
          <p className="muted" role="status">
            Loading settings…
          </p>
        ) : (
          <div className="notice notice-danger" role="alert">
            <p>The settings could not be read: {loadError}</p>
            <button type="button" onClick={reload}>
              Try again
            </button>
          </div>
        )
      ) : (
        <div className="settings-body">
          <ProfilesSection settings={settings} update={update} />
          <SyncSection settings={settings} update={update} />
          <DownloadsSection settings={settings} update={update} />
          <NotificationsSection settings={settings} update={update} />
          <AppearanceSection settings={settings} update={update} />
        </div>
      )}
    </section>
  );
}
