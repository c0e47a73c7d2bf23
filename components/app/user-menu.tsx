import type { AuthMode } from "@/lib/auth/auth-config";
import type { Identity } from "@/lib/auth/request-auth";
import styles from "./user-menu.module.css";

/** Who is signed in, and (with the built-in sign-in) a sign-out button: a plain form POST. */
export function UserMenu({ identity, mode }: { identity: Identity | null; mode: AuthMode }) {
  if (mode === "none" || !identity) return null;
  return (
    <span className={styles.menu}>
      <span data-testid="signed-in-user" title={`Role: ${identity.role}`}>
        {identity.user} <span className={styles.role}>({identity.role})</span>
      </span>
      {mode === "password" && (
        <form method="post" action="/api/session/sign-out">
          <button type="submit" data-testid="sign-out">
            Sign out
          </button>
        </form>
      )}
    </span>
  );
}
