import { forbidden } from "next/navigation";

/** Where proxy.ts sends a page the role may not open: answered 403 by app/forbidden.tsx. */
export default function NotAllowedPage(): never {
  forbidden();
}
