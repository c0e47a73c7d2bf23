import { Worker } from "node:worker_threads";

/**
 * scrypt on worker threads of the lowest CPU priority (#22). A password check
 * is tens of milliseconds of CPU; on libuv's pool, a burst of guesses (each
 * within its budget) took the cores the store's queries need. On a worker
 * whose thread is niced to 19, a check runs on whatever CPU the requests of
 * signed-in people leave, and yields the moment they need it: under heavy load
 * sign-in waits, the people already in do not. Linux keeps the nice value per
 * thread, so only these threads are lowered; elsewhere setPriority may be
 * refused, and the checks then run at normal priority.
 *
 * The worker's code is inline (eval) rather than a file of its own, so it
 * needs no path that survives Next's bundling.
 */

export interface ScryptParameters {
  N: number;
  r: number;
  p: number;
  maxmem: number;
}

interface Job {
  password: string;
  salt: Uint8Array;
  keyLength: number;
  parameters: ScryptParameters;
}

/** A worker derives one key at a time, so its answer is for the job it was given last. */
type Outcome = { key: Uint8Array } | { error: string };

const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { scryptSync } = require("node:crypto");
try { require("node:os").setPriority(19); } catch {}
parentPort.on("message", (job) => {
  try {
    const key = scryptSync(job.password, job.salt, job.keyLength, job.parameters);
    parentPort.postMessage({ key });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
});
`;

interface Pending {
  job: Job;
  resolve: (key: Buffer) => void;
  reject: (error: Error) => void;
}

/** `size` workers, each deriving one key at a time; the rest wait in order. */
export class ScryptWorkers {
  private readonly idle: Worker[] = [];
  private readonly running = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private started = 0;

  constructor(readonly size: number) {}

  /** Keys waiting for a worker. */
  get waiting(): number {
    return this.queue.length;
  }

  derive(
    password: string,
    salt: Uint8Array,
    keyLength: number,
    parameters: ScryptParameters,
  ): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ job: { password, salt, keyLength, parameters }, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.started < this.size ? this.spawn() : null);
      if (!worker) return;
      const pending = this.queue.shift()!;
      this.running.set(worker, pending);
      worker.ref();
      worker.postMessage(pending.job);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    this.started += 1;
    worker.on("message", (outcome: Outcome) => {
      const pending = this.running.get(worker);
      this.running.delete(worker);
      // An idle worker does not keep the process alive.
      worker.unref();
      this.idle.push(worker);
      if (pending) {
        if ("key" in outcome) pending.resolve(Buffer.from(outcome.key));
        else pending.reject(new Error(`password check failed: ${outcome.error}`));
      }
      this.dispatch();
    });
    // A worker that dies fails its check (never a match) and is replaced on demand.
    let gone = false;
    const lost = (error: Error) => {
      if (gone) return; // "error" is followed by "exit"
      gone = true;
      const pending = this.running.get(worker);
      this.running.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      this.started -= 1;
      pending?.reject(error);
      this.dispatch();
    };
    worker.on("error", lost);
    worker.on("exit", (code) => lost(new Error(`password check worker exited (${code})`)));
    return worker;
  }
}
