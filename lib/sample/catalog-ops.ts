import { inRegion, type ActionCtx, type ActionDef } from "./catalog";
import { TRAIL_ARN } from "./config";
import { iso } from "./time";
import type { JsonObject } from "./types";

/** Management actions of CloudTrail, CloudWatch Logs/metrics, RDS, CloudFormation, Config, ECR and Organizations. */

const read = (
  service: string,
  name: string,
  req: (c: ActionCtx) => JsonObject | null = () => null,
): ActionDef => ({
  service,
  name,
  readOnly: true,
  build: (c) => ({ req: req(c), resp: null }),
});

const stack = (c: ActionCtx) => c.rng.pick(inRegion(c.inv.stacks, c.region));
const stackArn = (c: ActionCtx, name: string) =>
  `arn:aws:cloudformation:${c.region}:${c.account}:stack/${name}/${c.rng.uuid()}`;
const logGroup = (c: ActionCtx) => c.rng.pick(c.inv.logGroups);
const db = (c: ActionCtx) => {
  const local = c.inv.databases.filter((d) => d.region === c.region);
  return local[0]?.name ?? c.inv.databases[0]?.name ?? "orders-db";
};

export const TRAIL_ACTIONS: ActionDef[] = [
  read("cloudtrail", "DescribeTrails", () => ({ includeShadowTrails: true })),
  read("cloudtrail", "GetTrailStatus", () => ({ name: TRAIL_ARN })),
  read("cloudtrail", "GetEventSelectors", () => ({ trailName: TRAIL_ARN })),
  read("cloudtrail", "ListTrails"),
  read("cloudtrail", "GetInsightSelectors", () => ({ trailName: TRAIL_ARN })),
  ...["StopLogging", "StartLogging", "DeleteTrail"].map((name): ActionDef => ({
    service: "cloudtrail",
    name,
    readOnly: false,
    notFound: () => ({
      code: "TrailNotFoundException",
      message: `Unknown trail: ${TRAIL_ARN} for the user: ${"111122223333"}`,
    }),
    build: () => ({ req: { name: TRAIL_ARN }, resp: null }),
  })),
  read("cloudtrail", "LookupEvents", (c) => ({
    startTime: iso(c.timeMs - 3_600_000),
    endTime: iso(c.timeMs),
    maxResults: 50,
    lookupAttributes: [
      {
        attributeKey: "EventName",
        attributeValue: c.rng.pick(["ConsoleLogin", "CreateUser", "RunInstances"]),
      },
    ],
  })),
];

export const LOGS_ACTIONS: ActionDef[] = [
  read("logs", "DescribeLogGroups", (c) => ({ logGroupNamePrefix: logGroup(c).slice(0, 12) })),
  read("logs", "DescribeLogStreams", (c) => ({
    logGroupName: logGroup(c),
    orderBy: "LastEventTime",
    descending: true,
  })),
  read("logs", "FilterLogEvents", (c) => ({
    logGroupName: logGroup(c),
    startTime: c.timeMs - 900_000,
    filterPattern: c.rng.pick(["ERROR", '"status": 500', "Task timed out"]),
    interleaved: true,
  })),
  {
    service: "logs",
    name: "StartQuery",
    readOnly: true,
    build: (c) => ({
      req: {
        logGroupNames: [logGroup(c)],
        startTime: Math.floor(c.timeMs / 1000) - 3600,
        endTime: Math.floor(c.timeMs / 1000),
        queryString:
          "fields @timestamp, @message | filter @message like /ERROR/ | sort @timestamp desc | limit 20",
      },
      resp: { queryId: c.rng.uuid() },
    }),
  },
  read("logs", "GetQueryResults", (c) => ({ queryId: c.rng.uuid() })),
  {
    service: "logs",
    name: "CreateLogStream",
    readOnly: false,
    build: (c) => ({
      req: {
        logGroupName: logGroup(c),
        logStreamName: `2026/11/0${c.rng.int(2, 6)}/[$LATEST]${c.rng.hex(32)}`,
      },
      resp: null,
    }),
  },
];

export const MONITORING_ACTIONS: ActionDef[] = [
  read("monitoring", "DescribeAlarms", () => ({ maxRecords: 100 })),
  read("monitoring", "GetMetricData", (c) => ({
    startTime: iso(c.timeMs - 10_800_000),
    endTime: iso(c.timeMs),
    metricDataQueries: [
      {
        id: "m1",
        metricStat: {
          metric: { namespace: "AWS/Lambda", metricName: "Errors" },
          period: 300,
          stat: "Sum",
        },
      },
    ],
  })),
  {
    service: "monitoring",
    name: "PutMetricAlarm",
    readOnly: false,
    build: (c) => ({
      req: {
        alarmName: `orders-api-errors-${c.region}`,
        metricName: "Errors",
        namespace: "AWS/Lambda",
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 2,
        threshold: 5,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
      },
      resp: null,
    }),
  },
];

