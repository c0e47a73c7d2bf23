import { signOut } from "@/lib/auth/sign-in";

export const dynamic = "force-dynamic";

/** `POST /api/session/sign-out`: the header's sign-out button (a form); back to the sign-in page. */
export async function POST(request: Request): Promise<Response> {
  return new Response(null, {
    status: 303,
    headers: {
      location: "/sign-in",
      "set-cookie": signOut(request),
      "cache-control": "no-store",
    },
  });
}
