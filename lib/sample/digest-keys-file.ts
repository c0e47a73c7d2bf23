import { SPAN_FROM_MS, SPAN_TO_MS } from "./config";
import { SAMPLE_DIGEST_KEY_FINGERPRINT, SAMPLE_DIGEST_PUBLIC_KEY_DER } from "./digest-signing-key";
import { DAY } from "./time";

/**
 * The public key of the sample's digests, written at the sample's root in
 * the shape `aws cloudtrail list-public-keys --output json` prints, so the
 * sample is checked the way a folder copied from a real bucket is
 * (TRAILGLASS_DIGEST_KEYS). A dotfile: folder sources skip dotfiles, and a
 * `.json` name would otherwise be taken for a trail file.
 */
export const SAMPLE_DIGEST_KEYS_FILE = ".digest-public-keys.json";

const epochSeconds = (ms: number) => Math.floor(ms / 1000);

export function sampleDigestKeysJson(): string {
  const list = {
    PublicKeyList: [
      {
        Value: SAMPLE_DIGEST_PUBLIC_KEY_DER.toString("base64"),
        // The span, and a day after it for the last files' late delivery.
        ValidityStartTime: epochSeconds(SPAN_FROM_MS),
        ValidityEndTime: epochSeconds(SPAN_TO_MS + DAY),
        Fingerprint: SAMPLE_DIGEST_KEY_FINGERPRINT,
      },
    ],
  };
  return `${JSON.stringify(list, null, 2)}\n`;
}