export const RDS_ACTIONS: ActionDef[] = [
  read("rds", "DescribeDBInstances", (c) =>
    c.rng.chance(0.5) ? null : { dBInstanceIdentifier: db(c) },
  ),
  read("rds", "DescribeDBClusters"),
  read("rds", "DescribeDBSnapshots", (c) => ({
    dBInstanceIdentifier: db(c),
    snapshotType: "automated",
  })),
  {
    service: "rds",
    name: "CreateDBSnapshot",
    readOnly: false,
    notFound: (c) => ({
      code: "DBInstanceNotFoundFault",
      message: `DBInstance ${db(c)} not found.`,
    }),
    build: (c) => {
      const instance = db(c);
      const snapshot = `${instance}-manual-${c.rng.hex(6)}`;
      return {
        req: { dBSnapshotIdentifier: snapshot, dBInstanceIdentifier: instance },
        resp: {
          dBSnapshotIdentifier: snapshot,
          dBInstanceIdentifier: instance,
          engine: "postgres",
          allocatedStorage: 100,
          status: "creating",
          snapshotType: "manual",
          encrypted: true,
          dBSnapshotArn: `arn:aws:rds:${c.region}:${c.account}:snapshot:${snapshot}`,
        },
      };
    },
  },
];

export const CLOUDFORMATION_ACTIONS: ActionDef[] = [
  read("cloudformation", "DescribeStacks", (c) => ({ stackName: stack(c).name })),
  read("cloudformation", "DescribeStackEvents", (c) => ({ stackName: stack(c).name })),
  read("cloudformation", "ListStacks", () => ({
    stackStatusFilter: ["CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE"],
  })),
  read("cloudformation", "GetTemplate", (c) => ({
    stackName: stack(c).name,
    templateStage: "Processed",
  })),
  read("cloudformation", "DescribeChangeSet", (c) => ({
    changeSetName: `deploy-${c.rng.hex(8)}`,
    stackName: stack(c).name,
  })),
  {
    service: "cloudformation",
    name: "CreateChangeSet",
    readOnly: false,
    build: (c) => {
      const s = stack(c);
      const name = `deploy-${c.rng.hex(8)}`;
      const arn = stackArn(c, s.name);
      return {
        req: {
          stackName: s.name,
          templateURL: `https://acme-${c.account === "111122223333" ? "prod" : "dev"}-artifacts.s3.amazonaws.com/${s.name}/${c.rng.hex(32)}.template`,
          capabilities: ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"],
          changeSetName: name,
          changeSetType: "UPDATE",
        },
        resp: {
          id: `arn:aws:cloudformation:${c.region}:${c.account}:changeSet/${name}/${c.rng.uuid()}`,
          stackId: arn,
        },
      };
    },
  },
  {
    service: "cloudformation",
    name: "ExecuteChangeSet",
    readOnly: false,
    build: (c) => ({
      req: { changeSetName: `deploy-${c.rng.hex(8)}`, stackName: stack(c).name },
      resp: null,
    }),
  },
];

export const CONFIG_ACTIONS: ActionDef[] = [
  read("config", "DescribeConfigurationRecorders"),
  read("config", "DescribeConfigurationRecorderStatus"),
  read("config", "DescribeConfigRules"),
  read("config", "DescribeComplianceByConfigRule", () => ({ complianceTypes: ["NON_COMPLIANT"] })),
  {
    service: "config",
    name: "PutEvaluations",
    readOnly: false,
    build: (c) => ({
      req: {
        evaluations: [
          {
            complianceResourceType: "AWS::S3::Bucket",
            complianceResourceId: c.rng.pick(c.inv.buckets).name,
            complianceType: c.rng.pick(["COMPLIANT", "COMPLIANT", "NON_COMPLIANT"]),
            orderingTimestamp: iso(c.timeMs - 60_000),
          },
        ],
        resultToken: "***",
        testMode: false,
      },
      resp: { failedEvaluations: [] },
    }),
  },
];

export const ECR_ACTIONS: ActionDef[] = [
  read("ecr", "GetAuthorizationToken"),
  read("ecr", "DescribeRepositories"),
  read("ecr", "DescribeImages", () => ({ repositoryName: "orders-api", maxResults: 100 })),
];

export const ORGANIZATIONS_ACTIONS: ActionDef[] = [
  read("organizations", "DescribeOrganization"),
  read("organizations", "ListAccounts"),
  read("organizations", "ListPolicies", () => ({ filter: "SERVICE_CONTROL_POLICY" })),
  read("organizations", "DescribeAccount", (c) => ({
    accountId: c.rng.pick(["111122223333", "444455556666"]),
  })),
];
