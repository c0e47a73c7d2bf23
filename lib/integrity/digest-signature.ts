import { createHash, createPublicKey, type KeyObject, sign, verify } from "node:crypto";

/**
 * SHA256withRSA (PKCS#1 v1.5) over a digest's signing string
 * (digest-file.ts), the signature in hex as CloudTrail writes it in the
 * object's `x-amz-meta-signature`. Public keys are DER PKCS#1, as
 * ListPublicKeys returns them.
 */

const HEX = /^(?:[0-9a-f]{2})+$/i;

export function verifyDigestSignature(
  signingString: string,
  signatureHex: string,
  publicKeyDer: Uint8Array,
): boolean {
  if (!HEX.test(signatureHex)) return false;
  const key = createPublicKey({ key: Buffer.from(publicKeyDer), format: "der", type: "pkcs1" });
  return verify(
    "sha256",
    Buffer.from(signingString, "utf8"),
    key,
    Buffer.from(signatureHex, "hex"),
  );
}

/** Signs as CloudTrail does: for the bundled sample and the tests, which sign their own digests. */
export function signDigestString(signingString: string, privateKey: KeyObject): string {
  return sign("sha256", Buffer.from(signingString, "utf8"), privateKey).toString("hex");
}

/** A public key's fingerprint as digests name it (hex MD5 of the DER key). */
export function publicKeyFingerprint(publicKeyDer: Uint8Array): string {
  return createHash("md5").update(publicKeyDer).digest("hex");
}

/** The DER PKCS#1 bytes of a public key, as ListPublicKeys returns them. */
export function publicKeyDer(key: KeyObject): Buffer {
  return key.export({ format: "der", type: "pkcs1" });
}
