import { parsePolicyDocument, policyPrincipals, type PolicyPrincipals } from "./policy-document";

/**
 * Calls that set who else may use a resource (a bucket, key, queue, topic,
 * function, secret, repository, role's trust, snapshot or image), and who
 * their record says they let in. A grant to an account outside the trail's
 * accounts, or to anyone, is a highlight: it is how data leaves an
 * organization without a download.
 */

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | null =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null;

const NONE: PolicyPrincipals = { accounts: [], anyone: false };

const fromDocument = (value: unknown) => policyPrincipals(parsePolicyDocument(value));

/** EC2's sharing lists (`{ add: { items: [{ userId }, { group: "all" }] } }`). */
function fromPermissionList(value: unknown): PolicyPrincipals {
  const items = obj(obj(value)?.add)?.items;
  const added = Array.isArray(items) ? items.map(obj) : [];
  const accounts = added
    .map((i) => i?.userId)
    .filter((id): id is string => typeof id === "string" && /^\d{12}$/.test(id));
  return { accounts: [...new Set(accounts)].sort(), anyone: added.some((i) => i?.group === "all") };
}

/** Lambda's AddPermission: one principal, an account id, an ARN, a service or `*`. */
function fromLambdaPermission(params: Json): PolicyPrincipals {
  const principal = typeof params.principal === "string" ? params.principal : "";
  if (principal === "*") {
    const narrowed = params.sourceAccount || params.sourceArn || params.principalOrgID;
    return { accounts: [], anyone: !narrowed };
  }
  const account = /^\d{12}$/.test(principal) ? principal : (principal.split(":")[4] ?? "");
  return /^\d{12}$/.test(account) ? { accounts: [account], anyone: false } : NONE;
}

const attributes = (params: Json) => obj(params.attributes) ?? {};

/** Per call (`eventSource eventName`): who its request parameters let in. */
const GRANTS = new Map<string, (params: Json) => PolicyPrincipals>(
  Object.entries({
    // S3 records the policy as an object (bucketPolicy); older records and copies as text (policy).
    "s3.amazonaws.com PutBucketPolicy": (p) =>
      parsePolicyDocument(p.bucketPolicy) ? fromDocument(p.bucketPolicy) : fromDocument(p.policy),
    "kms.amazonaws.com PutKeyPolicy": (p) => fromDocument(p.policy),
    "kms.amazonaws.com CreateKey": (p) => fromDocument(p.policy),
    "sqs.amazonaws.com SetQueueAttributes": (p) => fromDocument(attributes(p).Policy),
    "sqs.amazonaws.com CreateQueue": (p) => fromDocument(attributes(p).Policy),
    "sns.amazonaws.com SetTopicAttributes": (p) =>
      p.attributeName === "Policy" ? fromDocument(p.attributeValue) : NONE,
    "sns.amazonaws.com CreateTopic": (p) => fromDocument(attributes(p).Policy),
    "lambda.amazonaws.com AddPermission20150331": fromLambdaPermission,
    "lambda.amazonaws.com AddPermission20150331v2": fromLambdaPermission,
    "lambda.amazonaws.com AddPermission": fromLambdaPermission,
    "secretsmanager.amazonaws.com PutResourcePolicy": (p) => fromDocument(p.resourcePolicy),
    "ecr.amazonaws.com SetRepositoryPolicy": (p) => fromDocument(p.policyText),
    "iam.amazonaws.com UpdateAssumeRolePolicy": (p) => fromDocument(p.policyDocument),
    "iam.amazonaws.com CreateRole": (p) => fromDocument(p.assumeRolePolicyDocument),
    "ec2.amazonaws.com ModifySnapshotAttribute": (p) =>
      fromPermissionList(p.createVolumePermission),
    "ec2.amazonaws.com ModifyImageAttribute": (p) => fromPermissionList(p.launchPermission),
  } satisfies Record<string, (params: Json) => PolicyPrincipals>),
);

/** The calls judged, as (eventSource, eventName) pairs. */
export const RESOURCE_POLICY_CALLS: readonly { eventSource: string; eventName: string }[] = [
  ...GRANTS.keys(),
].map((key) => {
  const [eventSource, eventName] = key.split(" ") as [string, string];
  return { eventSource, eventName };
});

/** SQL: true when (source, name) is one of RESOURCE_POLICY_CALLS (constants, no user input). */
export function resourcePolicySql(source: string, name: string): string {
  const pairs = RESOURCE_POLICY_CALLS.map(
    (c) => `(${source} = '${c.eventSource}' AND ${name} = '${c.eventName}')`,
  );
  return `(${pairs.join(" OR ")})`;
}

/** Who a resource-policy call's record lets in (nothing for another call, or no parameters). */
export function resourcePolicyGrants(record: Json): PolicyPrincipals {
  const params = obj(record.requestParameters);
  const grants = GRANTS.get(`${String(record.eventSource)} ${String(record.eventName)}`);
  return params && grants ? grants(params) : NONE;
}

/** What a grant gives outside the trail's accounts (`known`): those accounts, and whether anyone. */
export function foreignGrants(
  grants: PolicyPrincipals,
  known: ReadonlySet<string>,
): PolicyPrincipals {
  return { accounts: grants.accounts.filter((a) => !known.has(a)), anyone: grants.anyone };
}
