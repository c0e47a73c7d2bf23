import { boto3Agent, lambdaJsAgent } from "./agents";
import { bucket, fn, roleCaller, serviceCaller, table } from "./callers";
import { DEV, PROD, SPAN_DAYS, SPAN_FROM_MS, type AccountId, type Region } from "./config";
import { dynamoItem, lambdaInvoke, objectKey, s3Object, type DynamoOp } from "./data-events";
import { HANDS_ON_ACTORS } from "./data-people";
import { ROLES } from "./directory";
import { inventory } from "./inventory";
import type { Actor } from "./schedule";
import { DAY, HOUR, iso } from "./time";

/** Workloads that produce data events: APIs on Lambda and DynamoDB, scheduled jobs, app servers. */

const DYNAMO_WEIGHTS: readonly (readonly [DynamoOp, number])[] = [
  ["GetItem", 4],
  ["Query", 3],
  ["PutItem", 2],
  ["UpdateItem", 2],
];

/** An API request: API Gateway invokes the function, the function reads and writes items. */
function apiRequests(
  account: AccountId,
  fnName: string,
  tables: readonly string[],
  perDay: number,
  hours?: readonly [number, number],
): Actor {
  return {
    id: `api-${fnName}-${hours ? "peak" : "all"}`,
    perDay,
    hours,
    run: (rng, start, out) => {
      const f = fn(account, fnName);
      out.push(
        lambdaInvoke(
          rng,
          serviceCaller("apigateway.amazonaws.com", account),
          f,
          account,
          start,
          `arn:aws:execute-api:${f.region}:${account}:k7q3x9m2p1/prod/POST/orders`,
        ),
      );
      const role = account === DEV ? ROLES.devApp : ROLES.ordersLambda;
      const caller = roleCaller(rng, role, f.name, f.region, start, lambdaJsAgent("dynamodb"));
      let t = start + rng.int(20, 400);
      for (let i = rng.int(2, 7); i > 0; i--) {
        out.push(
          dynamoItem(
            rng,
            caller,
            rng.weighted(DYNAMO_WEIGHTS),
            table(account, rng.pick(tables)),
            account,
            t,
          ),
        );
        t += rng.int(5, 300);
      }
    },
  };
}

const daily = (hour: number, minute: number): number[] =>
  Array.from(
    { length: SPAN_DAYS },
    (_, d) => SPAN_FROM_MS + d * DAY + hour * HOUR + minute * 60_000,
  );
const hourly = (minute: number): number[] =>
  Array.from(
    { length: SPAN_DAYS * 24 },
    (_, h) => SPAN_FROM_MS + h * HOUR + minute * 60_000 + 5_000,
  );

/** EventBridge Scheduler starts the nightly export; the export writes customer files to S3. */
const nightlyExport: Actor = {
  id: "nightly-export",
  perDay: 0,
  at: daily(1, 0),
  run: (rng, start, out) => {
    const f = fn(PROD, "export-scheduler");
    const scheduler = roleCaller(
      rng,
      ROLES.schedulerProd,
      rng.hex(32),
      f.region,
      start,
      "scheduler.amazonaws.com",
      "scheduler.amazonaws.com",
    );
    out.push(lambdaInvoke(rng, scheduler, f, PROD, start));
    const caller = roleCaller(
      rng,
      ROLES.exportLambda,
      f.name,
      f.region,
      start,
      lambdaJsAgent("s3"),
    );
    const exports = bucket(PROD, "acme-prod-customer-exports");
    const day = iso(start).slice(0, 10).replace(/-/g, "");
    let t = start + 1_500;
    for (let part = 0; part < 8; part++) {
      out.push(dynamoItem(rng, caller, "Query", table(PROD, "customers"), PROD, t));
      t += rng.int(2_000, 9_000);
      out.push(
        s3Object(
          rng,
          caller,
          "PutObject",
          exports,
          `exports/2026/11/customers-${day}-${String(part).padStart(4, "0")}.csv.gz`,
          t,
          { bytes: rng.int(4_000_000, 40_000_000) },
        ),
      );
      t += rng.int(1_000, 4_000);
    }
  },
};

/** Hourly invoice run: reads templates and orders. */
const invoiceRun: Actor = {
  id: "invoice-run",
  perDay: 0,
  at: hourly(15),
  run: (rng, start, out) => {
    const f = fn(PROD, "invoice-renderer");
    out.push(
      lambdaInvoke(
        rng,
        roleCaller(
          rng,
          ROLES.schedulerProd,
          rng.hex(32),
          f.region,
          start,
          "scheduler.amazonaws.com",
          "scheduler.amazonaws.com",
        ),
        f,
        PROD,
        start,
      ),
    );
    const caller = roleCaller(
      rng,
      ROLES.invoiceLambda,
      f.name,
      f.region,
      start,
      lambdaJsAgent("s3"),
    );
    const assets = bucket(PROD, "acme-prod-app-assets");
    out.push(
      s3Object(rng, caller, "GetObject", assets, "templates/invoice-v3.html", start + 800, {
        bytes: 18_422,
      }),
    );
    out.push(dynamoItem(rng, caller, "Query", table(PROD, "orders"), PROD, start + 1_300));
    if (rng.chance(0.5))
      out.push(dynamoItem(rng, caller, "UpdateItem", table(PROD, "orders"), PROD, start + 2_100));
  },
};

/** Application servers serve static assets from S3 and keep EU sessions in DynamoDB. */
const appServerData: Actor = {
  id: "app-server-data",
  perDay: 40,
  run: (rng, start, out) => {
    const region: Region = rng.chance(0.7) ? "us-east-1" : "eu-west-1";
    const instance = rng.pick(inventory(PROD).network[region].instances);
    const caller = roleCaller(
      rng,
      ROLES.appServer,
      instance,
      region,
      start,
      boto3Agent("6.1.112-124.190.amzn2023.x86_64"),
    );
    const assets = bucket(PROD, "acme-prod-app-assets");
    let t = start;
    for (let i = rng.int(2, 6); i > 0; i--) {
      out.push(s3Object(rng, caller, "GetObject", assets, objectKey(rng, assets, t), t));
      t += rng.int(50, 20_000);
    }
    if (region === "eu-west-1") {
      for (let i = rng.int(1, 4); i > 0; i--) {
        out.push(
          dynamoItem(
            rng,
            caller,
            rng.chance(0.6) ? "GetItem" : "PutItem",
            table(PROD, "sessions"),
            PROD,
            t,
          ),
        );
        t += rng.int(50, 5_000);
      }
    }
  },
};

/** One fixed session in the sample's last minutes, so its newest page shows data events. */
const lateAppServerData: Actor = {
  ...appServerData,
  id: "app-server-data-late",
  at: [Date.UTC(2026, 10, 6, 23, 57, 30)],
};

export const DATA_ACTORS: readonly Actor[] = [
  apiRequests(PROD, "orders-api", ["orders", "customers"], 66, [13, 23]),
  apiRequests(PROD, "orders-api", ["orders", "customers"], 25),
  apiRequests(PROD, "orders-api-eu", ["sessions"], 25, [7, 18]),
  apiRequests(DEV, "orders-api-dev", ["orders-dev"], 18, [14, 23]),
  nightlyExport,
  invoiceRun,
  appServerData,
  lateAppServerData,
  ...HANDS_ON_ACTORS,
];
