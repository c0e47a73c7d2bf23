import { describe, expect, it } from "vitest";
import {
  allowsEverything,
  parsePolicyDocument,
  policyPrincipals,
  principalAccount,
} from "./policy-document";

const admin = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};

describe("policy documents", () => {
  it("reads a document given as an object, as JSON text, or URL-encoded as IAM records it", () => {
    expect(parsePolicyDocument(admin)).toEqual(admin);
    expect(parsePolicyDocument(JSON.stringify(admin))).toEqual(admin);
    expect(parsePolicyDocument(encodeURIComponent(JSON.stringify(admin)))).toEqual(admin);
    for (const bad of ["", "not json", "%E0%A4%A", "[1,2]", 42, null, ["*"]]) {
      expect(parsePolicyDocument(bad)).toBeNull();
    }
  });

  it("tells administrator access: * on *, allowed, not NotAction", () => {
    expect(allowsEverything(admin)).toBe(true);
    expect(
      allowsEverything({ Statement: { Effect: "Allow", Action: ["s3:*", "*"], Resource: ["*"] } }),
    ).toBe(true);
    expect(allowsEverything({ Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }] })).toBe(
      false,
    );
    expect(
      allowsEverything({ Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
    ).toBe(false);
    expect(
      allowsEverything({
        Statement: [{ Effect: "Allow", Action: "*", NotAction: "iam:*", Resource: "*" }],
      }),
    ).toBe(false);
  });

  it("names the accounts a resource policy lets in, and anyone only without a condition", () => {
    expect(principalAccount("210987654321")).toBe("210987654321");
    expect(principalAccount("arn:aws:iam::210987654321:role/x")).toBe("210987654321");
    expect(principalAccount("arn:aws:iam::aws:policy/x")).toBeNull();
    expect(principalAccount("s3.amazonaws.com")).toBeNull();
    const grants = policyPrincipals({
      Statement: [
        { Effect: "Allow", Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "s3:*" },
        { Effect: "Allow", Principal: { AWS: ["111122223333", "*"] }, Condition: { x: {} } },
        { Effect: "Deny", Principal: "*", Action: "*" },
        { Effect: "Allow", Principal: { Service: "logs.amazonaws.com" } },
      ],
    });
    expect(grants).toEqual({ accounts: ["111122223333", "210987654321"], anyone: false });
    expect(policyPrincipals({ Statement: [{ Effect: "Allow", Principal: "*" }] })).toEqual({
      accounts: [],
      anyone: true,
    });
    expect(policyPrincipals(null)).toEqual({ accounts: [], anyone: false });
  });
});
