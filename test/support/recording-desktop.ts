import type { Desktop, DesktopNotice } from '../../electron/app/desktop.ts';

// The OS side of the console for tests: it does nothing but remember what
// it was asked, and answers dialogs with what the test set beforehand.

export class RecordingDesktop implements Desktop {
  readonly externals: string[] = [];
  readonly openedPaths: string[] = [];
  readonly shownInFolder: string[] = [];
  readonly notices: DesktopNotice[] = [];
  readonly badges: number[] = [];
  readonly saveDialogs: string[] = [];
  /** What the next folder dialog answers. */
  folderChoice: string | null = null;
  /** What the next save dialog answers. */
  saveChoice: string | null = null;
  /** What openPath answers ('' is success). */
  openPathAnswer = '';

  async openExternal(url: string): Promise<void> {
    this.externals.push(url);
  }

  async openPath(path: string): Promise<string> {
    this.openedPaths.push(path);
    return this.openPathAnswer;
  }

  showItemInFolder(path: string): void {
    this.shownInFolder.push(path);
  }

  async chooseFolder(): Promise<string | null> {
    return this.folderChoice;
  }

  async chooseSaveFile(defaultName: string): Promise<string | null> {
    this.saveDialogs.push(defaultName);
    return this.saveChoice;
  }

  notify(notice: DesktopNotice): void {
    this.notices.push(notice);
  }

  setBadgeCount(count: number): void {
    this.badges.push(count);
  }

  /** The badge as last set; undefined if never. */
  get badge(): number | undefined {
    return this.badges.at(-1);
  }
}
