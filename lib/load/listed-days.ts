/**
 * When each delivery day was last listed, per source and narrowing (LoadManager).
 * Bounded (#22): requests choose the days and the narrowings (an account, a
 * Region, an event name sent to LookupEvents), so a scripted stream of them
 * must not grow it without end. What is forgotten is only listed again when
 * asked for.
 */

/** The days of one listing (a source and its narrowing), least recently listed first. */
export class ListedDays {
  private readonly at = new Map<string, number>();

  constructor(private readonly maxDays: number) {}

  get size(): number {
    return this.at.size;
  }

  /** When `day` was last listed (ms), if it is remembered. */
  get(day: string): number | undefined {
    return this.at.get(day);
  }

  has(day: string): boolean {
    return this.at.has(day);
  }

  /** Marks `day` listed at `ms`; the day listed longest ago is forgotten beyond maxDays. */
  set(day: string, ms: number): void {
    this.at.delete(day);
    this.at.set(day, ms);
    if (this.at.size > this.maxDays) this.at.delete(this.at.keys().next().value!);
  }

  delete(day: string): void {
    this.at.delete(day);
  }
}

export class ListingMemory {
  private readonly listings = new Map<string, ListedDays>();

  constructor(
    /** Listings remembered (source and narrowing); the least recently asked is forgotten. */
    private readonly maxListings: number,
    /** Days remembered per listing. */
    private readonly maxDays: number,
  ) {}

  get size(): number {
    return this.listings.size;
  }

  /** The days of listing `key`, remembered as the most recently asked. */
  of(key: string): ListedDays {
    const listed = this.listings.get(key) ?? new ListedDays(this.maxDays);
    this.listings.delete(key);
    this.listings.set(key, listed);
    if (this.listings.size > this.maxListings) {
      this.listings.delete(this.listings.keys().next().value!);
    }
    return listed;
  }
}
