import { describe, expect, it } from "vitest";
import { grantsAdministrator, iamAccessSql, isIamAccessChange } from "./iam-access";

const iam = (eventName: string, requestParameters: unknown) => ({
  eventSource: "iam.amazonaws.com",
  eventName,
  requestParameters,
});

describe("IAM access changes", () => {
  it("tells the changes that give access from routine ones", () => {
    for (const name of ["CreateUser", "CreateAccessKey", "AttachUserPolicy", "PutRolePolicy"]) {
      expect(isIamAccessChange("iam.amazonaws.com", name), name).toBe(true);
    }
    for (const name of ["CreateRole", "TagRole", "ListUsers"]) {
      expect(isIamAccessChange("iam.amazonaws.com", name), name).toBe(false);
    }
    expect(isIamAccessChange("s3.amazonaws.com", "CreateUser")).toBe(false);
    expect(iamAccessSql("s", "n")).toContain("s = 'iam.amazonaws.com' AND n IN ('CreateUser'");
  });

  it("tells administrator access: AdministratorAccess or IAMFullAccess attached, or * on * written", () => {
    const attach = (arn: string) => iam("AttachUserPolicy", { userName: "u", policyArn: arn });
    expect(grantsAdministrator(attach("arn:aws:iam::aws:policy/AdministratorAccess"))).toBe(true);
    expect(grantsAdministrator(attach("arn:aws:iam::aws:policy/IAMFullAccess"))).toBe(true);
    expect(grantsAdministrator(attach("arn:aws:iam::aws:policy/ReadOnlyAccess"))).toBe(false);
    expect(
      grantsAdministrator(attach("arn:aws:iam::111122223333:policy/AdministratorAccess")),
    ).toBe(false);
    const doc = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
    expect(
      grantsAdministrator(iam("PutUserPolicy", { policyDocument: encodeURIComponent(doc) })),
    ).toBe(true);
    expect(grantsAdministrator(iam("PutUserPolicy", { policyDocument: "{" }))).toBe(false);
    expect(grantsAdministrator(iam("CreateUser", null))).toBe(false);
  });
});
