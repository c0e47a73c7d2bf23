/**
 * The colour theme a user picked in the header: light, dark, or (no choice
 * stored) the system's. Kept in a cookie so the server renders <html> with it
 * and the first paint is already in the right theme.
 */
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_COOKIE = "trailglass-theme";
const ONE_YEAR_S = 365 * 24 * 3600;

/** The cookie's value as a theme; anything else is the system's. */
export function parseTheme(value: string | undefined): Theme {
  return THEMES.find((t) => t === value) ?? "system";
}

/** `data-theme` on <html>: none follows the system (prefers-color-scheme). */
export function themeAttribute(theme: Theme): "light" | "dark" | undefined {
  return theme === "system" ? undefined : theme;
}

/** The Set-Cookie text (for document.cookie) that remembers `theme`, or forgets the choice. */
export function themeCookie(theme: Theme): string {
  const maxAge = theme === "system" ? 0 : ONE_YEAR_S;
  return `${THEME_COOKIE}=${theme}; Path=/; Max-Age=${maxAge}; SameSite=Lax`;
}
