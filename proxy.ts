import { NextResponse, type NextRequest } from "next/server";
import { AuthConfigError, getAuthConfig, type AuthConfig } from "@/lib/auth/auth-config";
import {
  authenticate,
  FORBIDDEN_PATH_HEADER,
  isSameOrigin,
  MODE_HEADER,
  requestOrigin,
  ROLE_HEADER,
  SERVE_HEADER,
  USER_HEADER,
} from "@/lib/auth/request-auth";
import { misdirectedHost } from "@/lib/auth/host-allow-list";
import { authorize, ruleFor } from "@/lib/auth/roles";
import { sessionRevocations } from "@/lib/auth/session-revocations";
import { API_CSP, COMMON_SECURITY_HEADERS, pageCsp } from "@/lib/auth/security-headers";

/**
 * The one gate every page and API request passes (Next 16 runs it on Node):
 * proves the request came through scripts/serve.mjs, authenticates it, checks
 * the role against lib/auth/roles.ts, refuses cross-site state changes, and
 * sets the security headers (a fresh CSP nonce per page).
 */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function withSecurityHeaders(response: NextResponse, csp: string): NextResponse {
  for (const [name, value] of Object.entries(COMMON_SECURITY_HEADERS)) {
    response.headers.set(name, value);
  }
  response.headers.set("content-security-policy", csp);
  return response;
}

function decodesAsUri(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch (error) {
    if (error instanceof URIError) return false;
    throw error;
  }
}

function refuse(api: boolean, status: number, error: string): NextResponse {
  const response = api
    ? NextResponse.json({ error }, { status })
    : new NextResponse(`${error}\n`, {
        status,
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
  response.headers.set("cache-control", "no-store");
  return response;
}

export function proxy(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl;
  const { api, rule } = ruleFor(pathname);
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = api ? API_CSP : pageCsp(nonce, process.env.NODE_ENV === "development");
  const done = (response: NextResponse) => withSecurityHeaders(response, csp);

  // Plain `next start` would skip the bind check and let clients forge the peer address.
  const token = process.env.TRAILGLASS_SERVE_TOKEN;
  if (!token || request.headers.get(SERVE_HEADER) !== token) {
    return done(
      refuse(
        api,
        503,
        "trailglass must be started with `npm start` (scripts/serve.mjs), not `next start`.",
      ),
    );
  }

  // A malformed %-escape (`/events/%E0%A4%A`) would fail later as a bare 500 without these headers.
  if (!decodesAsUri(pathname)) {
    return done(
      refuse(api, 400, "The address is not valid: it holds a malformed %-escape (such as %zz)."),
    );
  }

  let config: AuthConfig;
  try {
    config = getAuthConfig();
  } catch (error) {
    // The users file, edited while the server runs, no longer parses: refuse everyone until fixed.
    if (error instanceof AuthConfigError) {
      const id = crypto.randomUUID().slice(0, 8);
      console.error(`[trailglass] access control refused request ${id}:`, error.message);
      return done(
        refuse(
          api,
          500,
          `Access control is not configured correctly: the server's log says what to fix (request ${id}).`,
        ),
      );
    }
    throw error;
  }

  // DNS rebinding: another name pointing here must not make this server its page's origin.
  const host = misdirectedHost(request.headers, config);
  if (host !== null) {
    return done(
      refuse(
        api,
        421,
        `This server does not answer to the host name "${host.slice(0, 100)}": open it at its own address (TRAILGLASS_PUBLIC_URL).`,
      ),
    );
  }

  if (!SAFE_METHODS.has(request.method)) {
    const { origin } = requestOrigin(request.headers, request.nextUrl, config);
    if (!isSameOrigin(request.headers, origin)) {
      return done(refuse(api, 403, "Cross-site request refused: its Origin is not this site."));
    }
  }

  const outcome = authenticate(request.headers, config, sessionRevocations(config.dataDir));
  if (outcome.kind === "refused") return done(refuse(api, 403, outcome.message));
  const identity = outcome.kind === "signed-in" ? outcome.identity : null;

  const decision = authorize(rule, identity?.role ?? null);
  if (decision === "sign-in") {
    if (api) return done(refuse(true, 401, "Sign in first: this needs a signed-in user."));
    const url = new URL("/sign-in", request.url);
    url.search = new URLSearchParams({ next: `${pathname}${search}` }).toString();
    return done(NextResponse.redirect(url, 303));
  }
  if (decision === "forbidden") {
    const message = `The ${identity?.role} role does not allow this.`;
    if (api) return done(refuse(true, 403, message));
    // The page answers 403 itself (forbidden(), app/forbidden.tsx): a rewrite's status is not kept.
    // Next runs this gate again for /not-allowed, so the header is not removed there: a client
    // sending it only changes the path named, as text, on its own 403 page.
    const headers = forwarded();
    headers.set(FORBIDDEN_PATH_HEADER, pathname);
    return done(
      NextResponse.rewrite(new URL("/not-allowed", request.url), { request: { headers } }),
    );
  }
  return done(NextResponse.next({ request: { headers: forwarded() } }));

  /** The request as the app sees it: identity set by this gate only, the page's CSP nonce. */
  function forwarded(): Headers {
    const headers = new Headers(request.headers);
    for (const name of [USER_HEADER, ROLE_HEADER, MODE_HEADER, SERVE_HEADER]) headers.delete(name);
    headers.set(MODE_HEADER, config.mode);
    if (identity) {
      headers.set(USER_HEADER, encodeURIComponent(identity.user));
      headers.set(ROLE_HEADER, identity.role);
    }
    if (!api) headers.set("content-security-policy", csp);
    return headers;
  }
}

export const config = {
  // Everything but the build's static files (served with next.config.ts headers).
  matcher: ["/((?!_next/static|_next/image).*)"],
};
