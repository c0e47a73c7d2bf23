import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { setTimeout as sleep } from "node:timers/promises";
import { describeAwsError, isTransientAwsError } from "../aws-errors";

export interface ObjectBodyOptions {
  /** Further GETs after the first failure of a download (each resumes where it stopped). */
  retries?: number;
  /** First backoff; doubled per retry, with jitter. */
  backoffMs?: number;
}

/**
 * An object's bytes as a stream that survives transient failures: when the
 * connection drops or the server answers 5xx/SlowDown mid-body, it asks again
 * for the remaining range (pinned to the same ETag) after a backoff. Permanent
 * errors (AccessDenied, NoSuchKey, a changed object) are thrown to the reader,
 * which reports them against the object.
 */
export async function* objectBody(
  client: S3Client,
  object: { bucket: string; key: string; etag: string },
  options: ObjectBodyOptions = {},
): AsyncGenerator<Uint8Array> {
  const retries = options.retries ?? 5;
  const backoffMs = options.backoffMs ?? 200;
  let offset = 0;
  let failures = 0;
  for (;;) {
    try {
      const response = await client.send(
        new GetObjectCommand({
          Bucket: object.bucket,
          Key: object.key,
          IfMatch: object.etag || undefined,
          Range: offset > 0 ? `bytes=${offset}-` : undefined,
        }),
      );
      if (!response.Body) return;
      for await (const chunk of response.Body as AsyncIterable<Uint8Array>) {
        offset += chunk.length;
        yield chunk;
      }
      return;
    } catch (error) {
      if (!isTransientAwsError(error) || failures >= retries) {
        const tries = failures > 0 ? ` after ${failures + 1} attempts` : "";
        throw new Error(`GET failed${tries}: ${describeAwsError(error)}`, { cause: error });
      }
      failures += 1;
      const delay = backoffMs * 2 ** (failures - 1);
      await sleep(delay / 2 + Math.random() * delay);
    }
  }
}
