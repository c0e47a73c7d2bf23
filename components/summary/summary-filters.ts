import { SIGNIN_SOURCE } from "@/lib/summary/rules";

/**
 * Events-table filters that match how the summary counts (lib/summary/rules.ts):
 * a change is a call that is not read-only, console sign-ins excepted.
 */
export const CHANGE_FILTER = {
  readOnly: ["false"],
  "-eventSource": [SIGNIN_SOURCE],
} as const satisfies Record<string, readonly string[]>;

export const ERROR_FILTER = { error: ["any"] } as const satisfies Record<string, readonly string[]>;
