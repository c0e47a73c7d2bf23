/** AWS SDK errors (S3, CloudTrail): worth another try, and how to say what failed. */

/** Errors worth another try: throttling, server errors, dropped connections. */

const TRANSIENT_NAMES = new Set([
  "SlowDown",
  "ThrottlingException",
  "Throttling",
  "RequestTimeout",
  "RequestTimeTooSkewed",
  "InternalError",
  "ServiceUnavailable",
  "TimeoutError",
  "AbortError",
]);

const TRANSIENT_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENOTFOUND",
  "ERR_STREAM_PREMATURE_CLOSE",
  "UND_ERR_SOCKET",
]);

interface AwsLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

export function isTransientAwsError(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const e = error as AwsLikeError;
  if (e.$retryable) return true;
  if (e.name && TRANSIENT_NAMES.has(e.name)) return true;
  if (e.code && TRANSIENT_CODES.has(e.code)) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  return /socket hang up|premature close|aborted/i.test(e.message ?? "");
}

/** `AccessDenied: Access Denied (HTTP 403)`: what a user needs to fix it. */
export function describeAwsError(error: unknown): string {
  const e = (error ?? {}) as AwsLikeError;
  const status = e.$metadata?.httpStatusCode;
  const name = e.name && e.name !== "Error" ? e.name : e.code;
  const message = e.message && e.message !== name ? e.message : "";
  return [name, message].filter(Boolean).join(": ") + (status ? ` (HTTP ${status})` : "");
}
