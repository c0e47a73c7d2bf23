import { describe, expect, it } from "vitest";
import { eventRowSchema, type EventOrigin, type RawRecord } from "./event-schema";
import {
  clipText,
  eventIdOf,
  inferCategory,
  MAX_COLUMN_CHARS,
  MAX_RESOURCES,
  normalizeRecord,
  serviceOf,
} from "./normalize";

const origin: EventOrigin = { kind: "local", source: "/trail", key: "a.json.gz" };

function record(overrides: RawRecord): RawRecord {
  return {
    eventVersion: "1.09",
    eventTime: "2026-11-02T10:11:12Z",
    eventSource: "iam.amazonaws.com",
    eventName: "ListUsers",
    awsRegion: "us-east-1",
    sourceIPAddress: "203.0.113.9",
    userAgent: "aws-cli/2.15.0",
    eventID: "11111111-2222-3333-4444-555555555555",
    readOnly: true,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: "111122223333",
    eventCategory: "Management",
    ...overrides,
  };
}

function principalOf(userIdentity: unknown, extra: RawRecord = {}) {
  return normalizeRecord(record({ userIdentity, ...extra }), origin).principal;
}

describe("principal names", () => {
  it("uses the IAM user name", () => {
    expect(
      principalOf({
        type: "IAMUser",
        principalId: "AIDAEXAMPLE",
        arn: "arn:aws:iam::111122223333:user/ops/alice",
        accountId: "111122223333",
        userName: "alice",
      }),
    ).toBe("alice");
    expect(principalOf({ type: "IAMUser", arn: "arn:aws:iam::111122223333:user/ops/bob" })).toBe(
      "bob",
    );
  });

  it("names assumed-role sessions role/session", () => {
    const identity = {
      type: "AssumedRole",
      principalId: "AROAEXAMPLE:i-0abc",
      arn: "arn:aws:sts::111122223333:assumed-role/web-server/i-0abc",
      sessionContext: { sessionIssuer: { type: "Role", userName: "web-server" } },
    };
    expect(principalOf(identity)).toBe("web-server/i-0abc");
    // Without an ARN: issuer + principalId suffix.
    expect(principalOf({ ...identity, arn: undefined })).toBe("web-server/i-0abc");
  });

  it("keeps Identity Center permission-set sessions readable", () => {
    expect(
      principalOf({
        type: "AssumedRole",
        arn: "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice@example.com",
      }),
    ).toBe("AWSReservedSSO_Admin_0123456789abcdef/alice@example.com");
  });

  it("calls the root user root", () => {
    expect(
      principalOf({ type: "Root", arn: "arn:aws:iam::111122223333:root", principalId: "111" }),
    ).toBe("root");
  });

  it("uses the invoking service for AWSService", () => {
    expect(principalOf({ type: "AWSService", invokedBy: "config.amazonaws.com" })).toBe(
      "config.amazonaws.com",
    );
    expect(principalOf({ type: "AWSService" })).toBe("iam.amazonaws.com");
  });

  it("uses the user name for Identity Center, SAML, web identity and directory users", () => {
    expect(
      principalOf(
        {
          type: "IdentityCenterUser",
          arn: "",
          accountId: "111122223333",
          onBehalfOf: { userId: "u-123", identityStoreArn: "arn:aws:identitystore::1:x" },
        },
        { additionalEventData: { UserName: "carol@example.com" } },
      ),
    ).toBe("carol@example.com");
    expect(
      principalOf({ type: "IdentityCenterUser", arn: "", onBehalfOf: { userId: "u-123" } }),
    ).toBe("u-123");
    expect(principalOf({ type: "SAMLUser", principalId: "x:dave", userName: "dave" })).toBe("dave");
    expect(
      principalOf({
        type: "WebIdentityUser",
        principalId: "token.actions.githubusercontent.com:repo:acme/app",
        userName: "repo:acme/app:ref:refs/heads/main",
      }),
    ).toBe("repo:acme/app:ref:refs/heads/main");
    expect(principalOf({ type: "Directory", userName: "erin" })).toBe("erin");
  });

  it("names federated users, AWS accounts, roles and unknown identities", () => {
    expect(
      principalOf({
        type: "FederatedUser",
        arn: "arn:aws:sts::111122223333:federated-user/frank",
        principalId: "111122223333:frank",
      }),
    ).toBe("frank");
    expect(
      principalOf({ type: "AWSAccount", accountId: "444455556666", principalId: "AIDAX" }),
    ).toBe("account 444455556666");
    expect(principalOf({ type: "Role", arn: "arn:aws:iam::1:role/deployer" })).toBe("deployer");
    expect(principalOf({ type: "Unknown", principalId: "AROAZ:gina" })).toBe("AROAZ:gina");
    expect(principalOf({ type: "Unknown" })).toBe("unknown (anonymous)");
  });

  it("is never empty, even without userIdentity", () => {
    // Never the source IP: it is not who called.
    expect(principalOf(undefined)).toBe("unknown (anonymous)");
    expect(principalOf(undefined, { eventType: "AwsCloudTrailInsight" })).toBe(
      "CloudTrail Insights",
    );
    expect(principalOf({}, { eventType: "AwsServiceEvent" })).toBe("iam.amazonaws.com");
    expect(principalOf(undefined, { sourceIPAddress: undefined, eventSource: undefined })).not.toBe(
      "",
    );
  });
});

