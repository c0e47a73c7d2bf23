import type { ActorType } from "../cloudtrail/event-schema";
import { actorFilter } from "../query/drill-down";
import { HIGHLIGHT_KINDS, type Highlight } from "../query/summary-response";
import type { ActionCount } from "../store/actor-activity";
import type { Novelty } from "../store/baseline-novelties";
import type { RiskSignals } from "../store/risk-signals";
import { NO_CONTEXT, RISK, changeRisk, clampRisk, severityOf } from "./risk";
import {
  type ActorChangeContext,
  actorKeyText,
  changeContexts,
  contextReasons,
  insightHighlights,
  readBurstHighlights,
  resourcePolicyHighlights,
} from "./risk-highlights";
import { IAM_SOURCE, loggingChangeOf } from "./rules";
import { joinNames } from "./services";

/**
 * The few facts of a range that matter most, ranked by risk (lib/summary/risk.ts):
 * root use; changes to logging (tried or done); resource policies opened to
 * an account outside the trail's accounts; IAM changes; bursts of data reads
 * from an address new to the data; Insights events; access denials; a region
 * or source IP an actor had not used in the baseline window. An IAM or
 * logging change from an address new to the data, or an actor's first, ranks
 * above routine ones. Each carries the events-table parameters that show the
 * events behind it.
 */

/** Per actor, what the highlights look at. */
export interface ActorFacts {
  actor: string;
  actorType: ActorType;
  actorAccount: string | null;
  accounts: readonly string[];
  events: number;
  changes: number;
  denied: number;
  /** Error codes of the denials, most frequent first. */
  deniedCodes: readonly string[];
  /** The calls denied, most denied first. */
  deniedActions: readonly ActionCount[];
  /** IAM changes (calls to iam.amazonaws.com that are not read-only), most first. */
  iamChanges: readonly ActionCount[];
  /** Calls of LOGGING_CHANGES, most first, with how many of them failed. */
  loggingCalls: readonly (ActionCount & { failed: number })[];
}

export interface HighlightInput {
  actors: readonly ActorFacts[];
  novelties: readonly Novelty[];
  /** "the previous 24 hours" */
  baselineLabel: string;
  /** What the store found that raises risks, and the view's range it is judged for. */
  risk?: { signals: RiskSignals; range: { from: string; to: string } };
}

export const MAX_HIGHLIGHTS = 8;
export const MAX_PER_KIND = 3;

const times = (a: ActionCount) => `${a.eventName} ×${a.count}`;

