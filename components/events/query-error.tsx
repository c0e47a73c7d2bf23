import Link from "next/link";
import { ErrorPanel } from "../app/error-panel";
import { ApiError } from "./fetch-events";

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
      <p>{error.message}</p>
      {error instanceof ApiError && error.details.length > 1 && (
        <ul>
          {error.details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
      <Link href={resetHref}>Reset to the default view</Link>
    </ErrorPanel>
  );
}
