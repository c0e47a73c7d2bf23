import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";

/**
 * A CloudTrail client for one Region. Credentials come from the SDK's default
 * provider chain; the endpoint from the SDK's standard
 * `AWS_ENDPOINT_URL_CLOUDTRAIL` override. The SDK does not retry: retries go
 * through the shared rate limiter (lookup-events-source.ts), so they count.
 */
export function createCloudTrailClient(region: string): CloudTrailClient {
  return new CloudTrailClient({ region, maxAttempts: 1 });
}
