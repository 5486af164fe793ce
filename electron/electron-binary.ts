import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Where Electron's executable is, found the way the `electron` package
// finds it, but without requiring that package: since Electron 45 its
// index.js starts a download when the binary is missing, and on a machine
// with no internet that ends in a stack trace instead of advice.

/** The one sentence `npm start` prints when there is no binary. */
export const MISSING_ELECTRON_MESSAGE =
  "Electron's binary is not installed (npm could not download it): run " +
  '`npx install-electron` on a machine with internet access, then try again.';

export type ElectronBinary =
  { found: true; path: string } | { found: false; message: string };

/** The executable's path inside the package's dist/, per platform. */
export function platformExecutable(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return platform === 'win32' ? 'electron.exe' : 'electron';
}

function electronPackageDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** Finds the binary; never downloads, never throws. */
export function findElectronBinary(
  options: {
    packageDir?: string | null;
    env?: Record<string, string | undefined>;
    platform?: NodeJS.Platform;
  } = {},
): ElectronBinary {
  const missing = { found: false, message: MISSING_ELECTRON_MESSAGE } as const;
  const packageDir =
    options.packageDir === undefined
      ? electronPackageDir()
      : options.packageDir;
  if (packageDir === null) return missing;
  const env = options.env ?? process.env;
  let executable = platformExecutable(options.platform ?? process.platform);
  try {
    executable = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim();
  } catch {
    // No path.txt: the install never finished, unless an override says
    // where a binary is.
    if (!env.ELECTRON_OVERRIDE_DIST_PATH) return missing;
  }
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist');
  const path = join(dist, executable);
  return existsSync(path) ? { found: true, path } : missing;
}