function actionList(actions: readonly ActionCount[], max = 3): string {
  const shown = actions.slice(0, max).map(times);
  if (actions.length > max) shown.push("…");
  return shown.join(", ");
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A highlight of `risk`, its severity following. */
function rated(risk: number, highlight: Omit<Highlight, "risk" | "severity">): Highlight {
  return { ...highlight, risk, severity: severityOf(risk) };
}

/** `text` and the reasons that raised its risk: "…: from 185.220.101.47, an address new to the data." */
const withReasons = (text: string, reasons: readonly string[]) =>
  `${text}${reasons.length > 0 ? `: ${reasons.join("; ")}` : ""}.`;

function rootHighlight(a: ActorFacts): Highlight {
  const detail = [
    a.changes > 0 ? plural(a.changes, "change") : null,
    a.denied > 0 ? `${a.denied} denied` : null,
  ].filter(Boolean);
  return rated(clampRisk(RISK.root + (a.changes > 0 ? RISK.rootChanged : 0)), {
    kind: "root",
    actor: a.actor,
    text: `The root user made ${plural(a.events, "call")} in ${
      a.accounts.length === 1 ? `account ${a.accounts[0]}` : `accounts ${joinNames(a.accounts)}`
    }${detail.length > 0 ? ` (${detail.join(", ")})` : ""}: root account use should be rare.`,
    filter: { actorType: ["root"] },
  });
}

function loggingHighlight(
  a: ActorFacts,
  context: ActorChangeContext | undefined,
): Highlight | null {
  if (a.loggingCalls.length === 0) return null;
  const done = a.loggingCalls.filter((c) => c.count > c.failed);
  const off = a.loggingCalls.some(
    (c) => loggingChangeOf(c.eventSource, c.eventName)?.severity === "high",
  );
  const failed = a.loggingCalls.reduce((n, c) => n + c.failed, 0);
  const calls = actionList(a.loggingCalls, 4);
  let text: string;
  if (done.length === 0) {
    text = `${a.actor} tried to change logging and failed (${calls})`;
  } else {
    const does = done
      .map((c) => loggingChangeOf(c.eventSource, c.eventName)?.does ?? c.eventName)
      .filter((d, i, all) => all.indexOf(d) === i);
    text = `${a.actor} ${joinNames(does)} (${calls}${failed > 0 ? `; ${failed} failed` : ""})`;
  }
  const found = context?.logging ?? NO_CONTEXT;
  // Counted over every call of the view (the signals keep the newest only).
  const logging = { ...found, allFailed: done.length === 0 };
  return rated(changeRisk(off ? RISK.loggingOff : RISK.loggingChanged, logging), {
    kind: "logging",
    actor: a.actor,
    text: withReasons(text, contextReasons(logging, "logging change")),
    filter: {
      ...actorFilter(a),
      eventSource: [...new Set(a.loggingCalls.map((c) => c.eventSource))],
      eventName: [...new Set(a.loggingCalls.map((c) => c.eventName))],
    },
  });
}

function deniedHighlight(a: ActorFacts): Highlight | null {
  if (a.denied === 0) return null;
  return rated(a.actorType === "root" || a.denied >= 10 ? RISK.deniedMany : RISK.denied, {
    kind: "denied",
    actor: a.actor,
    text: `${a.actor} was denied ${plural(a.denied, "time")} (${actionList(a.deniedActions)}).`,
    filter: { ...actorFilter(a), errorCode: [...a.deniedCodes] },
  });
}

function iamHighlight(a: ActorFacts, context: ActorChangeContext | undefined): Highlight | null {
  const changes = a.iamChanges.reduce((n, c) => n + c.count, 0);
  if (changes === 0 || a.actorType === "service") return null;
  const iam = context?.iam;
  const base =
    (iam?.access ? RISK.iamAccess : RISK.iamOther) +
    (iam?.grantsAdministrator ? RISK.grantsAdministrator : 0);
  const reasons = [
    iam?.grantsAdministrator ? "granting administrator access" : null,
    ...contextReasons(iam ?? NO_CONTEXT, "IAM access change"),
    iam?.allFailed ? "every one that gives access failed" : null,
  ].filter((r): r is string => r !== null);
  return rated(changeRisk(base, iam ?? NO_CONTEXT), {
    kind: "iam",
    actor: a.actor,
    text: withReasons(
      `${a.actor} made ${plural(changes, "IAM change")} (${actionList(a.iamChanges)})`,
      reasons,
    ),
    filter: { ...actorFilter(a), eventSource: [IAM_SOURCE], readOnly: ["false"] },
  });
}

function noveltyHighlights(novelties: readonly Novelty[], baselineLabel: string): Highlight[] {
  const grouped = new Map<string, Novelty[]>();
  for (const n of novelties) {
    const key = `${n.kind}\u0000${n.actor}`;
    grouped.set(key, [...(grouped.get(key) ?? []), n]);
  }
  const out: (Highlight & { weight: number })[] = [];
  for (const group of grouped.values()) {
    const first = group[0]!;
    const values = [...group].sort((x, y) => y.events - x.events || x.value.localeCompare(y.value));
    const names = values.map((v) => v.value);
    const region = first.kind === "region";
    const risk = first.actorType === "root" ? RISK.newPlaceRoot : RISK.newPlace;
    out.push({
      ...rated(risk, {
        kind: region ? "new-region" : "new-ip",
        actor: first.actor,
        text: region
          ? `${first.actor} used ${joinNames(names)} for the first time compared with ${baselineLabel}.`
          : `${first.actor} called from ${joinNames(names, 2)} for the first time compared with ${baselineLabel}.`,
        filter: { actor: [first.actor], [region ? "region" : "sourceIp"]: names },
      }),
      weight: values.reduce((n, v) => n + v.events, 0),
    });
  }
  return out
    .sort((a, b) => b.weight - a.weight || a.text.localeCompare(b.text))
    .map(({ weight: _weight, ...h }) => h);
}

const KIND_RANK = new Map(HIGHLIGHT_KINDS.map((k, i) => [k, i]));

const byRisk = (a: Highlight, b: Highlight) => b.risk - a.risk;

const iamCount = (a: ActorFacts) => a.iamChanges.reduce((n, c) => n + c.count, 0);
const loggingCount = (a: ActorFacts) => a.loggingCalls.reduce((n, c) => n + c.count, 0);

/**
 * Highest risk first; at equal risk by kind (HIGHLIGHT_KINDS' order), and
 * within a kind the largest first. At most MAX_PER_KIND of a kind (its
 * riskiest) and MAX_HIGHLIGHTS in all.
 */
export function buildHighlights(input: HighlightInput): Highlight[] {
  const sorted = (key: (a: ActorFacts) => number) =>
    [...input.actors].sort((a, b) => key(b) - key(a) || a.actor.localeCompare(b.actor));
  const novel = noveltyHighlights(input.novelties, input.baselineLabel);
  const risk = input.risk;
  const contexts = risk ? changeContexts(risk.signals, risk.range) : new Map();
  const contextOf = (a: ActorFacts) => contexts.get(actorKeyText(a));
  const kinds: (Highlight | null)[][] = [
    input.actors.filter((a) => a.actorType === "root").map(rootHighlight),
    sorted(loggingCount).map((a) => loggingHighlight(a, contextOf(a))),
    risk ? resourcePolicyHighlights(risk.signals, risk.range) : [],
    sorted(iamCount).map((a) => iamHighlight(a, contextOf(a))),
    risk ? readBurstHighlights(risk.signals, risk.range) : [],
    risk ? insightHighlights(risk.signals) : [],
    sorted((a) => a.denied).map(deniedHighlight),
    novel.filter((h) => h.kind === "new-region"),
    novel.filter((h) => h.kind === "new-ip"),
  ];
  // Stable sorts: within a risk, each kind keeps its own order.
  return kinds
    .flatMap((list) =>
      list
        .filter((h): h is Highlight => h !== null)
        .sort(byRisk)
        .slice(0, MAX_PER_KIND),
    )
    .sort((a, b) => byRisk(a, b) || KIND_RANK.get(a.kind)! - KIND_RANK.get(b.kind)!)
    .slice(0, MAX_HIGHLIGHTS);
}
