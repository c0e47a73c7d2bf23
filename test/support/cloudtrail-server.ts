import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local CloudTrail endpoint speaking the real wire protocol of LookupEvents
 * (AWS JSON 1.1, `X-Amz-Target: CloudTrail_20131101.LookupEvents`), with the
 * service's limits: at most 50 results per page, newest first; NextToken only
 * valid with the same parameters; one lookup attribute (Insights: EventId,
 * EventName or EventSource only); 2 requests/s per Region, beyond which it
 * answers ThrottlingException. It serves the records it is given: management
 * events normally, Insights events with `EventCategory=insight`.
 */

type Json = Record<string, unknown>;

export interface CloudTrailTestServer {
  endpoint: string;
  /** Every LookupEvents call, with its Region and whether it was throttled. */
  calls: { region: string; at: number; throttled: boolean; body: Json }[];
  stop(): Promise<void>;
}

export interface CloudTrailServerOptions {
  /** Records per Region (raw CloudTrail records, as in trail files). */
  records?: Record<string, Json[]>;
  /** Requests per second per Region before ThrottlingException (2, as AWS). */
  ratePerSecond?: number;
  /** Throttle this many requests first, whatever the rate (to test recovery). */
  throttleFirst?: number;
  /** Throttle a request when this says so (called for each request within the rate). */
  throttleWhen?: (request: { region: string; body: Json }) => boolean;
  /**
   * The digest signing keys ListPublicKeys answers with (every Region), each valid from/to
   * (epoch ms); `"denied"`: it answers AccessDeniedException.
   */
  publicKeys?: DigestSigningKey[] | "denied";
}

export interface DigestSigningKey {
  /** DER PKCS#1, as the service returns it. */
  der: Buffer;
  fingerprint: string;
  validFrom: number;
  validTo: number;
}

const TARGET = "CloudTrail_20131101.LookupEvents";
const LIST_PUBLIC_KEYS = "CloudTrail_20131101.ListPublicKeys";

/** ListPublicKeys: the keys valid at some time within [StartTime, EndTime] (epoch seconds). */
function answerPublicKeys(
  res: ServerResponse,
  keys: CloudTrailServerOptions["publicKeys"],
  body: Json,
): void {
  if (keys === "denied") {
    return fail(
      res,
      400,
      "AccessDeniedException",
      "User is not authorized to perform: cloudtrail:ListPublicKeys",
    );
  }
  const start = typeof body.StartTime === "number" ? body.StartTime * 1000 : Date.now();
  const end = typeof body.EndTime === "number" ? body.EndTime * 1000 : Date.now();
  const list = (keys ?? [])
    .filter((k) => k.validFrom <= end && k.validTo >= start)
    .map((k) => ({
      Value: k.der.toString("base64"),
      ValidityStartTime: k.validFrom / 1000,
      ValidityEndTime: k.validTo / 1000,
      Fingerprint: k.fingerprint,
    }));
  res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
  res.end(JSON.stringify({ PublicKeyList: list }));
}
const ATTRIBUTE_FIELD: Record<string, (r: Json) => unknown> = {
  EventId: (r) => r.eventID,
  // Insights events are looked up by the API they watched.
  EventName: (r) => (isInsight(r) ? insightDetails(r).eventName : r.eventName),
  EventSource: (r) => (isInsight(r) ? insightDetails(r).eventSource : r.eventSource),
  ReadOnly: (r) => String(r.readOnly ?? ""),
  Username: (r) => username(r),
  AccessKeyId: (r) => (r.userIdentity as Json | undefined)?.accessKeyId,
  ResourceName: (r) => resourcesOf(r).map((x) => x.ResourceName),
  ResourceType: (r) => resourcesOf(r).map((x) => x.ResourceType),
};
const INSIGHT_ATTRIBUTES = new Set(["EventId", "EventName", "EventSource"]);

function username(r: Json): string | undefined {
  const id = (r.userIdentity ?? {}) as Json;
  const issuer = ((id.sessionContext as Json | undefined)?.sessionIssuer ?? {}) as Json;
  const arn = typeof id.arn === "string" ? id.arn : "";
  return (id.userName as string) ?? (arn.split("/").pop() || (issuer.userName as string));
}

function resourcesOf(r: Json): { ResourceType?: string; ResourceName?: string }[] {
  const list = Array.isArray(r.resources) ? (r.resources as Json[]) : [];
  return list.map((x) => ({ ResourceType: x.type as string, ResourceName: x.ARN as string }));
}

const isInsight = (r: Json) => r.eventType === "AwsCloudTrailInsight";
const insightDetails = (r: Json) => (r.insightDetails ?? {}) as Json;
/** LookupEvents returns management events only (no data or network activity events). */
const isManagement = (r: Json) =>
  !isInsight(r) &&
  r.managementEvent !== false &&
  r.eventCategory !== "Data" &&
  r.eventCategory !== "NetworkActivity" &&
  r.eventType !== "AwsVpceEvent";

