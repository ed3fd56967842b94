/**
 * Every database-bound route runs through the gate (docs/http-api.md, "Deadlines and overload"):
 *
 *   request → a slot (at most `maxConcurrent` at once; wait at most QUEUE_WAIT_MS, else 503 OVERLOADED)
 *           → reads with maxTimeMS = `queryTimeoutMs` and a signal (client gone, or deadline passed)
 *           → slot released; after a client left, only once the server has stopped its read too
 *
 * So a slow query is cut at its deadline on the server, a client that gives up frees its query, and a burst
 * beyond what the database can serve is told to come back (Retry-After) instead of queueing past Grafana's
 * 30 s data-proxy timeout.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CancelledError, OverloadedError, TimeoutError } from '../errors';
import type { Store } from '../store/connection';
import { withReadLimits } from '../store/deadline';

export interface GateOptions {
  /** Server-side time limit of each read, ms. */
  queryTimeoutMs: number;
  /** Database-bound requests served at once; more wait in line. */
  maxConcurrent: number;
}

/** Longest wait for a slot: with the default 20 s deadline an answer still comes within 30 s. */
const QUEUE_WAIT_MS = 5000;
/** Requests waiting at most; one more is turned away at once. */
const QUEUE_LENGTH_PER_SLOT = 8;
/** The client-side cut comes this long after the server's, so the server's (clearer) error normally wins. */
const CLIENT_GRACE_MS = 1000;
const RETRY_AFTER_SECONDS = 5;

export interface DatabaseGate {
  /** Runs a read route's work with a slot, a deadline and the client's disconnection. */
  read<T>(request: FastifyRequest, reply: FastifyReply, work: (store: Store) => Promise<T>): Promise<T>;
  /** Runs a write route's work (ingest, archive) with a slot; a write is finished even if its client leaves. */
  write<T>(work: (store: Store) => Promise<T>): Promise<T>;
  /**
   * The store whose reads carry the deadline and `signal` but hold no slot: for the live tail, which waits
   * between short reads and must not keep a slot through its wait.
   */
  limited(signal: AbortSignal): Store;
  /** Slots in use and requests waiting, for tests and diagnostics. */
  readonly load: { active: number; waiting: number };
}

export function createDatabaseGate(store: Store, options: GateOptions): DatabaseGate {
  const slots = new Slots(options.maxConcurrent, options.maxConcurrent * QUEUE_LENGTH_PER_SLOT);
  const timeout = options.queryTimeoutMs;
  return {
    get load() {
      return { active: slots.active, waiting: slots.waiting };
    },
    limited(signal) {
      return withReadLimits(store, { maxTimeMS: timeout, signal });
    },
    async write(work) {
      const release = await slots.acquire();
      try {
        return await work(store);
      } finally {
        release();
      }
    },
    async read(_request, reply, work) {
      const client = new AbortController();
      const onClose = (): void => {
        if (!reply.raw.writableFinished) client.abort(new CancelledError('the client closed the connection'));
      };
      reply.raw.once('close', onClose);
      let release: (() => void) | undefined;
      const deadline = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      try {
        release = await slots.acquire(client.signal);
        const started = Date.now();
        timer = setTimeout(
          () =>
            deadline.abort(new TimeoutError(`the query ran past its ${timeout / 1000} s time limit and was stopped`)),
          timeout + CLIENT_GRACE_MS,
        );
        const signal = AbortSignal.any([client.signal, deadline.signal]);
        try {
          return await work(withReadLimits(store, { maxTimeMS: timeout, signal }));
        } catch (error) {
          // A list read in slices gives each query its own maxTimeMS, so this deadline can fire first; the driver
          // then reports the aborted read as its own error (MongoOperationTimeoutError, "during socket read").
          // The reason is ours: the deadline (503 TIMEOUT) or the client gone.
          if (signal.aborted) throw signal.reason;
          throw error;
        } finally {
          // A server that finishes the read of a closed connection (FerretDB) is still busy with it: keep its
          // slot until its maxTimeMS has surely stopped it.
          const busyFor = started + timeout - Date.now();
          if (client.signal.aborted && !store.capabilities.stopsReadsOfClosedConnections && busyFor > 0) {
            const held = release;
            release = undefined;
            setTimeout(held, busyFor).unref();
          }
        }
      } finally {
        clearTimeout(timer);
        reply.raw.off('close', onClose);
        release?.();
      }
    },
  };
}

/** A counting semaphore with a bounded, time-limited line. */
class Slots {
  active = 0;
  private readonly line: Array<() => void> = [];

  constructor(
    private readonly max: number,
    private readonly maxWaiting: number,
  ) {}

  get waiting(): number {
    return this.line.length;
  }

  /** Resolves with the release of a slot; rejects with OverloadedError or, when `signal` aborts, its reason. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.active < this.max) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.line.length >= this.maxWaiting) return Promise.reject(overloaded());
    return new Promise((resolve, reject) => {
      const turn = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', leave);
        resolve(this.releaser());
      };
      const giveUp = (error: unknown): void => {
        const at = this.line.indexOf(turn);
        if (at >= 0) this.line.splice(at, 1);
        signal?.removeEventListener('abort', leave);
        reject(error);
      };
      const leave = (): void => {
        clearTimeout(timer);
        giveUp(signal?.reason);
      };
      const timer = setTimeout(() => giveUp(overloaded()), QUEUE_WAIT_MS);
      signal?.addEventListener('abort', leave, { once: true });
      this.line.push(turn);
    });
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      // The slot passes straight to the next in line, so `active` stays counted.
      const next = this.line.shift();
      if (next) next();
      else this.active -= 1;
    };
  }
}

function overloaded(): OverloadedError {
  return new OverloadedError('the server is busy with other database requests; try again shortly', RETRY_AFTER_SECONDS);
}
