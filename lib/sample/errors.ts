import type { ActionCtx, ActionDef } from "./catalog";
import { base64ish } from "./ids";
import type { Rng } from "./prng";
import type { ErrorPair, JsonObject } from "./types";

/** Error codes and messages in the wording each service uses. */

const EXCEPTION_STYLE = new Set([
  "kms",
  "lambda",
  "dynamodb",
  "secretsmanager",
  "ssm",
  "logs",
  "config",
  "ecr",
]);

/** `User: arn is not authorized to perform: svc:Action on resource: … because …`. */
export function deniedMessage(
  callerArn: string,
  service: string,
  name: string,
  resource: string,
  scp = false,
): string {
  const iamAction = `${service === "monitoring" ? "cloudwatch" : service}:${name.replace(/\d{8}(v\d)?$/, "")}`;
  const reason = scp
    ? "with an explicit deny in a service control policy"
    : `because no identity-based policy allows the ${iamAction} action`;
  return `User: ${callerArn} is not authorized to perform: ${iamAction} on resource: ${resource} ${reason}`;
}

function accessDenied(rng: Rng, c: ActionCtx, def: ActionDef, req: JsonObject | null): ErrorPair {
  if (def.service === "s3") return { code: "AccessDenied", message: "Access Denied" };
  const resource = guessResource(c, def, req);
  if (def.service === "ec2") {
    return {
      code: "Client.UnauthorizedOperation",
      message:
        "You are not authorized to perform this operation. " +
        deniedMessage(c.callerArn, def.service, def.name, resource) +
        `. Encoded authorization failure message: ${base64ish(rng, 420)}`,
    };
  }
  return {
    code: EXCEPTION_STYLE.has(def.service) ? "AccessDeniedException" : "AccessDenied",
    message: deniedMessage(c.callerArn, def.service, def.name, resource),
  };
}

function guessResource(c: ActionCtx, def: ActionDef, req: JsonObject | null): string {
  const named =
    req?.roleName ?? req?.userName ?? req?.functionName ?? req?.tableName ?? req?.secretId;
  if (def.service === "iam" && typeof req?.roleName === "string")
    return `arn:aws:iam::${c.account}:role/${req.roleName}`;
  if (def.service === "iam" && typeof req?.userName === "string")
    return `arn:aws:iam::${c.account}:user/${req.userName}`;
  if (typeof named === "string" && named.startsWith("arn:")) return named;
  if (def.service === "ec2") return `arn:aws:ec2:${c.region}:${c.account}:instance/*`;
  if (typeof named === "string") return `arn:aws:${def.service}:${c.region}:${c.account}:${named}`;
  return "*";
}

export function throttled(def: ActionDef): ErrorPair {
  if (def.service === "ec2")
    return { code: "Client.RequestLimitExceeded", message: "Request limit exceeded." };
  if (def.service === "iam" || def.service === "sts")
    return { code: "Throttling", message: "Rate exceeded" };
  return { code: "ThrottlingException", message: "Rate exceeded" };
}

/** A random failure for a call: mostly denials, some "not found", a few throttles. */
export function randomError(
  rng: Rng,
  c: ActionCtx,
  def: ActionDef,
  req: JsonObject | null,
): ErrorPair {
  const roll = rng.next();
  if (roll < 0.25 && def.notFound) return def.notFound(c, req);
  if (roll > 0.85) return throttled(def);
  return accessDenied(rng, c, def, req);
}
