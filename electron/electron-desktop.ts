import { app, dialog, Notification, shell } from 'electron';
import type {
  BrowserWindow,
  OpenDialogOptions,
  SaveDialogOptions,
} from 'electron';
import type { Desktop, DesktopNotice } from './app/desktop.ts';

// The Desktop the app layer asks for, made of Electron's modules. Thin on
// purpose: every decision (which URL may open, which notice to show, what
// the badge counts) is made in electron/app/, where it is tested.

export interface ElectronDesktopOptions {
  /** The console's window, or null while there is none. */
  window: () => BrowserWindow | null;
  /** A notice was clicked: show its case. */
  openCase: (caseId: string) => void;
}

/** Brings the window to the front, restoring it if minimised. */
export function focusWindow(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

export class ElectronDesktop implements Desktop {
  readonly #options: ElectronDesktopOptions;
  // Electron drops a notification's click handler once the object is
  // garbage-collected, so shown notices are held until clicked or closed.
  readonly #shown = new Set<Notification>();

  constructor(options: ElectronDesktopOptions) {
    this.#options = options;
  }

  openExternal(url: string): Promise<void> {
    return shell.openExternal(url);
  }

  openPath(path: string): Promise<string> {
    return shell.openPath(path);
  }

  showItemInFolder(path: string): void {
    shell.showItemInFolder(path);
  }

  async chooseFolder(defaultPath?: string): Promise<string | null> {
    const options: OpenDialogOptions = {
      properties: ['openDirectory', 'createDirectory'],
      ...(defaultPath !== undefined && { defaultPath }),
    };
    const window = this.#options.window();
    const result = window
      ? await dialog.showOpenDialog(window, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }

  async chooseSaveFile(defaultName: string): Promise<string | null> {
    const options: SaveDialogOptions = { defaultPath: defaultName };
    const window = this.#options.window();
    const result = window
      ? await dialog.showSaveDialog(window, options)
      : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  }

  notify(notice: DesktopNotice): void {
    if (!Notification.isSupported()) return;
    const notification = new Notification({
      title: notice.title,
      body: notice.body,
    });
    const forget = () => this.#shown.delete(notification);
    notification.on('click', () => {
      forget();
      focusWindow(this.#options.window());
      this.#options.openCase(notice.caseId);
    });
    notification.on('close', forget);
    this.#shown.add(notification);
    notification.show();
  }

  setBadgeCount(count: number): void {
    // The dock on macOS, Unity launchers on Linux. Windows has no app
    // badge; the taskbar overlay icon would need artwork.
    // TODO(shell): an overlay icon on Windows once the icons exist.
    app.setBadgeCount(count);
  }
}
