import { ApiError } from "./fetch-events";

/** Why a request failed: its message, and each problem when the server named more than one. */
export function ErrorReason({ error }: { error: Error }) {
  return (
    <>
      <p>{error.message}</p>
      {error instanceof ApiError && error.details.length > 1 && (
        <ul>
          {error.details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
    </>
  );
}
