/**
 * Where to go after signing in: only a path on this site. `//evil.com`,
 * `/\evil.com`, `https://…` and anything with control characters fall back to `/`.
 * The path is checked again once normalised: `/.//evil.com` becomes `//evil.com`,
 * which a browser takes for another site.
 */
export function safeNextPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.length > 4000) return "/";
  if (value.startsWith("//") || value.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return "/";
  try {
    const base = "http://trailglass.invalid";
    const url = new URL(value, base);
    if (url.origin !== base) return "/";
    const path = `${url.pathname}${url.search}${url.hash}`;
    return path.startsWith("//") || path.startsWith("/\\") ? "/" : path;
  } catch {
    return "/";
  }
}
