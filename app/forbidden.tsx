import Link from "next/link";
import { headers } from "next/headers";
import { currentIdentity } from "@/lib/auth/current-user";
import { FORBIDDEN_PATH_HEADER } from "@/lib/auth/request-auth";
import { PageMain } from "@/components/app/page-main";

/** A page the signed-in role may not open (HTTP 403), naming the page and the role. */
export default async function Forbidden() {
  const identity = await currentIdentity();
  const path = (await headers()).get(FORBIDDEN_PATH_HEADER);
  return (
    <PageMain data-testid="not-allowed">
      <title>Not allowed · trailglass</title>
      <h1>Not allowed</h1>
      <p>
        {identity ? (
          <>
            Signed in as <strong>{identity.user}</strong> with the <strong>{identity.role}</strong>{" "}
            role, which does not open {path ? <code>{path}</code> : "this page"}.
          </>
        ) : (
          "Your role does not open this page."
        )}{" "}
        Ask an administrator for another role if you need it.
      </p>
      <p>
        <Link href="/">Back to the events</Link>
      </p>
    </PageMain>
  );
}
