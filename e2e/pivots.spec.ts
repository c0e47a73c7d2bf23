import { expect, test } from "@playwright/test";
import { EventsPage, ROW_CLICK } from "./events-page";

/**
 * #18, 5: pivots from an event's detail: every identity fact with "only this",
 * "exclude" and "all events in the range"; related events in time order and
 * over the whole range; resources linked to their console page.
 */

/** The sample's incident: the ci-deploy key used from a Tor exit node (README). */
const INCIDENT_VIEW = "q=185.220.101.47&eventName=CreateUser";

test.describe("pivots from an event", () => {
  test("the detail lists the caller's identity, each fact with its three pivots", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open(INCIDENT_VIEW);
    await events.waitLoaded();
    await events.rows.first().click({ position: ROW_CLICK });
    const identity = page.getByTestId("event-identity");
    await expect(page.getByTestId("fact-access-key")).toHaveText(/^AKIA/);
    const key = (await page.getByTestId("fact-access-key").textContent())!;
    for (const [field, text] of [
      ["principal", "ci-deploy"],
      ["principalArn", "arn:aws:iam::111122223333:user/ci-deploy"],
      ["accessKeyId", key],
      ["sourceIp", "185.220.101.47"],
      ["userAgent", "aws-cli/1.18.69"],
      ["callerAccount", "111122223333"],
    ]) {
      const row = identity.getByTestId(`identity-${field}`);
      await expect(row).toContainText(text!);
      for (const pivot of ["pivot-only", "pivot-exclude", "pivot-range"]) {
        await expect(row.getByTestId(pivot), `${field} ${pivot}`).toBeVisible();
      }
    }

    // Only this source IP: the view narrows, the event stays open.
    const eventId = new URL(page.url()).searchParams.get("event");
    await identity.getByTestId("identity-sourceIp").getByTestId("pivot-only").click();
    await expect
      .poll(() => new URL(page.url()).searchParams.get("sourceIp"))
      .toBe("185.220.101.47");
    expect(new URL(page.url()).searchParams.get("event")).toBe(eventId);
    expect(new URL(page.url()).searchParams.get("q")).toBe("185.220.101.47");

    // Exclude the key: the event leaves the view (every incident call used it).
    await identity.getByTestId("identity-accessKeyId").getByTestId("pivot-exclude").click();
    await expect.poll(() => new URL(page.url()).searchParams.get("-accessKeyId")).toBe(key);
    expect(new URL(page.url()).searchParams.get("event")).toBeNull();
    await expect(page.getByTestId("no-events")).toBeVisible();
  });

  test("all events of an access key over the range: past the 15 minutes, other filters dropped", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open(INCIDENT_VIEW);
    await events.waitLoaded();
    await events.rows.first().click({ position: ROW_CLICK });
    const key = (await page.getByTestId("fact-access-key").textContent())!;
    await page.getByTestId("identity-accessKeyId").getByTestId("pivot-range").click();
    await expect.poll(() => new URL(page.url()).searchParams.get("accessKeyId")).toBe(key);
    await events.waitLoaded();
    expect(events.filterParams()).toEqual(["accessKeyId"]);
    expect(await events.chips()).toEqual([`accessKeyId=${key}`]);
    // The key's whole history in the sample, not its 15 minutes around the event.
    expect(await events.totalCount()).toBe(825);
  });

  test("an assumed role's session shows its issuer and MFA, both pivots", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open("category=Data&principalType=AssumedRole");
    await events.waitLoaded();
    await events.rows.first().click({ position: ROW_CLICK });
    const issuer = page.getByTestId("identity-sessionIssuer");
    await expect(issuer).toContainText(/^Session issuerarn:aws:iam::\d{12}:role\//);
    await expect(page.getByTestId("identity-mfa")).toContainText(/MFA(no|yes)/);
    await issuer.getByTestId("pivot-range").click();
    await expect(page).toHaveURL(/sessionIssuer=arn/);
    await events.waitLoaded();
    const chip = page.getByTestId("filter-chip");
    await expect(chip).toHaveCount(1);
    await expect(chip).toContainText("Session issuer");
  });

  test("related events read in time order around the event, and open over the whole range", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open(INCIDENT_VIEW);
    await events.waitLoaded();
    await events.rows.first().click({ position: ROW_CLICK });
    const group = page.getByTestId("related-accessKey");
    await expect(group).toBeVisible();
    const times = await group
      .locator('[data-testid="related-event"] time, [data-testid="related-self"] time')
      .evaluateAll((els) => els.map((t) => t.getAttribute("datetime")!));
    expect(times.length).toBeGreaterThan(5);
    expect([...times].sort()).toEqual(times);
    await expect(group.getByTestId("related-self")).toContainText("CreateUser (this event)");
    await expect(group.getByTestId("related-in-table")).toContainText("within 15 min");
    const whole = group.getByTestId("related-whole-range");
    await expect(whole).toHaveText("824 in the whole range");
    await whole.click();
    await expect(page).toHaveURL(/accessKeyId=AKIA/);
    await events.waitLoaded();
    // The range's events with the key: the event itself and the 824 others.
    expect(await events.totalCount()).toBe(825);
  });

  test("a resource's ARN links to its AWS console page, as text, in a new tab without referrer", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open("q=185.220.101.47&eventName=GetObject");
    await events.waitLoaded();
    await events.rows.first().click({ position: ROW_CLICK });
    const resource = page.getByTestId("resource").first();
    await expect(resource).toContainText("acme-prod-customer-exports/");
    const link = resource.getByTestId("resource-console");
    await expect(link).toHaveAttribute(
      "href",
      /^https:\/\/console\.aws\.amazon\.com\/s3\/object\/acme-prod-customer-exports\?prefix=/,
    );
    await expect(link).toHaveAttribute("rel", "noopener noreferrer");
    await expect(link).toHaveAttribute("target", "_blank");
  });
});
