/**
 * IAM policy documents as CloudTrail records carry them: an object, a JSON
 * string, or a URL-encoded JSON string (IAM's own calls). Read defensively:
 * log content is hostile, and anything unreadable grants nothing here.
 */

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | null =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null;

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** The document, or null when `value` is not one. */
export function parsePolicyDocument(value: unknown): Json | null {
  if (typeof value !== "string") return obj(value);
  const text = value.trim();
  if (!text) return null;
  for (const candidate of [text, safeDecode(text)]) {
    if (candidate === null) continue;
    try {
      const parsed = obj(JSON.parse(candidate));
      if (parsed) return parsed;
    } catch {
      // Not JSON as written: the URL-decoded text is tried next, then nothing is granted.
    }
  }
  return null;
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** The statements that allow (`Effect: Allow`). */
export function allowStatements(document: Json | null): Json[] {
  if (!document) return [];
  return list(document.Statement)
    .map(obj)
    .filter((s): s is Json => s !== null && s.Effect === "Allow");
}

/** Whether a statement's values include `*` (for Action, Resource, Principal). */
const hasStar = (value: unknown) => list(value).some((v) => v === "*");

/** Allows every action on every resource: administrator access. */
export function allowsEverything(document: Json | null): boolean {
  return allowStatements(document).some(
    (s) => s.NotAction === undefined && hasStar(s.Action) && hasStar(s.Resource),
  );
}

/** Who a resource policy lets in. */
export interface PolicyPrincipals {
  /** Twelve-digit accounts named by an AWS principal (an account id or any ARN of the account). */
  accounts: string[];
  /** `"Principal": "*"` (or `{"AWS": "*"}`) with no condition to narrow it: anyone. */
  anyone: boolean;
}

/** The account of an AWS principal: `123456789012`, `arn:aws:iam::123456789012:root`, a role ARN… */
export function principalAccount(principal: string): string | null {
  if (/^\d{12}$/.test(principal)) return principal;
  const account = principal.split(":")[4];
  return principal.startsWith("arn:") && account && /^\d{12}$/.test(account) ? account : null;
}

/** The accounts (and anyone) the allowing statements of a resource policy name as principals. */
export function policyPrincipals(document: Json | null): PolicyPrincipals {
  const accounts = new Set<string>();
  let anyone = false;
  for (const statement of allowStatements(document)) {
    const principal = statement.Principal;
    const aws = principal === "*" ? ["*"] : list(obj(principal)?.AWS);
    for (const p of aws) {
      if (typeof p !== "string") continue;
      // A condition (aws:PrincipalOrgID, aws:SourceAccount…) may narrow "*" to the organization.
      if (p === "*") anyone ||= statement.Condition === undefined;
      const account = principalAccount(p);
      if (account) accounts.add(account);
    }
  }
  return { accounts: [...accounts].sort(), anyone };
}
