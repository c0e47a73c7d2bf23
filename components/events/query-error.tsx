import Link from "next/link";
import { ErrorPanel } from "../app/error-panel";
import { ErrorReason } from "./error-reason";

/** A view the server refused (bad URL parameters, a failing source): the reason and a way back. */
export function QueryErrorPanel({
  title,
  error,
  resetHref,
}: {
  title: string;
  error: Error;
  resetHref: string;
}) {
  return (
    <ErrorPanel title={title} testId="query-error">
      <ErrorReason error={error} />
      <Link href={resetHref}>Reset to the default view</Link>
    </ErrorPanel>
  );
}
