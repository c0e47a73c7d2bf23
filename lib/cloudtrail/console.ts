/**
 * Was a call made from the AWS Management Console? Pure; the store keeps the
 * answer per event (`from_console`) for the summary's console / programmatic
 * split. A call is from the console when any of these says so:
 * - CloudTrail marks its credentials as console ones (`sessionCredentialFromConsole`);
 * - it is a console sign-in event (`signin.amazonaws.com`: ConsoleLogin, SwitchRole, …);
 * - its user agent is a console's (`console.amazonaws.com`, `console.ec2.amazonaws.com`,
 *   `[S3Console/0.4, …]`, `RDS Console, …`, `AWSConsole`, `signin.amazonaws.com`)
 *   or a web browser's (`Mozilla/5.0 …`): SDKs and the CLI never send those.
 * Everything else is programmatic (SDKs, the CLI, Terraform, AWS services).
 */

const CONSOLE_AGENT = /console|^\[?mozilla\/|^signin\.amazonaws\.com$/i;

export function fromConsole(
  record: Record<string, unknown>,
  eventSource: string,
  userAgent: string | null,
): boolean {
  const flag = record.sessionCredentialFromConsole;
  if (flag === true || flag === "true") return true;
  if (eventSource === "signin.amazonaws.com") return true;
  return userAgent !== null && CONSOLE_AGENT.test(userAgent);
}
