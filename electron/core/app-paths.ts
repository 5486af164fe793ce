import { homedir } from 'node:os';
import { join } from 'node:path';
import { PROFILE_ID_PATTERN } from '../../shared/settings.ts';

// Where the console keeps its data when nobody says otherwise. The paths
// match what Electron's app.getPath('userData') gives for this app, so the
// CLI and the window share one store on the same workstation.

const APP_FOLDER = 'Offload Console';

/** The default data directory for this OS and environment. */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.OFFLOAD_CONSOLE_DATA_DIR) return env.OFFLOAD_CONSOLE_DATA_DIR;
  if (platform === 'win32') {
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER);
  }
  if (platform === 'darwin') {
    return join(home, 'Library', 'Application Support', APP_FOLDER);
  }
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_FOLDER);
}

/**
 * Where attachments are saved: the folder chosen in the settings, else
 * the OS downloads folder (`~/Downloads` on Windows, macOS and Linux).
 */
export function downloadFolder(
  chosen: string | null,
  home: string = homedir(),
): string {
  return chosen ?? join(home, 'Downloads');
}

/** The folder holding one profile's case store. */
export function profileDir(dataDir: string, profile: string): string {
  if (!PROFILE_ID_PATTERN.test(profile)) {
    throw new Error(
      `"${profile}" is not a valid profile id: use letters, digits, ` +
        '"-" and "_" (at most 64).',
    );
  }
  return join(dataDir, 'profiles', profile);
}
