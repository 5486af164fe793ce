// What the operating system does for the console: open links and files,
// ask for a folder or a file name, notify, badge the dock or taskbar. The
// Electron glue implements it with `shell`, `dialog`, `Notification` and
// `app.setBadgeCount`; tests pass a recording stand-in. Keeping it an
// interface is what lets the whole app layer run in plain Node.

/** A notification the console shows; a click opens `caseId`. */
export interface DesktopNotice {
  title: string;
  body: string;
  caseId: string;
}

/** The operating system's side of the console. */
export interface Desktop {
  /** Called only with a URL that passed isSafeExternalUrl. */
  openExternal(url: string): Promise<void>;
  /** Opens a file with its default app: '' on success, else why not. */
  openPath(path: string): Promise<string>;
  showItemInFolder(path: string): void;
  /** A folder picker; null when the person cancelled. */
  chooseFolder(defaultPath?: string): Promise<string | null>;
  /** A save dialog (the console writes the file); null when cancelled. */
  chooseSaveFile(defaultName: string): Promise<string | null>;
  notify(notice: DesktopNotice): void;
  /** Cases waiting for input. */
  setBadgeCount(count: number): void;
}
