import { useEffect } from 'react';
import type { Theme } from '../../shared/settings.ts';

// The theme setting applied to the page: `data-theme` on <html> picks the
// colour tokens (styles/tokens.css). "system" follows the OS, live.

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The theme to paint for a setting, given whether the OS prefers dark. */
export function resolveTheme(
  theme: Theme,
  systemPrefersDark: boolean,
): 'light' | 'dark' {
  if (theme === 'system') return systemPrefersDark ? 'dark' : 'light';
  return theme;
}

/** Keeps `<html data-theme>` in step with the setting and the OS. */
export function useTheme(theme: Theme): void {
  useEffect(() => {
    const media = window.matchMedia(DARK_QUERY);
    const apply = () => {
      document.documentElement.dataset.theme = resolveTheme(
        theme,
        media.matches,
      );
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
}
