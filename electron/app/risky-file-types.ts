import { extname } from 'node:path';

// Attachments come from strangers' e-mail. Opening one with its default
// app is what the person asked for, but for programs and scripts that
// default app is "run it", so those are only shown in their folder.

// prettier-ignore -- one line per platform reads better than one per entry
const RUNNABLE_EXTENSIONS: ReadonlySet<string> = new Set([
  // Windows
  '.exe',
  '.com',
  '.bat',
  '.cmd',
  '.scr',
  '.pif',
  '.msi',
  '.msp',
  '.msc',
  '.cpl',
  '.hta',
  '.jse',
  '.js',
  '.vbs',
  '.vbe',
  '.wsf',
  '.wsh',
  '.ps1',
  '.psm1',
  '.reg',
  '.lnk',
  '.url',
  '.inf',
  '.jar',
  '.appx',
  '.msix',
  '.application',
  '.gadget',
  '.chm',
  '.scf',
  '.iso',
  '.img',
  '.vhd',
  // macOS
  '.app',
  '.command',
  '.pkg',
  '.dmg',
  '.terminal',
  '.workflow',
  '.tool',
  '.scpt',
  // Linux and Unix
  '.sh',
  '.bash',
  '.zsh',
  '.csh',
  '.run',
  '.bin',
  '.desktop',
  '.appimage',
  '.deb',
  '.rpm',
  '.py',
  '.pl',
  '.rb',
  '.elf',
]);

/** Whether opening the file would run it instead of showing it. */
export function isRunnableFile(path: string): boolean {
  return RUNNABLE_EXTENSIONS.has(extname(path).toLowerCase());
}
