/**
 * Readable names of AWS services for sentences, from the store's short
 * `service` column (`iam`, `s3`, `monitoring`): the name people say, or the
 * short name itself for a service not listed.
 */

const DISPLAY: Record<string, string> = {
  "access-analyzer": "IAM Access Analyzer",
  acm: "ACM",
  apigateway: "API Gateway",
  athena: "Athena",
  autoscaling: "Auto Scaling",
  backup: "Backup",
  cloudformation: "CloudFormation",
  cloudfront: "CloudFront",
  cloudshell: "CloudShell",
  cloudtrail: "CloudTrail",
  codebuild: "CodeBuild",
  codepipeline: "CodePipeline",
  config: "Config",
  dynamodb: "DynamoDB",
  ec2: "EC2",
  ecr: "ECR",
  ecs: "ECS",
  eks: "EKS",
  elasticloadbalancing: "ELB",
  events: "EventBridge",
  glue: "Glue",
  guardduty: "GuardDuty",
  health: "Health",
  iam: "IAM",
  identitystore: "Identity Store",
  kinesis: "Kinesis",
  kms: "KMS",
  lambda: "Lambda",
  logs: "CloudWatch Logs",
  monitoring: "CloudWatch",
  organizations: "Organizations",
  rds: "RDS",
  route53: "Route 53",
  s3: "S3",
  secretsmanager: "Secrets Manager",
  securityhub: "Security Hub",
  signin: "console sign-in",
  sns: "SNS",
  sqs: "SQS",
  sso: "IAM Identity Center",
  "sso-directory": "IAM Identity Center",
  ssm: "Systems Manager",
  states: "Step Functions",
  sts: "STS",
  tagging: "Tagging",
};

/** `iam` -> `IAM`, `monitoring` -> `CloudWatch`; an unknown short name is kept. */
export function serviceDisplayName(service: string): string {
  return DISPLAY[service] ?? (service || "an unnamed service");
}

/** `a`, `a and b`, `a, b and c`, `a, b, c and 2 more`. */
export function joinNames(names: readonly string[], max = 3): string {
  if (names.length === 0) return "";
  if (names.length <= max) {
    return names.length === 1
      ? names[0]!
      : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  }
  return `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}
