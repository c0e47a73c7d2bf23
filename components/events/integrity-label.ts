import type { IntegrityStatus } from "@/lib/integrity/integrity-schema";

/** How each standing against the digests is called on screen (filter, badge). */
export const INTEGRITY_LABEL: Record<IntegrityStatus, string> = {
  verified: "Verified",
  modified: "Modified",
  unverified: "Unverified",
  uncovered: "Not covered",
};
