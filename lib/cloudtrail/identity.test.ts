import { describe, expect, it } from "vitest";
import { actorOf, callerAccountOf, principalName, type PrincipalContext } from "./identity";

/** Who acts, rolled up: fixtures shaped like CloudTrail's userIdentity element. */

function ctx(identity: Record<string, unknown> | null, extra: Partial<PrincipalContext> = {}) {
  return {
    identity,
    eventSource: "ec2.amazonaws.com",
    eventType: "AwsApiCall",
    sourceIp: "198.51.100.20",
    additionalEventData: null,
    ...extra,
  } satisfies PrincipalContext;
}

const ACCOUNT = "210987654321";

function assumedRole(role: string, session: string, extra: Record<string, unknown> = {}) {
  return {
    type: "AssumedRole",
    principalId: `AROAFIXTUREROLE:${session}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`,
    accountId: ACCOUNT,
    sessionContext: {
      sessionIssuer: {
        type: "Role",
        principalId: "AROAFIXTUREROLE",
        arn: `arn:aws:iam::${ACCOUNT}:role/service-role/${role}`,
        accountId: ACCOUNT,
        userName: role,
      },
      webIdFederationData: {},
      attributes: { creationDate: "2025-03-01T08:00:00Z", mfaAuthenticated: "false" },
    },
    ...extra,
  };
}

