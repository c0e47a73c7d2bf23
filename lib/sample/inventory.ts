import { DEV, PROD, REGIONS, SECURITY, TRAIL_BUCKET, type AccountId, type Region } from "./config";
import { hexId, instanceId } from "./ids";
import { Rng } from "./prng";

/** The resources each account owns; actions pick their parameters from here. */
export interface Bucket {
  name: string;
  region: Region;
  hasPolicy: boolean;
  /** Key prefixes the workloads read and write. */
  prefixes: readonly string[];
}

export interface Regional {
  name: string;
  region: Region;
}

export interface NetworkInventory {
  vpcId: string;
  subnets: string[];
  securityGroups: string[];
  instances: string[];
  kmsKeys: string[];
}

export interface AccountInventory {
  account: AccountId;
  buckets: Bucket[];
  tables: Regional[];
  functions: Regional[];
  secrets: (Regional & { suffix: string })[];
  stacks: Regional[];
  databases: Regional[];
  parameters: string[];
  logGroups: string[];
  roleNames: string[];
  network: Record<Region, NetworkInventory>;
}

function network(rng: Rng, instanceCount: number): NetworkInventory {
  const instances: string[] = [];
  for (let i = 0; i < instanceCount; i++) instances.push(instanceId(rng));
  return {
    vpcId: hexId(rng, "vpc"),
    subnets: [hexId(rng, "subnet"), hexId(rng, "subnet"), hexId(rng, "subnet")],
    securityGroups: [hexId(rng, "sg"), hexId(rng, "sg"), hexId(rng, "sg")],
    instances,
    kmsKeys: [rng.uuid(), rng.uuid()],
  };
}

function networks(rng: Rng, counts: Record<Region, number>): Record<Region, NetworkInventory> {
  const out: Partial<Record<Region, NetworkInventory>> = {};
  for (const region of REGIONS) out[region] = network(rng, counts[region]);
  return out as Record<Region, NetworkInventory>;
}

const secret = (rng: Rng, name: string, region: Region) => ({
  name,
  region,
  suffix: rng.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 6),
});

