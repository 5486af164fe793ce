// An error a handler throws on purpose, with a `kind` the window branches
// on and a message a person can act on. The gate passes both through as
// they are; any other unexpected error crosses only as 'internal'.

/** Kinds the app layer itself reports. */
export type AppErrorKind =
  | 'no-profile'
  | 'profile-unavailable'
  | 'unknown-profile'
  | 'not-watched'
  | 'no-transcript'
  | 'closed';

/** A refusal or failure of the app layer, safe to show as it is. */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly kind: AppErrorKind;

  constructor(kind: AppErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}
