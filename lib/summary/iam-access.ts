import { IAM_SOURCE } from "./rules";
import { allowsEverything, parsePolicyDocument } from "./policy-document";

/**
 * IAM changes that give access: a new user, access key or console password,
 * a policy attached or written, a user added to a group, a role's trust
 * changed, a policy version made default. The usual moves of someone making
 * a way back in; other IAM changes (roles, tags, descriptions) are routine.
 */
export const IAM_ACCESS_CHANGES = [
  "CreateUser",
  "CreateAccessKey",
  "CreateLoginProfile",
  "UpdateLoginProfile",
  "AttachUserPolicy",
  "AttachRolePolicy",
  "AttachGroupPolicy",
  "PutUserPolicy",
  "PutRolePolicy",
  "PutGroupPolicy",
  "AddUserToGroup",
  "UpdateAssumeRolePolicy",
  "CreatePolicyVersion",
  "SetDefaultPolicyVersion",
] as const;

const ACCESS = new Set<string>(IAM_ACCESS_CHANGES);

export function isIamAccessChange(eventSource: string, eventName: string): boolean {
  return eventSource === IAM_SOURCE && ACCESS.has(eventName);
}

/** SQL twin of isIamAccessChange (constants, no user input). */
export function iamAccessSql(source: string, name: string): string {
  const names = IAM_ACCESS_CHANGES.map((n) => `'${n}'`).join(", ");
  return `(${source} = '${IAM_SOURCE}' AND ${name} IN (${names}))`;
}

/** IAM calls whose record says which permissions they give. */
export const PERMISSION_CALLS: ReadonlySet<string> = new Set([
  "AttachUserPolicy",
  "AttachRolePolicy",
  "AttachGroupPolicy",
  "PutUserPolicy",
  "PutRolePolicy",
  "PutGroupPolicy",
  "CreatePolicyVersion",
]);

/** AWS's managed policies that give everything (or everything in IAM, which gives the rest). */
const ADMIN_POLICIES = /^arn:aws[\w-]*:iam::aws:policy\/(AdministratorAccess|IAMFullAccess)$/;

type Json = Record<string, unknown>;

/**
 * Whether an IAM call's record gives administrator access: attaches
 * AdministratorAccess (or IAMFullAccess), or writes a policy allowing `*` on `*`.
 */
export function grantsAdministrator(record: Json): boolean {
  const params = record.requestParameters;
  if (params === null || typeof params !== "object" || Array.isArray(params)) return false;
  const { policyArn, policyDocument } = params as Json;
  if (typeof policyArn === "string" && ADMIN_POLICIES.test(policyArn)) return true;
  return allowsEverything(parsePolicyDocument(policyDocument));
}