describe("actorOf", () => {
  it("flags the root user", () => {
    expect(
      actorOf(ctx({ type: "Root", principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root` })),
    ).toEqual({ actor: "root", actorType: "root" });
  });

  it("names IAM users by user name", () => {
    expect(
      actorOf(
        ctx({
          type: "IAMUser",
          principalId: "AIDAFIXTURE",
          arn: `arn:aws:iam::${ACCOUNT}:user/team/ops/quinn`,
          userName: "quinn",
        }),
      ),
    ).toEqual({ actor: "quinn", actorType: "iam-user" });
    expect(actorOf(ctx({ type: "IAMUser", arn: `arn:aws:iam::${ACCOUNT}:user/rhea` }))).toEqual({
      actor: "rhea",
      actorType: "iam-user",
    });
  });

  it("rolls every session of an assumed role up under the role", () => {
    const a = actorOf(ctx(assumedRole("batch-runner", "i-0f00f00f00f00f00f")));
    const b = actorOf(ctx(assumedRole("batch-runner", "botocore-session-1740816000")));
    expect(a).toEqual({ actor: "batch-runner", actorType: "role" });
    expect(b).toEqual(a);
  });

  it("finds the role from the issuer ARN, or from the session ARN when the issuer is missing", () => {
    const { sessionContext, ...bare } = assumedRole("etl-writer", "job-77");
    const issuerArnOnly = {
      ...bare,
      arn: undefined,
      sessionContext: {
        ...sessionContext,
        sessionIssuer: { type: "Role", arn: `arn:aws:iam::${ACCOUNT}:role/etl-writer` },
      },
    };
    expect(actorOf(ctx(issuerArnOnly))).toEqual({ actor: "etl-writer", actorType: "role" });
    expect(actorOf(ctx(bare))).toEqual({ actor: "etl-writer", actorType: "role" });
  });

  it("treats Identity Center permission-set sessions as the person", () => {
    const sso = assumedRole("AWSReservedSSO_ReadOnly_a1b2c3d4e5f60718", "pat@corp.example");
    expect(actorOf(ctx(sso))).toEqual({ actor: "pat@corp.example", actorType: "person" });
    // Without a session name the role is all there is.
    const noSession = {
      type: "AssumedRole",
      sessionContext: { sessionIssuer: { userName: "AWSReservedSSO_ReadOnly_a1b2c3d4e5f60718" } },
    };
    expect(actorOf(ctx(noSession))).toEqual({
      actor: "AWSReservedSSO_ReadOnly_a1b2c3d4e5f60718",
      actorType: "role",
    });
  });

  it("keeps SAML and web-identity role sessions under the role", () => {
    const oidc = assumedRole("ci-deployer", "gha-run-4242", {
      sessionContext: {
        ...assumedRole("ci-deployer", "x").sessionContext,
        webIdFederationData: {
          federatedProvider: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
          attributes: {},
        },
      },
    });
    expect(actorOf(ctx(oidc))).toEqual({ actor: "ci-deployer", actorType: "role" });
    const saml = assumedRole("okta-admins", "sam@corp.example");
    expect(actorOf(ctx(saml))).toEqual({ actor: "okta-admins", actorType: "role" });
  });

  it("treats Identity Center, SAML, directory and federated users as people", () => {
    expect(
      actorOf(
        ctx(
          { type: "IdentityCenterUser", arn: "", onBehalfOf: { userId: "uuid-1" } },
          { additionalEventData: { UserName: "lee@corp.example" } },
        ),
      ),
    ).toEqual({ actor: "lee@corp.example", actorType: "person" });
    expect(actorOf(ctx({ type: "SAMLUser", principalId: "q:sam", userName: "sam" }))).toEqual({
      actor: "sam",
      actorType: "person",
    });
    expect(actorOf(ctx({ type: "Directory", userName: "ari" }))).toEqual({
      actor: "ari",
      actorType: "person",
    });
    expect(
      actorOf(
        ctx({
          type: "FederatedUser",
          principalId: `${ACCOUNT}:toni`,
          arn: `arn:aws:sts::${ACCOUNT}:federated-user/toni`,
        }),
      ),
    ).toEqual({ actor: "toni", actorType: "person" });
    expect(actorOf(ctx({ type: "FederatedUser" }))).toEqual({
      actor: "federated user",
      actorType: "other",
    });
  });

  it("rolls a federated user (GetFederationToken) up under the IAM user that minted it", () => {
    const federated = {
      type: "FederatedUser",
      principalId: `${ACCOUNT}:chosen-name`,
      arn: `arn:aws:sts::${ACCOUNT}:federated-user/chosen-name`,
      accountId: ACCOUNT,
      sessionContext: {
        sessionIssuer: {
          type: "IAMUser",
          principalId: "AIDAFIXTUREISSUER",
          arn: `arn:aws:iam::${ACCOUNT}:user/ci-bot`,
          accountId: ACCOUNT,
          userName: "ci-bot",
        },
        attributes: { creationDate: "2025-03-01T08:00:00Z", mfaAuthenticated: "false" },
      },
    };
    expect(actorOf(ctx(federated))).toEqual({ actor: "ci-bot", actorType: "iam-user" });
    expect(principalName(ctx(federated))).toBe("ci-bot/chosen-name");
    const byRoot = {
      ...federated,
      sessionContext: { sessionIssuer: { type: "Root", arn: `arn:aws:iam::${ACCOUNT}:root` } },
    };
    expect(actorOf(ctx(byRoot))).toEqual({ actor: "root", actorType: "root" });
  });

  it("keeps a typed identity's actor in a service event (an Identity Center sign-in)", () => {
    const signIn = ctx(
      { type: "IdentityCenterUser", accountId: ACCOUNT, userName: "ana@example.com" },
      { eventType: "AwsServiceEvent", eventSource: "signin.amazonaws.com" },
    );
    expect(actorOf(signIn)).toEqual({ actor: "ana@example.com", actorType: "person" });
    expect(actorOf(ctx(null, { eventType: "AwsServiceEvent" }))).toEqual({
      actor: "ec2.amazonaws.com",
      actorType: "service",
    });
  });

  it("names callers CloudTrail cannot name by kind, never by their IP address", () => {
    expect(actorOf(ctx(null))).toEqual({ actor: "unknown (anonymous)", actorType: "unknown" });
    expect(
      actorOf(ctx({ type: "Unknown" }, { eventSource: "cognito-identity.amazonaws.com" })),
    ).toEqual({ actor: "unknown (unauthenticated Cognito)", actorType: "unknown" });
    const hidden = {
      type: "IAMUser",
      principalId: "",
      accountId: ACCOUNT,
      accessKeyId: "",
      userName: "HIDDEN_DUE_TO_SECURITY_REASONS",
    };
    expect(actorOf(ctx(hidden, { eventSource: "signin.amazonaws.com" }))).toEqual({
      actor: "unknown (failed sign-in)",
      actorType: "unknown",
    });
    expect(principalName(ctx(hidden))).toBe("unknown (failed sign-in)");
    const anonymousS3 = { type: "AWSAccount", principalId: "", accountId: "ANONYMOUS_PRINCIPAL" };
    expect(actorOf(ctx(anonymousS3))).toEqual({
      actor: "unknown (anonymous)",
      actorType: "unknown",
    });
    // An untyped identity that names its caller keeps that name.
    expect(principalName(ctx({ type: "Unknown", principalId: "AROAZ:gina" }))).toBe("AROAZ:gina");
  });

  it("finds the caller's account in the identity, its ARN or its issuer", () => {
    expect(callerAccountOf(ctx(assumedRole("deployer", "s1")))).toBe(ACCOUNT);
    expect(callerAccountOf(ctx({ type: "IAMUser", arn: "arn:aws:iam::111122223333:user/x" }))).toBe(
      "111122223333",
    );
    expect(callerAccountOf(ctx({ type: "AWSService", invokedBy: "s3.amazonaws.com" }))).toBeNull();
    expect(
      callerAccountOf(ctx({ type: "AWSAccount", accountId: "ANONYMOUS_PRINCIPAL" })),
    ).toBeNull();
    expect(callerAccountOf(ctx(null))).toBeNull();
  });

  it("tells web-identity people from workloads", () => {
    expect(
      actorOf(
        ctx({
          type: "WebIdentityUser",
          principalId: "accounts.google.com:app-id:1122334455",
          userName: "1122334455",
          identityProvider: "accounts.google.com",
        }),
      ),
    ).toEqual({ actor: "1122334455", actorType: "person" });
    expect(
      actorOf(
        ctx({
          type: "WebIdentityUser",
          principalId: "token.actions.githubusercontent.com:sts.amazonaws.com:repo:org/svc:ref",
          userName: "repo:org/svc:ref:refs/heads/main",
          identityProvider: "token.actions.githubusercontent.com",
        }),
      ),
    ).toEqual({ actor: "repo:org/svc:ref:refs/heads/main", actorType: "other" });
  });

  it("groups AWS services, service events and Insights as services", () => {
    expect(actorOf(ctx({ type: "AWSService", invokedBy: "backup.amazonaws.com" }))).toEqual({
      actor: "backup.amazonaws.com",
      actorType: "service",
    });
    expect(actorOf(ctx({ type: "AWSService" }))).toEqual({
      actor: "ec2.amazonaws.com",
      actorType: "service",
    });
    expect(
      actorOf(
        ctx(
          { accountId: ACCOUNT, invokedBy: "health.amazonaws.com" },
          { eventType: "AwsServiceEvent" },
        ),
      ),
    ).toEqual({ actor: "health.amazonaws.com", actorType: "service" });
    expect(actorOf(ctx(null, { eventType: "AwsServiceEvent" }))).toEqual({
      actor: "ec2.amazonaws.com",
      actorType: "service",
    });
    expect(actorOf(ctx(null, { eventType: "AwsCloudTrailInsight" }))).toEqual({
      actor: "CloudTrail Insights",
      actorType: "service",
    });
  });

  it("names other accounts, IAM roles and anything else", () => {
    expect(actorOf(ctx({ type: "AWSAccount", accountId: "123412341234" }))).toEqual({
      actor: "account 123412341234",
      actorType: "account",
    });
    expect(actorOf(ctx({ type: "Role", arn: `arn:aws:iam::${ACCOUNT}:role/lambda-exec` }))).toEqual(
      { actor: "lambda-exec", actorType: "role" },
    );
    expect(actorOf(ctx({ type: "SomethingNew", principalId: "X:y" }))).toEqual({
      actor: "X:y",
      actorType: "other",
    });
    // A type CloudTrail adds later is "other", named by what it holds.
    expect(actorOf(ctx({ type: "SomethingNew", userName: "z" }))).toEqual({
      actor: "z",
      actorType: "other",
    });
  });
});
