// The theme choice is a display preference, not a secret, so localStorage is
// the right home for it; without a stored choice the OS setting decides.
import { useEffect, useState } from 'preact/hooks';

export type Theme = 'light' | 'dark';
const key = 'openwatch.theme';
const listeners = new Set<(t: Theme) => void>();

function stored(): Theme | null {
  try {
    const v = localStorage.getItem(key);
    return v === 'light' || v === 'dark' ? v : null;
  } catch {
    return null;
  }
}

export function currentTheme(): Theme {
  return stored() ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
}

export function applyTheme(t: Theme = currentTheme()) {
  document.documentElement.dataset.theme = t;
}

export function setTheme(t: Theme) {
  try {
    localStorage.setItem(key, t);
  } catch {
    // Private windows may refuse storage; the theme still applies for this page.
  }
  applyTheme(t);
  for (const fn of listeners) fn(t);
}

/** The active theme; charts use it to pick colours that read on the background. */
export function useTheme(): Theme {
  const [t, setT] = useState(currentTheme);
  useEffect(() => {
    listeners.add(setT);
    return () => {
      listeners.delete(setT);
    };
  }, []);
  return t;
}
