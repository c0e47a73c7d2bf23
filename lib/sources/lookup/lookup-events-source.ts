import { type CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import type { TimeRange } from "../../query/event-query";
import { describeAwsError, isTransientAwsError } from "../aws-errors";
import type { FilePlan, LoadScope, TrailFileRef, TrailFileSource } from "../source-types";
import { lookupScopeKey, lookupScopeOf } from "./lookup-scope";
import { type LookupSlice, lookupSlices } from "./lookup-slices";
import { type RequestRateLimiter, sharedRateLimiter } from "./request-rate-limiter";

/**
 * Management and Insights events of one Region from LookupEvents (the
 * console's Event history). Each time window is presented to the loader as a
 * file in the LookupEvents response shape (`{"Events":[...]}`, every page of
 * the window), so reading, normalizing, merging with trail files by eventID,
 * progress and problems all work as for trail files.
 */

export interface LookupSourceOptions {
  /** Defaults to the process-wide limiter of `lookup:<region>`. */
  limiter?: RequestRateLimiter;
  /** Attempts per page on throttling and transient errors. */
  maxAttempts?: number;
  now?: () => number;
}

export interface LookupStats {
  requests: number;
  throttled: number;
}

const PAGE_SIZE = 50;
const encoder = new TextEncoder();

export class LookupEventsSource implements TrailFileSource {
  readonly kind = "lookup" as const;
  readonly id: string;
  /** The newest window changes by the minute. */
  readonly relistAfterMs = 60_000;
  /** Windows read at once; the rate limiter is what really bounds the calls. */
  readonly concurrency = 2;
  readonly apiCalls: LookupStats = { requests: 0, throttled: 0 };
  private readonly limiter: RequestRateLimiter;
  private readonly maxAttempts: number;
  private readonly now: () => number;

  constructor(
    private readonly client: CloudTrailClient,
    readonly region: string,
    options: LookupSourceOptions = {},
  ) {
    this.id = `lookup:${region}`;
    this.limiter = options.limiter ?? sharedRateLimiter(this.id);
    this.maxAttempts = options.maxAttempts ?? 8;
    this.now = options.now ?? Date.now;
  }

  /** Filters that narrow the calls differently are loaded apart. */
  variantOf(filter: LoadScope): string {
    return lookupScopeKey(lookupScopeOf(filter));
  }

  async planRange(range: TimeRange, filter: LoadScope = {}): Promise<FilePlan> {
    const slices = lookupSlices(range, this.now(), lookupScopeOf(filter));
    const files: TrailFileRef[] = slices.map((slice) => ({
      kind: this.kind,
      source: this.id,
      key: slice.key,
      version: slice.version,
      size: 0,
      timeWindow: { from: slice.from, to: slice.to },
      coveredBy: slice.coveredBy,
      open: () => this.windowBody(slice),
    }));
    return { files, problems: [] };
  }

  /** Every page of a window, as the bytes of one `{"Events":[...]}` document. */
  private async *windowBody(slice: LookupSlice): AsyncIterable<Uint8Array> {
    yield encoder.encode('{"Events":[');
    let token: string | undefined;
    let first = true;
    do {
      const page = await this.lookupPage(slice, token);
      for (const event of page.Events ?? []) {
        yield encoder.encode((first ? "" : ",") + JSON.stringify(event));
        first = false;
      }
      token = page.NextToken;
    } while (token);
    yield encoder.encode("]}");
  }

  private async lookupPage(slice: LookupSlice, token: string | undefined) {
    const command = new LookupEventsCommand({
      StartTime: new Date(slice.from),
      // EndTime is inclusive; windows are half-open.
      EndTime: new Date(Date.parse(slice.to) - 1),
      MaxResults: PAGE_SIZE,
      NextToken: token,
      ...(slice.category === "insight" ? { EventCategory: "insight" as const } : {}),
      ...(slice.attribute
        ? {
            LookupAttributes: [
              { AttributeKey: slice.attribute.key, AttributeValue: slice.attribute.value },
            ],
          }
        : {}),
    });
    for (let attempt = 1; ; attempt++) {
      await this.limiter.acquire();
      this.apiCalls.requests++;
      try {
        return await this.client.send(command);
      } catch (error) {
        const throttled = (error as { name?: string }).name === "ThrottlingException";
        if (throttled) this.apiCalls.throttled++;
        if (!(throttled || isTransientAwsError(error)) || attempt >= this.maxAttempts) {
          throw new Error(
            `LookupEvents in ${this.region} for ${slice.key} failed: ${describeAwsError(error)}`,
            { cause: error },
          );
        }
        // Full jitter on an exponential base; throttling also delays every other caller.
        const delay = Math.min(20_000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
        if (throttled) this.limiter.backOff(delay);
        else await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
