/**
 * The clients of the load test's abuse phase (#22), each running until a
 * deadline and counting what it got back: absurd ranges, slow and stalled
 * exports, password guesses from many addresses, and a burst of health checks.
 */

/** Outcomes by name ("HTTP 200", "HTTP 429", an error's code) and how many of each. */
export type Tally = Map<string, number>;

function count(tally: Tally, outcome: string, n = 1): void {
  tally.set(outcome, (tally.get(outcome) ?? 0) + n);
}

export function formatTally(tally: Tally): string {
  return [...tally]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([outcome, n]) => `${outcome}: ${n}`)
    .join(", ");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A failed request's outcome: the error's code (ECONNRESET, UND_ERR_...) or its message. */
function failure(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as Error).message;
}

const DAY_MS = 86_400_000;

/**
 * `clients` clients asking, as fast as they are answered, for ranges no one
 * needs: out of bounds (0001 to 9999, the year 0), refused at parsing, and
 * the widest allowed (366 days up to now) with a free-text search, facets or
 * a summary: a read of every event in the store.
 */
export async function absurdRanges(
  base: string,
  options: { clients: number; until: number; headers?: Record<string, string> },
): Promise<Tally> {
  const tally: Tally = new Map();
  const now = Date.now();
  const widest = `from=${new Date(now - 366 * DAY_MS).toISOString()}&to=${new Date(now).toISOString()}`;
  const asks = [
    "/api/events?from=0001-01-01&to=9999-12-31",
    "/api/summary?from=0000-01-01&to=0000-01-02",
    `/api/events?${widest}&limit=1000&raw=0&q=`,
    `/api/facets?${widest}&field=principal&field=sourceIp&field=userAgent`,
    `/api/summary?${widest}`,
  ];
  const client = async (n: number) => {
    for (let i = n; performance.now() < options.until; i++) {
      let url = asks[i % asks.length]!;
      if (url.endsWith("q=")) url += `word${i}`;
      try {
        const response = await fetch(`${base}${url}`, { headers: options.headers });
        await response.arrayBuffer();
        count(tally, `HTTP ${response.status}`);
      } catch (error) {
        count(tally, failure(error));
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, n) => client(n)));
  return tally;
}

/**
 * One export client per session cookie, exporting `view` (query parameters): even ones read 16 KB a second, odd
 * ones read 16 KB and stop (the server cuts them off after
 * TRAILGLASS_EXPORT_IDLE_SECONDS). An export that ends or is refused is asked
 * again (after its Retry-After); at the deadline every client goes.
 */
export async function slowExports(
  base: string,
  options: { cookies: string[]; view: string; until: number },
): Promise<Tally> {
  const tally: Tally = new Map();
  const client = async (cookie: string, n: number) => {
    const stalls = n % 2 === 1;
    while (performance.now() < options.until) {
      const abort = new AbortController();
      const left = setTimeout(() => abort.abort(), Math.max(0, options.until - performance.now()));
      try {
        const format = n % 4 < 2 ? "csv" : "ndjson";
        const response = await fetch(`${base}/api/export?format=${format}&${options.view}`, {
          headers: { cookie },
          signal: abort.signal,
        });
        count(tally, `HTTP ${response.status}`);
        if (!response.ok) {
          await response.arrayBuffer();
          await sleep(Number(response.headers.get("retry-after") ?? 5) * 1000);
          continue;
        }
        const reader = response.body!.getReader();
        for (let read = 0; ;) {
          const { done, value } = await reader.read();
          if (done) {
            count(tally, "exports read to the end");
            break;
          }
          read += value.length;
          if (read >= 16 * 1024) {
            read = 0;
            // A stalled client waits until the deadline aborts it (or the server cuts it off).
            await sleep(stalls ? options.until - performance.now() : 1000);
          }
        }
      } catch (error) {
        if (!abort.signal.aborted) count(tally, `export cut off: ${failure(error)}`);
      } finally {
        clearTimeout(left);
      }
    }
  };
  await Promise.all(options.cookies.map((cookie, n) => client(cookie, n)));
  return tally;
}

/** Names a password guesser tries: common ones and the bench's own. */
const GUESSED_USERS = ["admin", "root", "alice", "bob", "analyst", "exporter-1", "ops", "test"];

/**
 * `addresses` addresses (X-Forwarded-For, believed from a trusted proxy)
 * each posting a wrong password for a guessed user name about once a second.
 */
export async function signInAttempts(
  base: string,
  options: { addresses: number; until: number },
): Promise<Tally> {
  const tally: Tally = new Map();
  const address = async (n: number) => {
    const from = `198.51.${100 + Math.floor(n / 250)}.${(n % 250) + 1}`;
    for (let i = 0; performance.now() < options.until; i++) {
      try {
        const response = await fetch(`${base}/api/session`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: base, "x-forwarded-for": from },
          body: JSON.stringify({
            user: GUESSED_USERS[(n + i) % GUESSED_USERS.length],
            password: `guess-${n}-${i}`,
          }),
        });
        await response.arrayBuffer();
        count(tally, `HTTP ${response.status}`);
      } catch (error) {
        count(tally, failure(error));
      }
      await sleep(500 + Math.random() * 1000);
    }
  };
  await Promise.all(Array.from({ length: options.addresses }, (_, n) => address(n)));
  return tally;
}

/** `calls` health checks at once: what they got back, and how long the last took. */
export async function healthBurst(
  base: string,
  options: { calls: number; headers?: Record<string, string> },
): Promise<{ tally: Tally; seconds: number }> {
  const tally: Tally = new Map();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.calls }, async () => {
      try {
        const response = await fetch(`${base}/api/health`, { headers: options.headers });
        await response.arrayBuffer();
        count(tally, `HTTP ${response.status}`);
      } catch (error) {
        count(tally, failure(error));
      }
    }),
  );
  return { tally, seconds: (performance.now() - started) / 1000 };
}
