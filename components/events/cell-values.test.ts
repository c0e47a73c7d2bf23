import { describe, expect, it } from "vitest";
import type { EventListRow } from "@/lib/cloudtrail/event-schema";
import { insightLabel } from "./cell-values";

const insight = (details: Record<string, unknown>) =>
  ({ category: "Insight", raw: { insightDetails: details } }) as unknown as EventListRow;

describe("insightLabel", () => {
  it("leads with the API the insight watches, so a narrow column cuts only the rest", () => {
    const label = insightLabel(
      insight({ eventName: "CreateTags", insightType: "ApiCallRateInsight", state: "Start" }),
    );
    expect(label).toBe("CreateTags · call rate start");
    expect(
      insightLabel(
        insight({
          eventName: "DescribeInstances",
          insightType: "ApiErrorRateInsight",
          state: "End",
        }),
      ),
    ).toBe("DescribeInstances · error rate end");
  });

  it("keeps an unknown type's name, and says what it can without an API name", () => {
    expect(insightLabel(insight({ insightType: "FutureInsight", state: "Start" }))).toBe(
      "FutureInsight start",
    );
    expect(insightLabel({ category: "Insight", raw: null } as unknown as EventListRow)).toBeNull();
  });
});
