import type { SummaryActor } from "@/lib/query/summary-response";
import { ActorRow } from "./actor-row";
import type { ActorSort } from "./actor-sort";
import styles from "./actors-table.module.css";
import { ActorsTableHeader } from "./actors-table-header";

/** One row per actor: what they did, in numbers and in a sentence, each part opening its events. */
export function ActorsTable({
  actors,
  view,
  by,
  descending,
  onSort,
}: {
  actors: SummaryActor[];
  view: URLSearchParams;
  by: ActorSort;
  descending: boolean;
  onSort: (by: ActorSort) => void;
}) {
  return (
    <div className={styles.scroll}>
      <table className={styles.table} data-testid="actors-table">
        <ActorsTableHeader by={by} descending={descending} onSort={onSort} />
        <tbody>
          {actors.map((a) => (
            <ActorRow
              key={`${a.actorType}:${a.actorAccount ?? ""}:${a.actor}`}
              actor={a}
              view={view}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
