import { instanceOf, requestId, type ActionCtx, type ActionDef } from "./catalog";
import { hexId } from "./ids";
import type { JsonObject } from "./types";

/** Management actions of EC2. */
const items = (key: string, values: string[]): JsonObject => ({
  items: values.map((v) => ({ [key]: v })),
});

const ec2Describe = (name: string, req: (c: ActionCtx) => JsonObject): ActionDef => ({
  service: "ec2",
  name,
  readOnly: true,
  build: (c) => ({ req: req(c), resp: null }),
});

const instanceNotFound = (c: ActionCtx) => ({
  code: "Client.InvalidInstanceID.NotFound",
  message: `The instance ID '${instanceOf(c)}' does not exist`,
});

const state = (code: number, name: string): JsonObject => ({ code, name });

export const COMPUTE_ACTIONS: ActionDef[] = [
  ec2Describe("DescribeInstances", (c) =>
    c.rng.chance(0.6)
      ? { instancesSet: {}, filterSet: {} }
      : { instancesSet: items("instanceId", [instanceOf(c)]), filterSet: {} },
  ),
  ec2Describe("DescribeInstanceStatus", () => ({
    instancesSet: {},
    filterSet: {},
    includeAllInstances: false,
  })),
  ec2Describe("DescribeSecurityGroups", (c) => ({
    securityGroupSet: {},
    securityGroupIdSet: items("groupId", [c.rng.pick(c.inv.network[c.region].securityGroups)]),
    filterSet: {},
  })),
  ec2Describe("DescribeVpcs", () => ({ vpcSet: {}, filterSet: {} })),
  ec2Describe("DescribeSubnets", (c) => ({
    subnetSet: {},
    filterSet: {
      items: [{ name: "vpc-id", valueSet: items("value", [c.inv.network[c.region].vpcId]) }],
    },
  })),
  ec2Describe("DescribeVolumes", () => ({ volumeSet: {}, filterSet: {} })),
  ec2Describe("DescribeRegions", () => ({ regionSet: {}, allRegions: false })),
  ec2Describe("DescribeTags", (c) => ({
    filterSet: {
      items: [{ name: "resource-id", valueSet: items("value", [instanceOf(c)]) }],
    },
  })),
  ec2Describe("DescribeImages", () => ({
    executableBySet: {},
    imagesSet: {},
    ownersSet: items("owner", ["self"]),
    filterSet: {},
  })),
  {
    service: "ec2",
    name: "RunInstances",
    readOnly: false,
    notFound: (c) => ({
      code: "Client.InvalidAMIID.NotFound",
      message: `The image id '[ami-0${c.rng.hex(16)}]' does not exist`,
    }),
    build: (c) => {
      const ami = `ami-0${c.rng.hex(16)}`;
      const type = c.rng.pick(["t3.medium", "t3.large", "m7g.large", "c7i.xlarge"]);
      const subnetId = c.rng.pick(c.inv.network[c.region].subnets);
      const instanceId = `i-0${c.rng.hex(16)}`;
      return {
        req: {
          instancesSet: { items: [{ imageId: ami, minCount: 1, maxCount: 1 }] },
          instanceType: type,
          blockDeviceMapping: {},
          monitoring: { enabled: false },
          disableApiTermination: false,
          disableApiStop: false,
          clientToken: c.rng.uuid(),
          subnetId,
          iamInstanceProfile: { name: "app-server-profile" },
        },
        resp: {
          requestId: requestId(c),
          reservationId: `r-0${c.rng.hex(16)}`,
          ownerId: c.account,
          groupSet: {},
          instancesSet: {
            items: [
              {
                instanceId,
                imageId: ami,
                instanceState: state(0, "pending"),
                instanceType: type,
                subnetId,
              },
            ],
          },
        },
      };
    },
  },
  ...(["StartInstances", "StopInstances"] as const).map((name): ActionDef => ({
    service: "ec2",
    name,
    readOnly: false,
    notFound: instanceNotFound,
    build: (c) => {
      const instanceId = instanceOf(c);
      const starting = name === "StartInstances";
      return {
        req: {
          instancesSet: items("instanceId", [instanceId]),
          ...(starting ? {} : { force: false }),
        },
        resp: {
          requestId: requestId(c),
          instancesSet: {
            items: [
              {
                instanceId,
                currentState: starting ? state(0, "pending") : state(64, "stopping"),
                previousState: starting ? state(80, "stopped") : state(16, "running"),
              },
            ],
          },
        },
      };
    },
  })),
  {
    service: "ec2",
    name: "CreateTags",
    readOnly: false,
    build: (c) => ({
      req: {
        resourcesSet: items("resourceId", [instanceOf(c)]),
        tagSet: { items: [{ key: "Owner", value: c.rng.pick(["platform", "orders", "data"]) }] },
      },
      resp: { requestId: requestId(c), _return: true },
    }),
  },
  {
    service: "ec2",
    name: "AuthorizeSecurityGroupIngress",
    readOnly: false,
    build: (c) => {
      const groupId = c.rng.pick(c.inv.network[c.region].securityGroups);
      const port = c.rng.pick([443, 5432, 6379]);
      return {
        req: {
          groupId,
          ipPermissions: {
            items: [
              {
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                groups: {},
                ipRanges: { items: [{ cidrIp: "10.20.0.0/16" }] },
                ipv6Ranges: {},
                prefixListIds: {},
              },
            ],
          },
        },
        resp: {
          requestId: requestId(c),
          _return: true,
          securityGroupRuleSet: {
            items: [
              {
                groupOwnerId: c.account,
                groupId,
                securityGroupRuleId: hexId(c.rng, "sgr"),
                isEgress: false,
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                cidrIpv4: "10.20.0.0/16",
              },
            ],
          },
        },
      };
    },
  },
  {
    service: "ec2",
    name: "CreateSnapshot",
    readOnly: false,
    build: (c) => {
      const volumeId = hexId(c.rng, "vol");
      return {
        req: { volumeId, description: "nightly backup" },
        resp: {
          requestId: requestId(c),
          snapshotId: hexId(c.rng, "snap"),
          volumeId,
          status: "pending",
          startTime: c.timeMs,
          progress: "",
          ownerId: c.account,
          volumeSize: c.rng.pick([20, 50, 100]),
          encrypted: true,
        },
      };
    },
  },
];
