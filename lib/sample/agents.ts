import type { Region } from "./config";

/** User-agent strings and source addresses of the sample's callers. */

export interface CliProfile {
  version: string;
  os: string;
  arch: string;
  python: string;
  distrib?: string;
}

/** `aws-cli/2.x …` with the command suffix the CLI adds (`md/command#s3.ls`). */
export function cliAgent(p: CliProfile, command: string): string {
  return (
    `aws-cli/${p.version} md/awscrt#0.22.0 ua/2.0 os/${p.os} md/arch#${p.arch} lang/python#${p.python} ` +
    `md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe${p.distrib ? ` md/distrib#${p.distrib}` : ""} ` +
    `md/prompt#off md/command#${command}`
  );
}

export const CLI = {
  aliceMac: { version: "2.22.9", os: "macos#24.1.0", arch: "arm64", python: "3.12.6" },
  bobLinux: {
    version: "2.21.3",
    os: "linux#6.8.0-48-generic",
    arch: "x86_64",
    python: "3.12.6",
    distrib: "ubuntu.24",
  },
  carolMac: { version: "2.22.4", os: "macos#23.6.0", arch: "arm64", python: "3.12.6" },
  marcusWsl: {
    version: "2.19.1",
    os: "linux#5.15.153.1-microsoft-standard-WSL2",
    arch: "x86_64",
    python: "3.11.9",
    distrib: "ubuntu.22",
  },
  githubRunner: {
    version: "2.22.10",
    os: "linux#6.8.0-1017-azure",
    arch: "x86_64",
    python: "3.12.6",
    distrib: "ubuntu.24",
  },
  jenkins: {
    version: "2.17.52",
    os: "linux#5.10.227-219.884.amzn2.x86_64",
    arch: "x86_64",
    python: "3.11.9",
    distrib: "amzn.2",
  },
} satisfies Record<string, CliProfile>;

export function boto3Agent(kernel: string): string {
  return (
    `Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#${kernel} md/arch#x86_64 lang/python#3.12.7 ` +
    `md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.54`
  );
}

/** JavaScript SDK v3 inside Lambda. */
export function lambdaJsAgent(api: string): string {
  return (
    `aws-sdk-js/3.682.0 ua/2.1 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js md/nodejs#20.18.0 ` +
    `api/${api}#3.682.0 exec-env/AWS_Lambda_nodejs20.x`
  );
}

/** An old reporting job that never upgraded its SDK (pre-2023 user-agent format). */
export const LEGACY_BOTO3_AGENT =
  "Boto3/1.26.137 Python/3.9.16 Linux/4.18.0-477.10.1.el8_8.x86_64 Botocore/1.29.137";

export const SSM_AGENT = "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.987.0";

export function terraformAgent(api: string): string {
  return (
    "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.74.0 " +
    "(+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.3 ua/2.1 os/linux lang/go#1.23.2 " +
    `md/GOOS#linux md/GOARCH#amd64 api/${api}#1.50.0`
  );
}

export const GITHUB_ACTIONS_AGENT =
  "aws-sdk-nodejs/2.1691.0 linux/v20.17.0 configure-aws-credentials-for-github-actions promise";

export const BROWSERS = {
  chromeMac:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
  firefoxLinux: "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
  edgeWindows:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
  headlessLinux:
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/129.0.0.0 Safari/537.36",
  safariMac:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
};

export const S3_CONSOLE_AGENT =
  "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.750 Linux/5.10.226-193.880.amzn2int.x86_64 " +
  "OpenJDK_64-Bit_Server_VM/25.412-b09 java/1.8.0_412 vendor/Oracle_Corporation cfg/retry-mode/standard]";

export const AWS_INTERNAL = "AWS Internal";

/** Console sessions: the S3 console has its own client; other consoles call from the browser. */
export function consoleAgent(browser: string): (service: string) => string {
  return (service) => (service === "s3" ? S3_CONSOLE_AGENT : browser);
}

/** Documentation-range addresses (RFC 5737) stand in for offices and homes. */
export const IPS = {
  officeNyc: "198.51.100.23",
  officeDublin: "198.51.100.87",
  aliceHome: "203.0.113.54",
  carolSydney: "203.0.113.141",
  marcusHome: "203.0.113.77",
  jenkins: "203.0.113.10",
  reportingServer: "198.51.100.31",
  githubRunners: ["192.0.2.18", "192.0.2.44", "192.0.2.97", "192.0.2.131"],
  /** Someone guessing console user names of the prod account. */
  signInGuesser: "192.0.2.213",
  /** Phones of the mobile app's guests (Cognito unauthenticated identities). */
  mobileGuests: [
    "203.0.113.162",
    "203.0.113.188",
    "198.51.100.219",
    "198.51.100.233",
    "203.0.113.207",
  ],
  natGateway: {
    "us-east-1": "198.51.100.140",
    "eu-west-1": "198.51.100.172",
    "ap-southeast-2": "198.51.100.201",
  },
} as const;

export function natIp(region: Region): string {
  return IPS.natGateway[region];
}

/** Private address inside the VPC of a Region (VPC endpoint traffic). */
export function privateIp(region: Region, host: number): string {
  const net = region === "us-east-1" ? "10.20" : region === "eu-west-1" ? "10.30" : "10.40";
  return `${net}.${Math.floor(host / 250) % 250}.${(host % 250) + 4}`;
}