function buildInventory(): Record<AccountId, AccountInventory> {
  const rng = Rng.stream("inventory");
  const prod: AccountInventory = {
    account: PROD,
    buckets: [
      {
        name: "acme-prod-customer-exports",
        region: "us-east-1",
        hasPolicy: true,
        prefixes: ["exports/2026/10/", "exports/2026/11/"],
      },
      {
        name: "acme-prod-app-assets",
        region: "us-east-1",
        hasPolicy: true,
        prefixes: ["static/js/", "static/img/", "templates/"],
      },
      {
        name: "acme-prod-artifacts",
        region: "us-east-1",
        hasPolicy: false,
        prefixes: ["orders-api/", "invoice-renderer/"],
      },
      {
        name: "acme-prod-reports-eu",
        region: "eu-west-1",
        hasPolicy: false,
        prefixes: ["daily/", "monthly/"],
      },
    ],
    tables: [
      { name: "orders", region: "us-east-1" },
      { name: "customers", region: "us-east-1" },
      { name: "sessions", region: "eu-west-1" },
    ],
    functions: [
      { name: "orders-api", region: "us-east-1" },
      { name: "invoice-renderer", region: "us-east-1" },
      { name: "export-scheduler", region: "us-east-1" },
      { name: "orders-api-eu", region: "eu-west-1" },
    ],
    secrets: [
      secret(rng, "prod/orders-api/db", "us-east-1"),
      secret(rng, "prod/stripe/api-key", "us-east-1"),
      secret(rng, "prod/sendgrid/api-key", "us-east-1"),
      secret(rng, "prod/orders-api-eu/db", "eu-west-1"),
    ],
    stacks: [
      { name: "orders-api-prod", region: "us-east-1" },
      { name: "network-prod", region: "us-east-1" },
      { name: "orders-api-eu-prod", region: "eu-west-1" },
    ],
    databases: [
      { name: "orders-db-prod", region: "us-east-1" },
      { name: "orders-db-eu", region: "eu-west-1" },
    ],
    parameters: [
      "/prod/orders-api/config",
      "/prod/orders-api/feature-flags",
      "/prod/shared/datadog-site",
    ],
    logGroups: [
      "/aws/lambda/orders-api",
      "/aws/lambda/invoice-renderer",
      "/aws/lambda/export-scheduler",
      "/ecs/app-server",
    ],
    roleNames: [
      "app-server-role",
      "orders-api-lambda-role",
      "GitHubActionsDeployRole",
      "OrganizationAuditRole",
    ],
    network: networks(rng, { "us-east-1": 4, "eu-west-1": 2, "ap-southeast-2": 1 }),
  };
  const dev: AccountInventory = {
    account: DEV,
    buckets: [
      {
        name: "acme-dev-sandbox",
        region: "us-east-1",
        hasPolicy: false,
        prefixes: ["tmp/", "fixtures/", "notebooks/"],
      },
      {
        name: "acme-dev-artifacts",
        region: "us-east-1",
        // Lets the prod deploy role read the builds it promotes.
        hasPolicy: true,
        prefixes: ["orders-api/"],
      },
      {
        name: "acme-dev-syd-scratch",
        region: "ap-southeast-2",
        hasPolicy: false,
        prefixes: ["scratch/"],
      },
    ],
    tables: [
      { name: "orders-dev", region: "us-east-1" },
      { name: "load-test-results", region: "ap-southeast-2" },
    ],
    functions: [
      { name: "orders-api-dev", region: "us-east-1" },
      { name: "image-resizer-dev", region: "ap-southeast-2" },
    ],
    secrets: [secret(rng, "dev/orders-api/db", "us-east-1")],
    stacks: [
      { name: "orders-api-dev", region: "us-east-1" },
      { name: "sandbox-vpc", region: "ap-southeast-2" },
    ],
    databases: [{ name: "orders-db-dev", region: "us-east-1" }],
    parameters: ["/dev/orders-api/config", "/dev/shared/test-users"],
    logGroups: ["/aws/lambda/orders-api-dev", "/aws/lambda/image-resizer-dev"],
    roleNames: [
      "dev-app-role",
      "GitHubActionsDeployRole",
      "OktaDeveloper",
      "OrganizationAuditRole",
    ],
    network: networks(rng, { "us-east-1": 3, "eu-west-1": 0, "ap-southeast-2": 2 }),
  };
  const security: AccountInventory = {
    account: SECURITY,
    buckets: [
      { name: TRAIL_BUCKET, region: "us-east-1", hasPolicy: true, prefixes: ["AWSLogs/"] },
      {
        name: "acme-security-config",
        region: "us-east-1",
        hasPolicy: true,
        prefixes: ["AWSLogs/"],
      },
    ],
    tables: [{ name: "guardrail-findings", region: "us-east-1" }],
    functions: [{ name: "guardrail-remediator", region: "us-east-1" }],
    secrets: [secret(rng, "security/pagerduty/routing-key", "us-east-1")],
    stacks: [{ name: "org-guardrails", region: "us-east-1" }],
    databases: [],
    parameters: ["/security/allowed-regions"],
    logGroups: ["/aws/lambda/guardrail-remediator", "aws-cloudtrail-logs-org"],
    roleNames: ["SecurityAuditor", "guardrail-remediator-role", "OrganizationAccountAccessRole"],
    network: networks(rng, { "us-east-1": 1, "eu-west-1": 0, "ap-southeast-2": 0 }),
  };
  return { [PROD]: prod, [DEV]: dev, [SECURITY]: security } as Record<AccountId, AccountInventory>;
}

const INVENTORY: Record<AccountId, AccountInventory> = buildInventory();

export function inventory(account: AccountId): AccountInventory {
  return INVENTORY[account];
}
