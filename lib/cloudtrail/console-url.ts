/**
 * The AWS console page of a resource, from its ARN, for the resources
 * CloudTrail names most (S3, IAM, Lambda, DynamoDB, EC2, KMS, CloudTrail,
 * Secrets Manager, SNS, SQS); null for others. The ARN comes from a log
 * record (hostile): the address is always https on the partition's console,
 * each part taken from the ARN is checked or percent-encoded, and nothing
 * else of it reaches the address. Pure and isomorphic.
 */

const CONSOLES: Record<string, string> = {
  aws: "console.aws.amazon.com",
  "aws-cn": "console.amazonaws.cn",
  "aws-us-gov": "console.amazonaws-us-gov.com",
};

interface Arn {
  console: string;
  service: string;
  region: string;
  account: string;
  /** What follows the account: `role/path/name`, `function:name`, `bucket/key`... */
  resource: string;
}

const ARN_PATTERN = /^arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws|):(.+)$/s;
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function parseArn(arn: string): Arn | null {
  const match = ARN_PATTERN.exec(arn);
  if (!match) return null;
  const [, partition, service, region, account, resource] = match as unknown as string[];
  const console = CONSOLES[partition!];
  if (!console) return null;
  if (region && !REGION_PATTERN.test(region)) return null;
  return { console, service: service!, region: region!, account: account!, resource: resource! };
}

const enc = encodeURIComponent;

/** `type/id` or `type:id` -> [type, id] (the id may hold more separators). */
function typed(resource: string): [string, string] {
  const at = resource.search(/[/:]/);
  return at < 0 ? ["", resource] : [resource.slice(0, at), resource.slice(at + 1)];
}

/** The last segment of an IAM name with a path (`role/service-role/x` -> `x`). */
const lastSegment = (path: string) => path.slice(path.lastIndexOf("/") + 1);

type Page = (arn: Arn, raw: string) => string | null;

/** Per service: the console page of one of its resources, relative to the console's origin. */
const PAGES: Record<string, Page> = {
  s3: ({ resource }) => {
    const slash = resource.indexOf("/");
    if (slash < 0) return `/s3/buckets/${enc(resource)}`;
    const bucket = resource.slice(0, slash);
    const key = resource.slice(slash + 1);
    return `/s3/object/${enc(bucket)}?prefix=${enc(key)}`;
  },
  iam: ({ resource }, raw) => {
    const [type, rest] = typed(resource);
    const name = lastSegment(rest);
    if (!name) return null;
    if (type === "role") return `/iam/home#/roles/details/${enc(name)}`;
    if (type === "user") return `/iam/home#/users/details/${enc(name)}`;
    if (type === "group") return `/iam/home#/groups/details/${enc(name)}`;
    if (type === "policy") return `/iam/home#/policies/details/${enc(raw)}`;
    return null;
  },
  lambda: ({ resource, region }) => {
    const [type, rest] = typed(resource);
    const name = rest.split(":")[0];
    return type === "function" && name && region
      ? `/lambda/home?region=${region}#/functions/${enc(name)}`
      : null;
  },
  dynamodb: ({ resource, region }) => {
    const [type, rest] = typed(resource);
    const name = rest.split("/")[0];
    return type === "table" && name && region
      ? `/dynamodbv2/home?region=${region}#table?name=${enc(name)}`
      : null;
  },
  ec2: ({ resource, region }) => {
    const [type, id] = typed(resource);
    if (!region || !/^[a-z]+-[0-9a-f]+$/.test(id)) return null;
    const pages: Record<string, string> = {
      instance: `InstanceDetails:instanceId=${id}`,
      volume: `VolumeDetails:volumeId=${id}`,
      "security-group": `SecurityGroup:groupId=${id}`,
      image: `ImageDetails:imageId=${id}`,
      snapshot: `SnapshotDetails:snapshotId=${id}`,
    };
    const page = pages[type];
    return page ? `/ec2/home?region=${region}#${page}` : null;
  },
  kms: ({ resource, region }) => {
    const [type, id] = typed(resource);
    return type === "key" && id && region
      ? `/kms/home?region=${region}#/kms/keys/${enc(id)}`
      : null;
  },
  cloudtrail: ({ resource, region }, raw) => {
    const [type] = typed(resource);
    return type === "trail" && region
      ? `/cloudtrailv2/home?region=${region}#/trails/${enc(raw)}`
      : null;
  },
  secretsmanager: ({ resource, region }) => {
    const [type, rest] = typed(resource);
    // The ARN's name ends with a dash and six random characters the console does not take.
    const name = rest.replace(/-[A-Za-z0-9]{6}$/, "");
    return type === "secret" && name && region
      ? `/secretsmanager/secret?name=${enc(name)}&region=${region}`
      : null;
  },
  sns: ({ region }, raw) => (region ? `/sns/v3/home?region=${region}#/topic/${enc(raw)}` : null),
  sqs: ({ region, account, resource }) =>
    region && /^\d{12}$/.test(account)
      ? `/sqs/v3/home?region=${region}#/queues/${enc(`https://sqs.${region}.amazonaws.com/${account}/${resource}`)}`
      : null,
};

/** The console page of the resource an ARN names, or null when not known. */
export function consoleUrl(arn: string | null | undefined): string | null {
  if (!arn || arn.length > 2048) return null;
  const parsed = parseArn(arn);
  if (!parsed) return null;
  const page = PAGES[parsed.service]?.(parsed, arn);
  return page ? `https://${parsed.console}${page}` : null;
}
