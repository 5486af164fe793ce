// A change to the settings that breaks a rule. It names the field a person
// would fix, so the UI can put the message beside that field.

/** Thrown by SettingsStore.update when the patch or its result is invalid. */
export class SettingsValidationError extends Error {
  override readonly name = 'SettingsValidationError';
  /**
   * Dotted path of the offending field, e.g. `profiles.0.baseUrl`; empty
   * when the change as a whole is not an object of settings.
   */
  readonly field: string;

  constructor(field: string, reason: string) {
    super(
      field
        ? `The setting ${field} is invalid: ${reason}.`
        : `The settings change is invalid: ${reason}.`,
    );
    this.field = field;
  }
}
