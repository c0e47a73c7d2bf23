import type { RawRecord } from "@/lib/cloudtrail/event-schema";
import type { OnBatch, ParsedRecord } from "./types";

/** Groups records into batches for onBatch; awaiting a full batch is the backpressure. */
export class Batcher {
  delivered = 0;
  private batch: ParsedRecord[] = [];

  constructor(
    private readonly onBatch: OnBatch,
    private readonly size: number,
  ) {}

  /** Adds a record; returns a promise to await only when a batch was handed over. */
  add(index: number, record: RawRecord): Promise<void> | undefined {
    this.batch.push({ index, record });
    if (this.batch.length >= this.size) return this.flush();
    return undefined;
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    this.delivered += batch.length;
    await this.onBatch(batch);
  }
}
