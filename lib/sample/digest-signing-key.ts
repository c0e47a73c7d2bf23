import { createPrivateKey, createPublicKey } from "node:crypto";
import { publicKeyDer, publicKeyFingerprint } from "../integrity/digest-signature";

/**
 * The RSA key that signs the bundled sample trail's digests, so digest
 * validation can be shown working (and failing on the one file the sample
 * tampers with) without AWS.
 *
 * It is PUBLIC: committed here, private half included. It signs the sample's
 * digests and nothing else. A digest it signs proves nothing about real
 * CloudTrail logs; never list its public key among the keys a real trail is
 * checked with. Fixed rather than generated per run because RSA PKCS#1 v1.5
 * signatures are deterministic, which keeps the sample byte-for-byte the same.
 */
const SAMPLE_DIGEST_SIGNING_KEY_PEM = `-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAr51+99FpTwFz7gOy+VE8TQLy9jQ5csJGAjCII5cFu0ZN/OmF
wGnbiQTPyYP1k/1b/e44uxE+gjbIbTizpyeILyZOpmX+1IVHpQdLRm88cn7ZF15k
VLyRsmI3xFJQWlsT4gP/JGKk6QyzyBHL3+2nXhXPWR0v51yEII8VT2uHgRhKYLfR
0apod56oK+BXrJF4wj+vBaVXLbqFf/gEkhXvKFi+4VykUC2f/rw8G6YrljBKDvIw
gd/1fXqOEbubqTSH/7SwMzQln3kDQ2cvavdrddp6Kf2Qvd01uqaYEHJez5zfChVG
ah65u+XyBbTFmD98Cr0Q3/PGQgNwvhXzC9rJnwIDAQABAoIBAFJybpmKBxbAZ9zm
f6/tI5JEQCy2eAIYkyWUA1YyIM67QwHp4JFlIVxClgrVmQXRfM7KeHfasK4Raidc
53siZB0+rs4QNIMxz2D6+6wlrQtT4jfGaPQfU4eb9PKGcpL5D2yc07wRU7rV69GS
CVUoDdtuAdqkiUjldmKSyj5vDT7dj+D4W+RVyqMVV4S1gufr1+SLBD3T+Q6/3kV3
Rcp94ojEIDqrVuxmzwXUuRQlU58AM1xPloVhoIsubFK5Udtyz2Z4gvHeZNCA/a1e
HeQ9RS9QC5yXNGJVaPhE9tr/g7vsZT4cLtqQYMoPtKmfhuQ+XNUyLj/qbhrbKNHm
j8TQDAECgYEA8IWofI3HyGIqzurjSUkEOxOsCICHQLNfn40M8MV/OI0rewn9ZahV
pdthuGeRVAHwzeyncFRvC6M8qRW9oe2jN9PuLBmv5GWYuda5jXQfrTThFeTHwoOA
n7fIDhdwdZjCIJW8EPwFtz1gT6GohNiIAZpvMNL75Q2mpn1tbLGR3+ECgYEAuuqR
KAey14XxkFnGR0E3PlgnesgC33l7Z9W3uv1qRjFrfikDxj71s74lrDudw3DwH1/n
jHvIuhZKNnKPT2z8H16yVfOyqPCb4CLUJTTJSYgFBAx5sP6BxFuuWti89m5/8Vqk
t03jRAnEWNP4reFajD90lgP6BrOvslCBX0CX2X8CgYAY4ut8/7qFLEsbn8gmpAxx
BGcPdiUId8bUHmcRXo38TvcJww3Z/+HkyF9DEkxCMfU1iWAFyma3AIvdPuehIpJ5
y07gd0Pw0OZNjD8kuLgyVr9XYZWdtbeQTxa/BoPXVxf3ASc1Zq48uHgHpUVngXQJ
Hm6U0a/IknIE1gOFdJYQYQKBgBWR+jxfXxEmIPFimtIgQYrNS4kMyeAWOdqKvFA0
7G27SEdf3lKjc2FRwTE2FAe44c0NGUCKDGkFJ31PDSDCV/oayIPIwsZiNerQuiCt
DcmRi9qiwexeAoWxetZ7Cpt5twQYTMfmkiKI6gLCO4F9byCeNgsV3GWnmNAAIF3o
q11rAoGBAO/LazQ4KqVFkXnSqGU70uhOq7ISMPQhKS0TbVNNTQejdWIlUtGVWy3J
yhaWuq0s0aTXbB32fZsv7fXewdKKQ42fS10a7uhmRupFTuj3dZ5La6kqqRIyrtLb
NIAPA31D75NkOvIrVytPTXxZ0pFvMvdEDxx9lZ5U6j2bIILiV+cE
-----END RSA PRIVATE KEY-----`;

export const SAMPLE_DIGEST_PRIVATE_KEY = createPrivateKey(SAMPLE_DIGEST_SIGNING_KEY_PEM);

/** DER PKCS#1, as ListPublicKeys returns a key. */
export const SAMPLE_DIGEST_PUBLIC_KEY_DER = publicKeyDer(
  createPublicKey(SAMPLE_DIGEST_PRIVATE_KEY),
);

/** What the sample's digests name in digestPublicKeyFingerprint. */
export const SAMPLE_DIGEST_KEY_FINGERPRINT = publicKeyFingerprint(SAMPLE_DIGEST_PUBLIC_KEY_DER);
