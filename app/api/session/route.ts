import { identityFrom, authModeFrom } from "@/lib/auth/current-user";
import { safeNextPath } from "@/lib/auth/next-path";
import { signIn, signOut } from "@/lib/auth/sign-in";
import { jsonError, jsonOk } from "@/lib/http/responses";

export const dynamic = "force-dynamic";

/** `GET /api/session`: who is signed in, `{ user, role, mode }`, or 401. */
export async function GET(request: Request): Promise<Response> {
  const identity = identityFrom(request.headers);
  if (!identity) return jsonError(401, "Not signed in.");
  return jsonOk({ ...identity, mode: authModeFrom(request.headers) });
}

function redirect(location: string, cookie?: string): Response {
  const headers = new Headers({ location, "cache-control": "no-store" });
  if (cookie) headers.set("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
}

/**
 * `POST /api/session`: sign in with `user` and `password` (a form, or JSON).
 * A form is answered with a redirect (to `next`, or back to the form with the
 * reason); JSON with `{ user, role }` or an error. proxy.ts has already refused
 * cross-site posts.
 */
export async function POST(request: Request): Promise<Response> {
  const json = (request.headers.get("content-type") ?? "").includes("application/json");
  let fields: Record<string, unknown>;
  try {
    fields = json
      ? ((await request.json()) as Record<string, unknown>)
      : Object.fromEntries(await request.formData());
  } catch {
    return jsonError(400, "Send user and password as a form or JSON.");
  }
  const text = (key: string) => (typeof fields[key] === "string" ? (fields[key] as string) : "");
  const next = safeNextPath(text("next"));
  const result = await signIn(request, text("user"), text("password"));

  if (result.ok) {
    if (json) {
      const response = jsonOk(result.identity);
      response.headers.set("set-cookie", result.cookie);
      return response;
    }
    return redirect(next, result.cookie);
  }
  if (result.reason === "not-password-mode") {
    return jsonError(400, "Sign-in is not used on this server (TRAILGLASS_AUTH is not password).");
  }
  if (json) {
    if (result.reason === "invalid") return jsonError(401, "Wrong user name or password.");
    const refused =
      result.reason === "busy"
        ? jsonError(503, "Sign-in is busy: try again in a few seconds.")
        : jsonError(429, "Too many failed sign-ins: try again later.");
    refused.headers.set("retry-after", String(Math.ceil((result.retryAfterMs ?? 0) / 1000)));
    return refused;
  }
  return redirect(`/sign-in?${new URLSearchParams({ error: result.reason, next })}`);
}

/** `DELETE /api/session`: sign out (JSON clients). */
export async function DELETE(request: Request): Promise<Response> {
  const response = jsonOk({ signedOut: true });
  response.headers.set("set-cookie", signOut(request));
  return response;
}
