import { actionKey, type ActionDef } from "./catalog";
import { COMPUTE_ACTIONS } from "./catalog-compute";
import { IAM_ACTIONS, STS_ACTIONS } from "./catalog-iam";
import {
  CLOUDFORMATION_ACTIONS,
  CONFIG_ACTIONS,
  ECR_ACTIONS,
  LOGS_ACTIONS,
  MONITORING_ACTIONS,
  ORGANIZATIONS_ACTIONS,
  RDS_ACTIONS,
  TRAIL_ACTIONS,
} from "./catalog-ops";
import { LAMBDA_ACTIONS, SECRETS_ACTIONS, SSM_ACTIONS } from "./catalog-apps";
import { DYNAMODB_ACTIONS, KMS_ACTIONS, S3_ACTIONS } from "./catalog-storage";

/** Every management action of the catalog, by `service:EventName`. */
const ALL: ActionDef[] = [
  ...COMPUTE_ACTIONS,
  ...IAM_ACTIONS,
  ...STS_ACTIONS,
  ...S3_ACTIONS,
  ...KMS_ACTIONS,
  ...DYNAMODB_ACTIONS,
  ...LAMBDA_ACTIONS,
  ...SECRETS_ACTIONS,
  ...SSM_ACTIONS,
  ...TRAIL_ACTIONS,
  ...LOGS_ACTIONS,
  ...MONITORING_ACTIONS,
  ...RDS_ACTIONS,
  ...CLOUDFORMATION_ACTIONS,
  ...CONFIG_ACTIONS,
  ...ECR_ACTIONS,
  ...ORGANIZATIONS_ACTIONS,
];

const REGISTRY = new Map<string, ActionDef>(ALL.map((d) => [actionKey(d.service, d.name), d]));

export function action(key: string): ActionDef {
  const def = REGISTRY.get(key);
  if (!def) throw new Error(`unknown action ${key}`);
  return def;
}
