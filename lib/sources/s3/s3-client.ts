import { S3Client } from "@aws-sdk/client-s3";

/**
 * The S3 client of the server. Credentials come from the SDK's default
 * provider chain (environment, profiles, SSO, instance and container roles);
 * the endpoint from the SDK's standard `AWS_ENDPOINT_URL_S3` override.
 */
export function createS3Client(env: Record<string, string | undefined> = process.env): S3Client {
  const customEndpoint = Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
  return new S3Client({
    // Trail buckets live in one Region; the SDK follows redirects to it.
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1",
    followRegionRedirects: true,
    // S3-compatible stores (MinIO, s3rver...) want bucket-in-path addressing.
    forcePathStyle: customEndpoint || env.TRAILGLASS_S3_PATH_STYLE === "1",
    // The SDK retries 5xx, SlowDown, throttling and connection errors with backoff.
    retryMode: "standard",
    maxAttempts: 6,
    // Trail objects carry no flexible checksums; validating them only adds work.
    responseChecksumValidation: "WHEN_REQUIRED",
    requestChecksumCalculation: "WHEN_REQUIRED",
  });
}