describe("category inference", () => {
  it("trusts eventCategory when present, whatever its case", () => {
    expect(inferCategory({ eventCategory: "Data" })).toBe("Data");
    expect(inferCategory({ eventCategory: "networkactivity" })).toBe("NetworkActivity");
  });
  it("infers from eventType and managementEvent when absent", () => {
    expect(inferCategory({ eventType: "AwsCloudTrailInsight" })).toBe("Insight");
    expect(inferCategory({ eventType: "AwsVpceEvent" })).toBe("NetworkActivity");
    expect(inferCategory({ eventType: "AwsApiCall", managementEvent: false })).toBe("Data");
    expect(inferCategory({ eventType: "AwsApiCall", managementEvent: true })).toBe("Management");
    expect(inferCategory({ eventType: "AwsApiCall" })).toBe("Management");
  });

  it("knows data-plane APIs in records too old to say managementEvent", () => {
    const old = { eventVersion: "1.05", eventType: "AwsApiCall", eventSource: "s3.amazonaws.com" };
    expect(inferCategory({ ...old, eventName: "GetObject" })).toBe("Data");
    expect(inferCategory({ ...old, eventName: "CreateBucket" })).toBe("Management");
    expect(inferCategory({ ...old, eventName: "GetObject", managementEvent: true })).toBe(
      "Management",
    );
    expect(inferCategory({ eventSource: "lambda.amazonaws.com", eventName: "Invoke" })).toBe(
      "Data",
    );
    expect(inferCategory({ eventCategory: "SomethingNew", managementEvent: false })).toBe("Data");
  });
});

