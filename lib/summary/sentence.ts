import type { ActorType } from "../cloudtrail/event-schema";
import type { SummaryAction } from "../query/summary-response";
import { joinNames, serviceDisplayName } from "./services";

/** What one sentence about an actor says; services are the store's short names (`iam`, `s3`). */
export interface SentenceFacts {
  actor: string;
  actorType: ActorType;
  events: number;
  changes: number;
  reads: number;
  errors: number;
  denied: number;
  console: number;
  sessionCount: number;
  /** Short service names of the changes, most changes first. */
  changedServices: readonly string[];
  /** Short service names called, most calls first. */
  services: readonly string[];
  topActions: readonly SummaryAction[];
  topActionsAre: "changes" | "calls";
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function who(f: SentenceFacts): string {
  switch (f.actorType) {
    case "role":
      return `${f.actor} (role, ${plural(f.sessionCount, "session")})`;
    case "service":
      return `${f.actor} (AWS service)`;
    default:
      return f.actor;
  }
}

function services(names: readonly string[]): string {
  return joinNames([...new Set(names.map(serviceDisplayName))]);
}

/**
 * One sentence a manager can read: "alice made 12 changes in IAM and S3
 * (CreateUser ×2, PutBucketPolicy ×1, …), 3 denied." / "web-server (role,
 * 4 sessions) made no changes: 230 reads in S3." Root use is called out.
 */
export function actorSentence(f: SentenceFacts): string {
  let body: string;
  if (f.changes > 0) {
    const listed = f.topActionsAre === "changes" ? f.topActions : [];
    const shown = listed.reduce((n, a) => n + a.count, 0);
    const actions = listed.map((a) => `${a.eventName} ×${a.count}`);
    if (shown < f.changes) actions.push("…");
    const where = services(f.changedServices);
    body =
      `made ${plural(f.changes, "change")}${where ? ` in ${where}` : ""}` +
      (actions.length > 0 ? ` (${actions.join(", ")})` : "");
  } else {
    const what = f.reads === f.events ? plural(f.events, "read") : plural(f.events, "call");
    const where = services(f.services);
    body = `made no changes: ${what}${where ? ` in ${where}` : ""}`;
  }
  const tail: string[] = [];
  if (f.denied > 0) tail.push(`${f.denied} denied`);
  const otherErrors = f.errors - f.denied;
  if (otherErrors > 0) tail.push(`${otherErrors} failed`);
  if (f.actorType !== "service" && f.console > 0) {
    tail.push(f.console === f.events ? "all from the console" : `${f.console} from the console`);
  }
  const root = f.actorType === "root" ? " — root account use" : "";
  return `${who(f)} ${body}${tail.length > 0 ? `, ${tail.join(", ")}` : ""}${root}.`;
}
