/**
 * What the summary counts as a denial and as a change to logging: one place,
 * as JavaScript (for pure code and tests) and as SQL (for the store).
 */

/**
 * A change: a call CloudTrail marks `readOnly: false`, except console
 * sign-ins (`signin.amazonaws.com`: ConsoleLogin, CredentialChallenge, …),
 * which are marked so but change nothing a manager would call a change.
 * Records without the flag (old records, service events, Insights) are not changes.
 */
export const SIGNIN_SOURCE = "signin.amazonaws.com";

export function isChange(readOnly: boolean | null | undefined, eventSource: string): boolean {
  return readOnly === false && eventSource !== SIGNIN_SOURCE;
}

/** SQL twin of isChange over the events table (never NULL). */
export const CHANGE_SQL = `(read_only IS FALSE AND event_source <> '${SIGNIN_SOURCE}')`;

/**
 * An access denial: an error code naming one (AccessDenied,
 * AccessDeniedException, VpceAccessDenied, UnauthorizedOperation,
 * Client.UnauthorizedOperation, UnauthorizedException…). Other failures
 * (throttling, not found, failed console sign-ins, whose code is `Failure`)
 * count as errors only.
 */
export const DENIED_CODE = /accessdenied|unauthorized/i;

export function isDeniedCode(code: string | null | undefined): boolean {
  return typeof code === "string" && DENIED_CODE.test(code);
}

/** SQL twin of isDeniedCode over a text column (never NULL). */
export function deniedSql(column: string): string {
  return `coalesce(regexp_matches(${column}, '${DENIED_CODE.source}', 'i'), false)`;
}

export type LoggingSeverity = "high" | "medium";

export interface LoggingChange {
  eventSource: string;
  eventName: string;
  /** `high`: logging or detection is switched off or deleted; `medium`: it is reconfigured. */
  severity: LoggingSeverity;
  /** What the call does, for sentences: "stopped CloudTrail logging". */
  does: string;
}

const change = (
  eventSource: string,
  eventName: string,
  severity: LoggingSeverity,
  does: string,
): LoggingChange => ({ eventSource, eventName, severity, does });

/**
 * Calls that change what is logged or watched (kept short on purpose: the
 * usual first moves of someone covering their tracks, and the settings that
 * decide what CloudTrail, Config, GuardDuty, Security Hub and flow logs see).
 */
export const LOGGING_CHANGES: readonly LoggingChange[] = [
  change("cloudtrail.amazonaws.com", "StopLogging", "high", "stopped CloudTrail logging"),
  change("cloudtrail.amazonaws.com", "DeleteTrail", "high", "deleted a trail"),
  change(
    "cloudtrail.amazonaws.com",
    "DeleteEventDataStore",
    "high",
    "deleted a CloudTrail Lake event data store",
  ),
  change(
    "cloudtrail.amazonaws.com",
    "StopEventDataStoreIngestion",
    "high",
    "stopped CloudTrail Lake ingestion",
  ),
  change("cloudtrail.amazonaws.com", "UpdateTrail", "medium", "changed a trail"),
  change("cloudtrail.amazonaws.com", "PutEventSelectors", "medium", "changed what a trail logs"),
  change(
    "cloudtrail.amazonaws.com",
    "PutInsightSelectors",
    "medium",
    "changed CloudTrail Insights",
  ),
  change(
    "config.amazonaws.com",
    "StopConfigurationRecorder",
    "high",
    "stopped the Config recorder",
  ),
  change(
    "config.amazonaws.com",
    "DeleteConfigurationRecorder",
    "high",
    "deleted the Config recorder",
  ),
  change(
    "config.amazonaws.com",
    "DeleteDeliveryChannel",
    "high",
    "deleted the Config delivery channel",
  ),
  change(
    "config.amazonaws.com",
    "PutConfigurationRecorder",
    "medium",
    "changed the Config recorder",
  ),
  change("guardduty.amazonaws.com", "DeleteDetector", "high", "deleted a GuardDuty detector"),
  change(
    "guardduty.amazonaws.com",
    "DisassociateFromAdministratorAccount",
    "high",
    "left the GuardDuty administrator",
  ),
  change(
    "guardduty.amazonaws.com",
    "StopMonitoringMembers",
    "high",
    "stopped GuardDuty monitoring of members",
  ),
  change("guardduty.amazonaws.com", "UpdateDetector", "medium", "changed a GuardDuty detector"),
  change("securityhub.amazonaws.com", "DisableSecurityHub", "high", "disabled Security Hub"),
  change("ec2.amazonaws.com", "DeleteFlowLogs", "high", "deleted VPC flow logs"),
  change("logs.amazonaws.com", "DeleteLogGroup", "medium", "deleted a log group"),
  change("s3.amazonaws.com", "PutBucketLogging", "medium", "changed S3 access logging"),
];

const BY_KEY = new Map(LOGGING_CHANGES.map((c) => [`${c.eventSource} ${c.eventName}`, c]));

export function loggingChangeOf(eventSource: string, eventName: string): LoggingChange | null {
  return BY_KEY.get(`${eventSource} ${eventName}`) ?? null;
}

/** SQL: true when (event_source, event_name) is one of LOGGING_CHANGES (constants, no user input). */
export function loggingChangeSql(source: string, name: string): string {
  const sources = [...new Set(LOGGING_CHANGES.map((c) => c.eventSource))];
  const bySource = sources.map((s) => {
    const names = LOGGING_CHANGES.filter((c) => c.eventSource === s).map((c) => `'${c.eventName}'`);
    return `(${source} = '${s}' AND ${name} IN (${names.join(", ")}))`;
  });
  return `(${bySource.join(" OR ")})`;
}

export const IAM_SOURCE = "iam.amazonaws.com";
