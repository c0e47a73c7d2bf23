import type { SummaryActor } from "@/lib/query/summary-response";
import { formatCount } from "../events/format";
import { type ActorSort, sortActors } from "./actor-sort";
import styles from "./actor-groups.module.css";
import { ActorsTable } from "./actors-table";

/** People, roles and accounts first; AWS services acting on their behalf apart (and hideable). */
const ACTOR_GROUPS = [
  { label: "People, roles and accounts", services: false, testId: "actors-people" },
  { label: "AWS services", services: true, testId: "actors-services" },
] as const;

/** A table of actors per group, each sorted the same way. */
export function ActorGroups({
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
  return ACTOR_GROUPS.map(({ label, services, testId }) => {
    const group = actors.filter((a) => (a.actorType === "service") === services);
    if (group.length === 0) return null;
    return (
      <section key={testId} aria-label={label} data-testid={testId}>
        <h2>
          {label} ({formatCount(group.length)})
        </h2>
        <div className={services ? styles.screenOnly : undefined}>
          <ActorsTable
            actors={sortActors(group, by, descending)}
            view={view}
            by={by}
            descending={descending}
            onSort={onSort}
          />
        </div>
        {services && (
          // Printed, the services acting on the people's behalf are one line: the report stays short.
          <p className={styles.printOnly} data-testid="services-printed">
            {sortActors(group, "events", true)
              .map(
                (a) =>
                  `${a.actor}${a.actorAccount ? ` (${a.actorAccount})` : ""}: ${formatCount(a.events)}`,
              )
              .join(" · ")}
          </p>
        )}
      </section>
    );
  });
}
