"use client";

import { useState } from "react";
import { parseTheme, type Theme, THEMES, themeAttribute, themeCookie } from "./theme";
import styles from "./theme-toggle.module.css";

const LABEL: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };

/** Light, dark or the system's theme: applied at once, remembered in a cookie for the next page. */
export function ThemeToggle({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState(initial);
  function choose(next: Theme) {
    setTheme(next);
    const attribute = themeAttribute(next);
    if (attribute) document.documentElement.dataset.theme = attribute;
    else delete document.documentElement.dataset.theme;
    document.cookie = themeCookie(next);
  }
  return (
    <label className={styles.toggle}>
      <span className={styles.label}>Theme</span>
      <select
        value={theme}
        onChange={(e) => choose(parseTheme(e.target.value))}
        data-testid="theme-toggle"
      >
        {THEMES.map((t) => (
          <option key={t} value={t}>
            {LABEL[t]}
          </option>
        ))}
      </select>
    </label>
  );
}
