import type { Problem, ProblemKind } from "@/lib/cloudtrail/problem-schema";

type Severity = Problem["severity"];

/**
 * The problems of one file, in the order they were met. Past `maxPerKind` problems of one
 * kind, further ones are only counted and summed up in one last problem of that kind, so a
 * file of a million broken records cannot exhaust memory.
 */
export class ProblemLog {
  private readonly listed: Problem[] = [];
  private readonly counts = new Map<ProblemKind, number>();
  private readonly overflow = new Map<ProblemKind, { count: number; severity: Severity }>();

  constructor(
    private readonly file: string,
    private readonly maxPerKind: number,
  ) {}

  add(kind: ProblemKind, severity: Severity, message: string, recordIndex: number | null = null) {
    const count = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, count);
    if (count <= this.maxPerKind) {
      this.listed.push({ kind, severity, file: this.file, recordIndex, message });
      return;
    }
    const over = this.overflow.get(kind) ?? { count: 0, severity };
    over.count += 1;
    if (severity === "error") over.severity = "error";
    this.overflow.set(kind, over);
  }

  has(kind: ProblemKind): boolean {
    return this.counts.has(kind);
  }

  hasErrors(): boolean {
    return (
      this.listed.some((p) => p.severity === "error") ||
      [...this.overflow.values()].some((o) => o.severity === "error")
    );
  }

  toArray(): Problem[] {
    const summaries: Problem[] = [...this.overflow].map(([kind, { count, severity }]) => ({
      kind,
      severity,
      file: this.file,
      recordIndex: null,
      message: `${count} more "${kind}" problems in this file are not listed (only the first ${this.maxPerKind} are)`,
    }));
    return [...this.listed, ...summaries];
  }
}
