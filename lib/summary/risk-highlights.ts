import { insightStatistics, rate } from "../cloudtrail/insight-summary";
import { clipText } from "../cloudtrail/normalize";
import { actorFilter } from "../query/drill-down";
import type { Highlight } from "../query/summary-response";
import type { ActorKey, NotableChange, RiskSignals } from "../store/risk-signals";
import { grantsAdministrator } from "./iam-access";
import { foreignGrants, resourcePolicyGrants } from "./resource-policy";
import {
  type ChangeContext,
  changeRisk,
  clampRisk,
  insightRatioRisk,
  isFirstInData,
  isNewAddress,
  READ_BURST_WINDOW_MS,
  RISK,
  severityOf,
} from "./risk";
import { isDeniedCode } from "./rules";
import { joinNames } from "./services";

/**
 * Highlights judged from the risk signals of a view (lib/store/risk-signals.ts):
 * what raises an actor's IAM and logging changes (an address new to the data,
 * a first change, administrator access), resource policies that let in an
 * account outside the trail's accounts, Insights events, and bursts of data
 * reads from an address new to the data. Pure.
 */

type Json = Record<string, unknown>;
type Range = { from: string; to: string };

export const actorKeyText = (a: ActorKey) =>
  `${a.actorType}\u0000${a.actorAccount ?? ""}\u0000${a.actor}`;

/** What an actor's IAM access changes, and logging changes, had around them. */
export interface ActorChangeContext {
  iam: ChangeContext & { grantsAdministrator: boolean; access: boolean };
  logging: ChangeContext;
}

function newAddressesOf(changes: readonly NotableChange[], signals: RiskSignals, range: Range) {
  const { dataStart, firstSeen } = signals;
  const ips = changes.map((c) => c.publicIp).filter((ip): ip is string => ip !== null);
  return [...new Set(ips)].filter((ip) => {
    const first = firstSeen[ip];
    return first !== undefined && dataStart !== null && isNewAddress(first, dataStart, range);
  });
}

/** Per actor (actorKeyText), the context of its IAM access changes and logging changes in the view. */
export function changeContexts(
  signals: RiskSignals,
  range: Range,
): Map<string, ActorChangeContext> {
  const byActor = new Map<string, NotableChange[]>();
  for (const c of signals.changes) {
    if (!c.iamAccess && !c.logging) continue;
    const key = actorKeyText(c);
    byActor.set(key, [...(byActor.get(key) ?? []), c]);
  }
  const firsts = new Map(signals.actorFirsts.map((f) => [actorKeyText(f), f]));
  const first = (time: string | null | undefined) =>
    !!time && signals.dataStart !== null && isFirstInData(time, signals.dataStart, range);
  const out = new Map<string, ActorChangeContext>();
  for (const [key, changes] of byActor) {
    const iam = changes.filter((c) => c.iamAccess);
    const logging = changes.filter((c) => c.logging);
    out.set(key, {
      iam: {
        access: iam.length > 0,
        newAddresses: newAddressesOf(iam, signals, range),
        firstInData: iam.length > 0 && first(firsts.get(key)?.firstIam),
        allFailed: iam.length > 0 && iam.every((c) => c.failed),
        grantsAdministrator: iam.some(
          (c) => !c.failed && c.record && grantsAdministrator(c.record),
        ),
      },
      logging: {
        newAddresses: newAddressesOf(logging, signals, range),
        firstInData: logging.length > 0 && first(firsts.get(key)?.firstLogging),
        allFailed: logging.length > 0 && logging.every((c) => c.failed),
      },
    });
  }
  return out;
}

/**
 * The reasons a change's context gives, for its sentence: "from
 * 185.220.101.47, an address new to the data", "their first IAM access
 * change in the data" (`what`: the kind of change).
 */
export function contextReasons(context: ChangeContext, what: string): string[] {
  const ips = context.newAddresses;
  return [
    ips.length > 0
      ? `from ${joinNames(ips, 2)}, ${ips.length === 1 ? "an address" : "addresses"} new to the data`
      : null,
    context.firstInData ? `their first ${what} in the data` : null,
  ].filter((r): r is string => r !== null);
}

const obj = (v: unknown): Json | null =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null;

/** Request parameters that name the resource of a resource-policy call. */
const RESOURCE_PARAMS = [
  "bucketName",
  "keyId",
  "queueUrl",
  "topicArn",
  "functionName",
  "secretId",
  "repositoryName",
  "roleName",
  "snapshotId",
  "imageId",
];

function resourceOf(change: NotableChange): string {
  const params = obj(change.record?.requestParameters);
  const named = RESOURCE_PARAMS.map((k) => params?.[k]).find((v) => typeof v === "string" && v);
  // From the record, which is not clipped like the columns: hostile names stay short.
  return change.resource ?? (typeof named === "string" ? clipText(named) : "a resource");
}