describe("normalizeRecord", () => {
  it("maps the core fields and validates against the wire schema", () => {
    const row = normalizeRecord(
      record({
        userIdentity: { type: "IAMUser", userName: "alice", accessKeyId: "AKIAEXAMPLE" },
        eventSource: "s3.amazonaws.com",
        eventName: "GetObject",
        eventCategory: "Data",
        managementEvent: false,
        readOnly: true,
        errorCode: "AccessDenied",
        errorMessage: "Access Denied",
        requestID: "REQ1",
        resources: [
          { type: "AWS::S3::Object", ARN: "arn:aws:s3:::bucket-a/reports/q1.csv" },
          { accountId: "111122223333", type: "AWS::S3::Bucket", ARN: "arn:aws:s3:::bucket-a" },
        ],
      }),
      origin,
    );
    expect(eventRowSchema.parse(row)).toEqual(row);
    expect(row).toMatchObject({
      id: "11111111-2222-3333-4444-555555555555",
      time: "2026-11-02T10:11:12.000Z",
      category: "Data",
      service: "s3",
      principal: "alice",
      principalType: "IAMUser",
      actor: "alice",
      actorType: "iam-user",
      accessKeyId: "AKIAEXAMPLE",
      account: "111122223333",
      region: "us-east-1",
      readOnly: true,
      errorCode: "AccessDenied",
      requestId: "REQ1",
      origins: [origin],
    });
    expect(row.resources.map((r) => r.label)).toEqual(["bucket-a/reports/q1.csv", "bucket-a"]);
    expect(row.resources[1]?.accountId).toBe("111122223333");
  });

  it("accepts old records (1.0: no eventID, eventType, category, recipientAccountId)", () => {
    const old: RawRecord = {
      eventVersion: "1.0",
      userIdentity: {
        type: "IAMUser",
        principalId: "EX_PRINCIPAL_ID",
        arn: "arn:aws:iam::123456789012:user/Alice",
        accountId: "123456789012",
        userName: "Alice",
      },
      eventTime: "2014-03-06T21:22:54Z",
      eventSource: "ec2.amazonaws.com",
      eventName: "StartInstances",
      awsRegion: "us-east-2",
      sourceIPAddress: "205.251.233.176",
      userAgent: "ec2-api-tools 1.6.12.2",
      requestParameters: { instancesSet: { items: [{ instanceId: "i-ebeaf9e2" }] } },
    };
    const row = normalizeRecord(old, origin);
    expect(row.id).toMatch(/^h-[0-9a-f]{32}$/);
    expect(row.id).toBe(eventIdOf({ ...old })); // deterministic
    expect(row.id).not.toBe(eventIdOf({ ...old, eventName: "StopInstances" }));
    expect(row.category).toBe("Management");
    expect(row.account).toBe("123456789012"); // from userIdentity
    expect(row.readOnly).toBeNull();
    expect(row.eventType).toBeNull();
    expect(eventRowSchema.safeParse(row).success).toBe(true);
  });

  it("cuts huge texts in the columns, never in the record", () => {
    const agent = "A".repeat(MAX_COLUMN_CHARS * 3);
    const row = normalizeRecord(
      record({
        userAgent: agent,
        userIdentity: { type: "IAMUser", userName: "u".repeat(10_000) },
        resources: Array.from({ length: 1_000 }, (_, n) => ({ ARN: `arn:aws:s3:::b-${n}` })),
      }),
      origin,
    );
    expect(row.userAgent).toBe(
      `${"A".repeat(MAX_COLUMN_CHARS)}… (${MAX_COLUMN_CHARS * 2} more characters in the record)`,
    );
    expect(row.principal.startsWith("u".repeat(MAX_COLUMN_CHARS))).toBe(true);
    expect(row.principal.length).toBeLessThan(MAX_COLUMN_CHARS + 60);
    expect(row.resources).toHaveLength(MAX_RESOURCES);
    expect(row.raw.userAgent).toBe(agent);
    expect((row.raw.resources as unknown[]).length).toBe(1_000);
    expect(eventRowSchema.safeParse(row).success).toBe(true);
    // Never through a surrogate pair.
    const emoji = clipText(`${"x".repeat(MAX_COLUMN_CHARS - 1)}😀 and more`);
    expect(emoji.startsWith(`${"x".repeat(MAX_COLUMN_CHARS - 1)}…`)).toBe(true);
    expect(clipText("short")).toBe("short");
  });

  it("keeps an eventID too long to be a key as a hash of it, the same for the same eventID", () => {
    const long = `id-${"7".repeat(10_000)}`;
    const row = normalizeRecord(record({ eventID: long }), origin);
    expect(row.id).toMatch(/^h-[0-9a-f]{32}$/);
    expect(normalizeRecord(record({ eventID: long, eventName: "Other" }), origin).id).toBe(row.id);
    expect(row.raw.eventID).toBe(long);
  });

  it("rejects an eventTime out of the years 1970 to 9999", () => {
    expect(() =>
      normalizeRecord(record({ eventTime: "+275760-09-13T00:00:00.000Z" }), origin),
    ).toThrow(/1970 to 9999/);
    expect(normalizeRecord(record({ eventTime: "9999-12-31T23:59:59Z" }), origin).time).toBe(
      "9999-12-31T23:59:59.000Z",
    );
  });

  it("hashes records independently of key order", () => {
    expect(eventIdOf({ a: 1, b: { c: 2, d: 3 } })).toBe(eventIdOf({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it("keeps unknown fields in raw and tolerates wrong types", () => {
    const row = normalizeRecord(
      record({
        brandNewField: { x: 1 },
        eventVersion: "1.99",
        userAgent: 42,
        awsRegion: null,
        resources: "not-a-list",
        readOnly: "false",
      }),
      origin,
    );
    expect(row.raw.brandNewField).toEqual({ x: 1 });
    expect(row.userAgent).toBeNull();
    expect(row.region).toBeNull();
    expect(row.resources).toEqual([]);
    expect(row.readOnly).toBe(false);
    expect(row.eventVersion).toBe("1.99");
  });

  it("derives S3 resources from requestParameters when resources are absent", () => {
    const row = normalizeRecord(
      record({
        eventSource: "s3.amazonaws.com",
        eventName: "PutBucketPolicy",
        requestParameters: { bucketName: "logs-bucket" },
      }),
      origin,
    );
    expect(row.resources).toEqual([
      {
        arn: "arn:aws:s3:::logs-bucket",
        type: "AWS::S3::Bucket",
        accountId: null,
        label: "logs-bucket",
      },
    ]);
  });

  it("flags failed console sign-ins, with no errorCode made up", () => {
    const row = normalizeRecord(
      record({
        eventSource: "signin.amazonaws.com",
        eventName: "ConsoleLogin",
        eventType: "AwsConsoleSignIn",
        errorMessage: "Failed authentication",
        responseElements: { ConsoleLogin: "Failure" },
      }),
      origin,
    );
    expect(row.errorCode).toBeNull();
    expect(row.signInFailed).toBe(true);
    expect(row.errorMessage).toBe("Failed authentication");
    const ok = normalizeRecord(
      record({ eventName: "ConsoleLogin", responseElements: { ConsoleLogin: "Success" } }),
      origin,
    );
    expect(ok.signInFailed).toBe(false);
  });

  it("tells the caller's account from the account that logged the call", () => {
    const crossAccount = normalizeRecord(
      record({
        recipientAccountId: "111122223333",
        userIdentity: {
          type: "AssumedRole",
          principalId: "AROAFIXTURE:deploy",
          arn: "arn:aws:sts::444455556666:assumed-role/deployer/deploy",
          accountId: "444455556666",
          sessionContext: {
            sessionIssuer: {
              type: "Role",
              arn: "arn:aws:iam::444455556666:role/deployer",
              accountId: "444455556666",
              userName: "deployer",
            },
          },
        },
      }),
      origin,
    );
    expect(crossAccount).toMatchObject({
      account: "111122223333",
      callerAccount: "444455556666",
      actor: "deployer",
      actorType: "role",
      actorAccount: "444455556666",
    });
    // People are the same person in every account: no actor account.
    const person = normalizeRecord(
      record({
        userIdentity: { type: "IdentityCenterUser", accountId: "111122223333", userName: "ana" },
      }),
      origin,
    );
    expect(person.actorType).toBe("person");
    expect(person.actorAccount).toBeNull();
  });

  it("keeps a session's issuer and whether it used MFA, as the record says", () => {
    const session = normalizeRecord(
      record({
        userIdentity: {
          type: "AssumedRole",
          arn: "arn:aws:sts::111122223333:assumed-role/admin/ana",
          accountId: "111122223333",
          sessionContext: {
            sessionIssuer: { type: "Role", arn: "arn:aws:iam::111122223333:role/admin" },
            attributes: { mfaAuthenticated: "true", creationDate: "2026-11-02T10:00:00Z" },
          },
        },
      }),
      origin,
    );
    expect(session).toMatchObject({
      principalArn: "arn:aws:sts::111122223333:assumed-role/admin/ana",
      sessionIssuer: "arn:aws:iam::111122223333:role/admin",
      mfa: "true",
    });
    const noSession = normalizeRecord(
      record({ userIdentity: { type: "IAMUser", userName: "ci", accessKeyId: "AKIAFIXTURE" } }),
      origin,
    );
    expect(noSession).toMatchObject({ sessionIssuer: null, mfa: null });
    const odd = normalizeRecord(
      record({
        userIdentity: {
          type: "AssumedRole",
          sessionContext: { attributes: { mfaAuthenticated: "maybe" } },
        },
      }),
      origin,
    );
    expect(odd.mfa).toBeNull();
  });

  it("names resources given by ARN prefix", () => {
    const row = normalizeRecord(
      record({
        eventSource: "s3.amazonaws.com",
        eventName: "ListObjects",
        resources: [
          { type: "AWS::S3::Object", ARNPrefix: "arn:aws:s3:::reports-bucket/2026/" },
          { type: "AWS::S3::Bucket", ARN: "arn:aws:s3:::reports-bucket" },
        ],
      }),
      origin,
    );
    expect(row.resources).toEqual([
      {
        arn: "arn:aws:s3:::reports-bucket/2026/",
        type: "AWS::S3::Object",
        accountId: null,
        label: "reports-bucket/2026/*",
      },
      {
        arn: "arn:aws:s3:::reports-bucket",
        type: "AWS::S3::Bucket",
        accountId: null,
        label: "reports-bucket",
      },
    ]);
  });

  it("rejects a record without a parseable eventTime", () => {
    expect(() => normalizeRecord(record({ eventTime: "yesterday" }), origin)).toThrow(/eventTime/);
    expect(() => normalizeRecord(record({ eventTime: undefined }), origin)).toThrow(/eventTime/);
  });

  it("maps Insights and network activity records", () => {
    const insight = normalizeRecord(
      {
        eventVersion: "1.08",
        eventTime: "2026-11-04T02:00:00Z",
        awsRegion: "us-east-1",
        eventID: "ins-1",
        eventType: "AwsCloudTrailInsight",
        recipientAccountId: "111122223333",
        sharedEventID: "shared-1",
        insightDetails: {
          state: "Start",
          eventSource: "s3.amazonaws.com",
          eventName: "GetObject",
          insightType: "ApiCallRateInsight",
        },
        eventCategory: "Insight",
      },
      origin,
    );
    expect(insight).toMatchObject({
      category: "Insight",
      principal: "CloudTrail Insights",
      principalType: null,
      actor: "CloudTrail Insights",
      actorType: "service",
      sharedEventId: "shared-1",
      // The watched API, so filtering on GetObject also finds its Insights.
      eventName: "GetObject",
      eventSource: "s3.amazonaws.com",
      service: "s3",
    });
    const vpce = normalizeRecord(
      record({
        eventType: "AwsVpceEvent",
        eventCategory: undefined,
        vpcEndpointId: "vpce-1",
        userIdentity: { type: "AWSAccount", accountId: "444455556666" },
      }),
      origin,
    );
    expect(vpce.category).toBe("NetworkActivity");
  });
});

describe("serviceOf", () => {
  it("takes the first label of the event source", () => {
    expect(serviceOf("s3.amazonaws.com")).toBe("s3");
    expect(serviceOf("signin.amazonaws.com")).toBe("signin");
    expect(serviceOf("")).toBe("");
    expect(serviceOf("custom")).toBe("custom");
  });
});