function toWireEvent(r: Json): Json {
  const resources = resourcesOf(r);
  return {
    EventId: r.eventID,
    EventName: ATTRIBUTE_FIELD.EventName!(r),
    ReadOnly: r.readOnly === undefined ? undefined : String(r.readOnly),
    AccessKeyId: (r.userIdentity as Json | undefined)?.accessKeyId,
    EventTime: Date.parse(r.eventTime as string) / 1000,
    EventSource: ATTRIBUTE_FIELD.EventSource!(r),
    Username: isInsight(r) ? undefined : username(r),
    Resources: resources.length > 0 ? resources : undefined,
    CloudTrailEvent: JSON.stringify(r),
  };
}

function fail(res: ServerResponse, status: number, type: string, message: string) {
  res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": type });
  res.end(JSON.stringify({ __type: type, message }));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startCloudTrailServer(
  options: CloudTrailServerOptions,
): Promise<CloudTrailTestServer> {
  const rate = options.ratePerSecond ?? 2;
  let toThrottle = options.throttleFirst ?? 0;
  const calls: CloudTrailTestServer["calls"] = [];
  // Newest first, as the service answers.
  const byRegion = new Map(
    Object.entries(options.records ?? {}).map(([region, records]) => [
      region,
      [...records].sort(
        (a, b) =>
          Date.parse(b.eventTime as string) - Date.parse(a.eventTime as string) ||
          String(b.eventID).localeCompare(String(a.eventID)),
      ),
    ]),
  );

  const server = createServer((req, res) => {
    void (async () => {
      const text = await readBody(req);
      if (req.method === "POST" && req.headers["x-amz-target"] === LIST_PUBLIC_KEYS) {
        return answerPublicKeys(res, options.publicKeys, JSON.parse(text || "{}") as Json);
      }
      if (req.method !== "POST" || req.headers["x-amz-target"] !== TARGET) {
        return fail(
          res,
          400,
          "UnknownOperationException",
          `unsupported ${req.headers["x-amz-target"]}`,
        );
      }
      const region = /Credential=[^/]+\/\d{8}\/([^/]+)\/cloudtrail\//.exec(
        String(req.headers.authorization ?? ""),
      )?.[1];
      if (!region) return fail(res, 403, "MissingAuthenticationTokenException", "not signed");
      const body = JSON.parse(text || "{}") as Json;
      const at = Date.now();
      const recent = calls.filter((c) => c.region === region && !c.throttled && at - c.at < 1000);
      const throttled =
        toThrottle > 0 ||
        recent.length >= rate ||
        (options.throttleWhen?.({ region, body }) ?? false);
      calls.push({ region, at, throttled, body });
      if (throttled) {
        toThrottle = Math.max(0, toThrottle - 1);
        return fail(res, 400, "ThrottlingException", "Rate exceeded");
      }

      const insight = body.EventCategory === "insight";
      const attributes = (body.LookupAttributes ?? []) as {
        AttributeKey: string;
        AttributeValue: string;
      }[];
      if (attributes.length > 1) {
        return fail(
          res,
          400,
          "InvalidLookupAttributesException",
          "You cannot specify more than one lookup attribute.",
        );
      }
      const attribute = attributes[0];
      if (
        attribute &&
        (!ATTRIBUTE_FIELD[attribute.AttributeKey] ||
          (insight && !INSIGHT_ATTRIBUTES.has(attribute.AttributeKey)))
      ) {
        return fail(
          res,
          400,
          "InvalidLookupAttributesException",
          `${attribute.AttributeKey} is not a valid lookup attribute here.`,
        );
      }
      const max = (body.MaxResults as number | undefined) ?? 50;
      if (!Number.isInteger(max) || max < 1 || max > 50) {
        return fail(res, 400, "InvalidMaxResultsException", "MaxResults must be 1 to 50.");
      }
      const { NextToken: token, ...params } = body;
      const paramsHash = createHash("sha256")
        .update(JSON.stringify(params))
        .digest("hex")
        .slice(0, 16);
      let offset = 0;
      if (typeof token === "string") {
        const [hash, at] = Buffer.from(token, "base64").toString("utf8").split(":");
        if (hash !== paramsHash) {
          return fail(
            res,
            400,
            "InvalidNextTokenException",
            "The NextToken does not match the request parameters.",
          );
        }
        offset = Number(at);
      }
      const start = body.StartTime === undefined ? -Infinity : (body.StartTime as number) * 1000;
      const end = body.EndTime === undefined ? Infinity : (body.EndTime as number) * 1000;
      const matching = (byRegion.get(region) ?? []).filter((r) => {
        const t = Date.parse(r.eventTime as string);
        if (t < start || t > end) return false;
        if (insight ? !isInsight(r) : !isManagement(r)) return false;
        if (!attribute) return true;
        const value = ATTRIBUTE_FIELD[attribute.AttributeKey]!(r);
        return Array.isArray(value)
          ? value.includes(attribute.AttributeValue)
          : value === attribute.AttributeValue;
      });
      const page = matching.slice(offset, offset + max);
      const next =
        offset + max < matching.length
          ? Buffer.from(`${paramsHash}:${offset + max}`).toString("base64")
          : undefined;
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
      res.end(
        JSON.stringify({ Events: page.map(toWireEvent), ...(next ? { NextToken: next } : {}) }),
      );
    })().catch((error: unknown) => fail(res, 500, "InternalFailure", String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