/** Resource policies of the view that let in an account outside the trail's accounts, or anyone. */
export function resourcePolicyHighlights(signals: RiskSignals, range: Range): Highlight[] {
  const known = new Set(signals.trailAccounts);
  const out: Highlight[] = [];
  for (const change of signals.changes) {
    if (!change.resourcePolicy || change.failed || !change.record) continue;
    const outside = foreignGrants(resourcePolicyGrants(change.record), known);
    if (!outside.anyone && outside.accounts.length === 0) continue;
    const context: ChangeContext = {
      newAddresses: newAddressesOf([change], signals, range),
      firstInData: false,
      allFailed: false,
    };
    const risk = changeRisk(outside.anyone ? RISK.publicGrant : RISK.foreignGrant, context);
    const to = [
      outside.anyone ? "anyone" : null,
      outside.accounts.length > 0
        ? `${outside.accounts.length === 1 ? "account" : "accounts"} ${joinNames(outside.accounts)}, outside the trail's accounts`
        : null,
    ].filter(Boolean);
    const reasons = contextReasons(context, "resource policy change");
    out.push({
      kind: "resource-policy",
      severity: severityOf(risk),
      risk,
      actor: change.actor,
      text:
        `${change.actor} opened ${resourceOf(change)} to ${to.join(" and ")} (${change.eventName})` +
        `${reasons.length > 0 ? `, ${reasons.join("; ")}` : ""}.`,
      filter: {
        ...actorFilter(change),
        eventSource: [change.eventSource],
        eventName: [change.eventName],
        ...(change.resource ? { resource: [change.resource] } : {}),
      },
    });
  }
  return out.sort((a, b) => b.risk - a.risk);
}

/** One highlight per Insights event (a Start and its End are one), from its record's statistics. */
export function insightHighlights(signals: RiskSignals): Highlight[] {
  const groups = new Map<string, RiskSignals["insights"]>();
  for (const i of signals.insights) {
    const key = i.sharedEventId ?? i.id;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  const out: Highlight[] = [];
  for (const events of groups.values()) {
    const judged = events
      .map((e) => ({ event: e, stats: e.record ? insightStatistics(e.record) : null }))
      .filter((x) => x.stats !== null);
    const chosen = judged.find((x) => x.stats!.state === "Start") ?? judged[0];
    if (!chosen) continue;
    // Read from the record, not the (clipped) columns: hostile values are cut like them.
    const raw = chosen.stats!;
    const stats = {
      ...raw,
      eventName: raw.eventName === null ? null : clipText(raw.eventName),
      eventSource: raw.eventSource === null ? null : clipText(raw.eventSource),
      errorCodes: raw.errorCodes.map(clipText),
    };
    const start = events.find((e) => obj(e.record?.insightDetails)?.state === "Start")?.time;
    const end = events.find((e) => obj(e.record?.insightDetails)?.state === "End")?.time;
    const from = start ?? chosen.event.time;
    const to =
      end ?? new Date(Date.parse(from) + (stats.durationMinutes ?? 1) * 60_000).toISOString();
    const denied = stats.errors && stats.errorCodes.some(isDeniedCode);
    const risk = clampRisk(
      (stats.errors ? RISK.insightErrors : RISK.insightCalls) +
        insightRatioRisk(stats.ratio) +
        (denied ? RISK.insightDenied : 0),
    );
    const { account, region } = chosen.event;
    const api = `${stats.eventName ?? "calls"} (${stats.eventSource ?? "a service"})`;
    const where = [account ? `account ${account}` : null, region].filter(Boolean).join(", ");
    const rates =
      stats.insightAverage !== null && stats.baselineAverage !== null
        ? ` (${rate(stats.insightAverage)} against ${rate(stats.baselineAverage)})`
        : "";
    const times =
      stats.ratio !== null ? `: ${stats.ratio.toLocaleString("en-US")}× usual${rates}` : rates;
    const minutes =
      stats.durationMinutes !== null
        ? ` for ${stats.durationMinutes} minute${stats.durationMinutes === 1 ? "" : "s"}`
        : "";
    const codes =
      stats.errors && stats.errorCodes.length > 0 ? `, ${joinNames(stats.errorCodes, 2)}` : "";
    out.push({
      kind: "insight",
      severity: severityOf(risk),
      risk,
      actor: null,
      text:
        `CloudTrail Insights: unusual ${stats.errors ? "error rate" : "call rate"} of ${api}` +
        `${where ? ` in ${where}` : ""}${times}${minutes}, from ${from.slice(0, 16).replace("T", " ")} UTC${codes}.`,
      filter: {
        from: [from],
        to: [to],
        ...(stats.eventSource ? { eventSource: [stats.eventSource] } : {}),
        ...(stats.eventName ? { eventName: [stats.eventName] } : {}),
        ...(account ? { account: [account] } : {}),
        ...(region ? { region: [region] } : {}),
      },
    });
  }
  return out.sort((a, b) => b.risk - a.risk);
}

/** Bursts of data reads from an address new to the data. */
export function readBurstHighlights(signals: RiskSignals, range: Range): Highlight[] {
  const { dataStart, firstSeen } = signals;
  const out: Highlight[] = [];
  for (const burst of signals.bursts) {
    const first = firstSeen[burst.sourceIp];
    if (!first || dataStart === null || !isNewAddress(first, dataStart, range)) continue;
    const risk = clampRisk(RISK.readBurst);
    const names = burst.names.slice(0, 3).map((n) => `${n.eventName} ×${n.count}`);
    if (burst.names.length > 3) names.push("…");
    out.push({
      kind: "read-burst",
      severity: severityOf(risk),
      risk,
      actor: burst.actors.length === 1 ? burst.actors[0]! : null,
      text:
        `${burst.sourceIp}, an address new to the data (first seen ${first.slice(0, 19).replace("T", " ")} UTC), ` +
        `made ${burst.reads.toLocaleString("en-US")} data reads (${names.join(", ")}), ` +
        `up to ${burst.peak.toLocaleString("en-US")} in ${READ_BURST_WINDOW_MS / 60_000} minutes, ` +
        `as ${joinNames(burst.actors)}.`,
      filter: { sourceIp: [burst.sourceIp], category: ["Data"], readOnly: ["true"] },
    });
  }
  return out;
}
