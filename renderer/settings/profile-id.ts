import { PROFILE_ID_PATTERN } from '../../shared/settings.ts';

// Profile ids name keychain entries and folders, so a person never types
// one: it is derived from the name they give, and kept unique.

/** A safe, unused profile id for a display name ("Work EU" -> "work-eu"). */
export function profileIdFor(name: string, taken: readonly string[]): string {
  const base =
    name
      .normalize('NFKD')
      // Accents come apart under NFKD; dropping them keeps "é" as "e".
      .replaceAll(/\p{M}+/gu, '')
      .toLowerCase()
      .replaceAll(/[^a-z0-9_-]+/g, '-')
      .replaceAll(/^[-_]+|[-_]+$/g, '')
      .slice(0, 56) || 'profile';
  const used = new Set(taken);
  let candidate = base;
  for (let suffix = 2; used.has(candidate); suffix += 1) {
    candidate = `${base}-${suffix}`;
  }
  return PROFILE_ID_PATTERN.test(candidate) ? candidate : 'profile';
}
