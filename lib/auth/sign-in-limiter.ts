/**
 * Failed sign-ins, counted in memory over a sliding window, with three budgets:
 * per user name and client, per client (any names), and per user name from
 * everywhere, which bounds a guess spread over many addresses. A client is an
 * IPv4 address or an IPv6 /64 (lib/auth/client-address.ts). Past a budget,
 * sign-in is refused until the window moves on, even with the right password.
 *
 * The per-user budget must not let a stranger lock a user out: a client that
 * signed in as that user before is exempt from it (its own per-client budgets
 * still apply). One process, so no shared store is needed; a restart forgets.
 */

export interface LimiterOptions {
  windowMs: number;
  perUserAndClient: number;
  perClient: number;
  perUser: number;
  /** Keys kept per budget; past it, the oldest are forgotten (a flood of addresses stays small). */
  maxKeys: number;
}

const DEFAULT_LIMITS: LimiterOptions = {
  windowMs: 15 * 60_000,
  perUserAndClient: 5,
  perClient: 20,
  perUser: 50,
  maxKeys: 10_000,
};

/** How long a successful sign-in exempts its client from the user's budget. */
const KNOWN_CLIENT_MS = 30 * 24 * 3_600_000;
/** Clients remembered per user. */
const KNOWN_CLIENTS_PER_USER = 20;

/** The last `limit` failure times per key, in the window. */
class FailureLog {
  private readonly times = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys: number,
  ) {}

  private recent(key: string, now: number): number[] {
    const times = (this.times.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (times.length === 0) this.times.delete(key);
    return times;
  }

  /** Milliseconds until the key is under its limit again, or 0. */
  wait(key: string, now: number): number {
    const times = this.recent(key, now);
    return times.length >= this.limit ? times[times.length - this.limit]! + this.windowMs - now : 0;
  }

  add(key: string, now: number): void {
    const times = [...this.recent(key, now), now].slice(-this.limit);
    this.times.delete(key); // re-inserted last: the Map's order is the order of last failures
    this.times.set(key, times);
    for (const oldest of this.times.keys()) {
      if (this.times.size <= this.maxKeys) break;
      this.times.delete(oldest);
    }
  }

  clear(key: string): void {
    this.times.delete(key);
  }
}

export interface Attempt {
  user: string;
  /** The client block (an IPv4 address, an IPv6 /64). */
  client: string;
  /** Whether the name is in the users file. */
  known: boolean;
}

export class SignInLimiter {
  private readonly byUserAndClient: FailureLog;
  private readonly byClient: FailureLog;
  /** Names in the users file: never forgotten for a flood of others (the file bounds them). */
  private readonly byUser: FailureLog;
  /** Other names, counted the same way so a budget running out does not tell which names exist. */
  private readonly byStranger: FailureLog;
  /** user -> client -> when it last signed in. */
  private readonly knownClients = new Map<string, Map<string, number>>();

  constructor(options: LimiterOptions = DEFAULT_LIMITS) {
    const { windowMs, maxKeys } = options;
    this.byUserAndClient = new FailureLog(options.perUserAndClient, windowMs, maxKeys);
    this.byClient = new FailureLog(options.perClient, windowMs, maxKeys);
    this.byUser = new FailureLog(options.perUser, windowMs, Number.POSITIVE_INFINITY);
    this.byStranger = new FailureLog(options.perUser, windowMs, maxKeys);
  }

  private keys({ user, client, known }: Attempt) {
    const name = user.trim().toLowerCase();
    return {
      name,
      pair: `${name}|${client}`,
      users: known ? this.byUser : this.byStranger,
    };
  }

  private isKnownClient(name: string, client: string, now: number): boolean {
    const at = this.knownClients.get(name)?.get(client);
    return at !== undefined && at > now - KNOWN_CLIENT_MS;
  }

  /** Milliseconds until another attempt is allowed, or 0. */
  retryAfter(attempt: Attempt, now = Date.now()): number {
    const { name, pair, users } = this.keys(attempt);
    const waits = [
      this.byUserAndClient.wait(pair, now),
      this.byClient.wait(attempt.client, now),
      this.isKnownClient(name, attempt.client, now) ? 0 : users.wait(name, now),
    ];
    return Math.max(...waits);
  }

  fail(attempt: Attempt, now = Date.now()): void {
    const { name, pair, users } = this.keys(attempt);
    this.byUserAndClient.add(pair, now);
    this.byClient.add(attempt.client, now);
    users.add(name, now);
  }

  succeed(attempt: Attempt, now = Date.now()): void {
    const { name, pair } = this.keys(attempt);
    this.byUserAndClient.clear(pair);
    if (!attempt.known) return;
    const clients = this.knownClients.get(name) ?? new Map<string, number>();
    clients.delete(attempt.client);
    clients.set(attempt.client, now);
    for (const oldest of clients.keys()) {
      if (clients.size <= KNOWN_CLIENTS_PER_USER) break;
      clients.delete(oldest);
    }
    this.knownClients.set(name, clients);
  }
}
