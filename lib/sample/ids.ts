import { Rng, UPPER_ALNUM } from "./prng";

/** Characters of IAM unique ids and access key ids (base32-like). */
const KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** `AKIA…` (long-term) or `ASIA…` (temporary) access key id. */
export function accessKeyId(rng: Rng, prefix: "AKIA" | "ASIA"): string {
  return prefix + rng.chars(KEY_CHARS, 16);
}

/** IAM unique id: `AIDA…` for users, `AROA…` for roles. */
export function uniqueId(rng: Rng, prefix: "AIDA" | "AROA"): string {
  return prefix + rng.chars(KEY_CHARS, 17);
}

/** S3 request ids are 16 upper-case characters. */
export function s3RequestId(rng: Rng): string {
  return rng.chars(UPPER_ALNUM, 16);
}

/** DynamoDB request ids are 52 upper-case characters. */
export function dynamoRequestId(rng: Rng): string {
  return rng.chars(UPPER_ALNUM, 52);
}

export function base64ish(rng: Rng, length: number): string {
  return rng.chars(BASE64.slice(0, 62), length);
}

export function instanceId(rng: Rng): string {
  return `i-0${rng.hex(16)}`;
}

export function hexId(rng: Rng, prefix: string): string {
  return `${prefix}-0${rng.hex(16)}`;
}
