import type { Metadata } from "next";
import { currentAuthMode, currentIdentity } from "@/lib/auth/current-user";
import { safeNextPath } from "@/lib/auth/next-path";
import { PageMain } from "@/components/app/page-main";
import styles from "./page.module.css";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  invalid: "Wrong user name or password.",
  limited: "Too many failed sign-ins: wait a few minutes and try again.",
  busy: "Sign-in is busy: try again in a few seconds.",
};

/** A plain form (works without JavaScript) posting to /api/session. */
export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; error?: string }>;
}) {
  const { next, error } = await searchParams;
  const target = safeNextPath(next);
  const mode = await currentAuthMode();
  const identity = await currentIdentity();
  return (
    <PageMain>
      <h1>Sign in</h1>
      {mode !== "password" ? (
        <p>
          {mode === "proxy"
            ? "This server signs users in through its sign-in proxy."
            : "Access control is off: this server listens only on this machine."}{" "}
          <a href={target}>Continue</a>
        </p>
      ) : (
        <form method="post" action="/api/session" className={styles.form}>
          {identity && (
            <p className="muted">Signed in as {identity.user}. Sign in again to switch users.</p>
          )}
          {error && ERRORS[error] && (
            <p role="alert" className={styles.error} data-testid="sign-in-error">
              {ERRORS[error]}
            </p>
          )}
          <input type="hidden" name="next" value={target} />
          <label>
            User name
            <input
              name="user"
              autoComplete="username"
              required
              autoFocus
              data-testid="sign-in-user"
            />
          </label>
          <label>
            Password
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              data-testid="sign-in-password"
            />
          </label>
          <button type="submit" data-testid="sign-in-submit">
            Sign in
          </button>
        </form>
      )}
    </PageMain>
  );
}
