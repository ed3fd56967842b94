/**
 * One forward connection:
 *   socket ─MsgpackSplitter→ whole frames ─queue→ [HELO/PING/PONG] → readForwardFrame → entrySlices
 *          ─parseEntries→ pending records ─ingest()→ acks
 * Frames queue while a batch is being stored, so a busy client is stored in large batches and a quiet one
 * without delay; once 1 MiB waits (the database is slower than the client), the socket is paused until the
 * queue drains, and the client waits in TCP. `{ ack: chunk }` goes out only after every entry of that message is stored (at-least-once;
 * stable ids make a redelivered chunk harmless). A bad record is counted and the rest of its message stored;
 * a stream or message that breaks the protocol or a limit closes this connection (what came before it is
 * still stored and acknowledged); a storage failure closes it unacknowledged so the client resends.
 */
import type { Socket } from 'node:net';
import { encode } from '@msgpack/msgpack';
import type { ParsedLog } from '../../model/record';
import type { Store } from '../../store/connection';
import { ingest, type Rejection } from '../ingest';
import { entrySlices, type EntryLimits } from './entries';
import type { ForwardCloseKind, ForwardEvent, ForwardStats } from './events';
import { checkPing, startHandshake, type ForwardSecurity, type HandshakeState } from './handshake';
import { HANDSHAKE_FRAME_BYTES, type ByteBudget, type ForwardLimits } from './limits';
import { MsgpackSplitter } from './msgpack-frames';
import { readForwardFrame } from './protocol';
import { ForwardOccurrences, parseEntries } from './records';

export interface ConnectionContext {
  store: Store;
  limits: ForwardLimits;
  security: ForwardSecurity | null;
  budget: ByteBudget;
  stats: ForwardStats;
  tagService: (tag: string) => string | undefined;
  /** IANA zone of naive record times, for entries that carry no time of their own. */
  timezone: string | undefined;
  /** Records at which a batch is stored before more is read. */
  maxPendingEntries: number;
  emit: (event: ForwardEvent) => void;
}

/** Complete frames waiting past this many bytes pause the socket (about 2,500 oslo.log records: a good batch). */
const QUEUE_BYTES = 1 << 20;
/** Encoded entry bytes at which a batch is stored even if fewer than maxPendingEntries. */
const PENDING_BYTES = 8 << 20;
/** How long an ended connection may take to close before it is cut. */
const LINGER_MS = 2000;
/** Reasons quoted in one message's rejection report. */
const REASONS_QUOTED = 3;

export class ForwardConnection {
  readonly remote: string;
  private readonly splitter: MsgpackSplitter;
  private readonly entryLimits: EntryLimits;
  private frames: Uint8Array[] = [];
  private queuedBytes = 0;
  private currentBytes = 0;
  /** Bytes taken from the shared budget. */
  private held = 0;
  private handshake: HandshakeState | null = null;
  private handshakeTimer: NodeJS.Timeout | null = null;
  /** No more frames will come: the client ended, or the stream broke (`streamError` says how). */
  private ended = false;
  private streamError: { kind: ForwardCloseKind; reason: string } | null = null;
  private closed = false;
  private storing = false;
  private wake: (() => void) | null = null;
  private records: ParsedLog[] = [];
  /** The tag each pending record came with, for reporting a refused one. */
  private readonly tagOf = new WeakMap<ParsedLog, string>();
  private recordBytes = 0;
  private acks: string[] = [];
  private readonly occurrences = new ForwardOccurrences();

  constructor(
    private readonly socket: Socket,
    private readonly context: ConnectionContext,
  ) {
    this.remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    const { limits } = context;
    const frameBytes = context.security ? HANDSHAKE_FRAME_BYTES : limits.maxFrameBytes;
    this.splitter = new MsgpackSplitter({ maxBytes: frameBytes, maxDepth: limits.maxDepth + 3 });
    this.entryLimits = {
      maxEntries: limits.maxEntries,
      maxInflatedBytes: limits.maxInflatedBytes,
      entry: { maxBytes: limits.maxFrameBytes, maxDepth: limits.maxDepth },
    };
  }

  /** Serves the connection until it closes; never throws. */
  async run(): Promise<void> {
    const { socket, context } = this;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.endStream(null));
    // Frames already received are stored even when the client has gone (only their acks are lost).
    socket.on('close', () => this.endStream(null));
    socket.on('error', (error) => this.endStream({ kind: 'socket', reason: error.message }));
    socket.setKeepAlive(true, 60_000);
    // A listener of its own: setTimeout's callback would be called only once, and onIdle may re-arm the timer.
    socket.on('timeout', () => this.onIdle());
    socket.setTimeout(context.limits.idleTimeoutMs);
    if (context.security) {
      const { helo, state } = startHandshake(context.security);
      this.handshake = state;
      socket.write(helo);
      this.handshakeTimer = setTimeout(
        () => this.fail('timeout', `no handshake within ${context.limits.handshakeTimeoutMs / 1000} s`),
        context.limits.handshakeTimeoutMs,
      );
    }
    try {
      await this.consume();
    } catch (error) {
      this.fail('protocol', `unexpected: ${(error as Error).message}`);
    } finally {
      if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
      this.context.budget.give(this.held);
      this.held = 0;
      if (!socket.destroyed) {
        // Let the last acks or the failed PONG go out, but never wait on a client that does not close.
        socket.end();
        setTimeout(() => socket.destroy(), LINGER_MS).unref();
      }
    }
  }

  /** Stops reading; what is queued is still stored and acknowledged, then the connection ends. */
  shutdown(): void {
    this.endStream(null);
  }

  /** Closes now, without storing what is queued (its client resends what was not acknowledged). */
  destroy(): void {
    this.closed = true;
    this.ended = true;
    this.socket.destroy();
    this.wake?.();
  }

  private onData(chunk: Buffer): void {
    if (this.ended) return;
    let values: Uint8Array[];
    try {
      values = this.splitter.push(chunk);
    } catch (error) {
      values = this.splitter.takeCompleted();
      this.enqueue(values);
      this.endStream({ kind: 'protocol', reason: `malformed forward stream: ${(error as Error).message}` });
      return;
    }
    this.enqueue(values);
    if (!this.account()) {
      const budget = this.context.budget.max / (1 << 20);
      this.endStream({ kind: 'overload', reason: `the listener holds its limit of ${budget} MiB of unstored data` });
      return;
    }
    if (this.queuedBytes >= QUEUE_BYTES) this.socket.pause();
    this.wake?.();
  }

  private enqueue(values: Uint8Array[]): void {
    for (const value of values) {
      this.frames.push(value);
      this.queuedBytes += value.length;
    }
  }

  /** Brings the bytes this connection holds into the shared budget; false when they do not fit. */
  private account(): boolean {
    const want = this.splitter.pendingBytes + this.queuedBytes + this.currentBytes;
    if (want <= this.held) {
      this.context.budget.give(this.held - want);
      this.held = want;
      return true;
    }
    if (!this.context.budget.take(want - this.held)) return false;
    this.held = want;
    return true;
  }

  private endStream(error: { kind: ForwardCloseKind; reason: string } | null): void {
    if (!this.ended) {
      this.ended = true;
      this.streamError = error;
      if (!this.socket.destroyed) this.socket.pause();
      if (!error && this.splitter.inProgress) {
        this.streamError = { kind: 'protocol', reason: 'stream ended in the middle of a message' };
      }
    }
    this.wake?.();
  }

  private onIdle(): void {
    // A connection paused by us (storing, queue full) is not idle; wait another period.
    if (this.storing || this.frames.length > 0) {
      this.socket.setTimeout(this.context.limits.idleTimeoutMs);
      return;
    }
    this.fail('timeout', `idle for ${this.context.limits.idleTimeoutMs / 1000} s`);
  }

  /** Closes at once: nothing more is read, stored or acknowledged. */
  private fail(kind: ForwardCloseKind, reason: string): void {
    if (this.closed) return;
    this.report(kind, reason);
    this.closed = true;
    this.ended = true;
    this.socket.destroy();
    this.wake?.();
  }

  private report(kind: ForwardCloseKind, reason: string): void {
    const { stats } = this.context;
    if (kind === 'protocol') stats.protocolErrors += 1;
    if (kind === 'auth') stats.authFailures += 1;
    if (kind === 'timeout') stats.timeouts += 1;
    if (kind === 'overload') stats.shed += 1;
    if (kind === 'store') stats.storeErrors += 1;
    this.context.emit({ type: 'closed', remote: this.remote, kind, reason });
  }

  private async consume(): Promise<void> {
    for (;;) {
      if (this.closed) return;
      if (!this.ended && this.queuedBytes < QUEUE_BYTES && this.socket.isPaused()) {
        this.socket.resume();
      }
      const frame = this.frames.shift();
      if (!frame) {
        if (this.records.length > 0 || this.acks.length > 0) {
          await this.flush();
          continue;
        }
        if (this.ended) break;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        continue;
      }
      this.queuedBytes -= frame.length;
      this.currentBytes = frame.length;
      if (this.handshake) this.onPing(frame);
      else await this.onFrame(frame);
      this.currentBytes = 0;
      this.account();
    }
    if (this.streamError) {
      this.report(this.streamError.kind, this.streamError.reason);
      this.closed = true;
      this.socket.destroy();
    }
  }

  private onPing(frame: Uint8Array): void {
    const security = this.context.security as ForwardSecurity;
    const result = checkPing(frame, security, this.handshake as HandshakeState);
    if (!result.ok) {
      this.report('auth', `handshake refused: ${result.reason}`);
      this.closed = true;
      this.socket.end(result.pong);
      return;
    }
    if (this.socket.writable) this.socket.write(result.pong);
    this.handshake = null;
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = null;
    this.splitter.setLimits({
      maxBytes: this.context.limits.maxFrameBytes,
      maxDepth: this.context.limits.maxDepth + 3,
    });
  }

  private async onFrame(frame: Uint8Array): Promise<void> {
    const { context } = this;
    let tag = '?';
    let rejected = 0;
    const reasons = new Set<string>();
    try {
      const parsed = readForwardFrame(frame, this.entryLimits.entry);
      if (parsed.kind === 'heartbeat') return;
      tag = parsed.tag;
      context.stats.messages += 1;
      for await (const slice of entrySlices(parsed.entries, this.entryLimits)) {
        const result = parseEntries(
          { tag, entries: slice.entries, chunk: parsed.chunk, invalid: slice.invalid },
          context.tagService,
          { timezone: context.timezone, occurrences: this.occurrences },
        );
        for (const record of result.records) {
          this.records.push(record);
          this.tagOf.set(record, tag);
        }
        this.recordBytes += slice.bytes;
        rejected += result.rejected.length;
        for (const reason of result.rejected) if (reasons.size < REASONS_QUOTED) reasons.add(reason);
        if (this.records.length >= context.maxPendingEntries || this.recordBytes >= PENDING_BYTES) await this.flush();
        if (this.closed) return;
      }
      if (parsed.chunk !== null) this.acks.push(parsed.chunk);
    } catch (error) {
      // The framing is intact but this message is not: store what came before it, then close.
      this.endStream({ kind: 'protocol', reason: `message (tag ${tag}) refused: ${(error as Error).message}` });
      this.frames = [];
      this.queuedBytes = 0;
    } finally {
      context.stats.rejected += rejected;
      if (rejected > 0)
        context.emit({ type: 'rejected', remote: this.remote, tag, count: rejected, reasons: [...reasons] });
    }
  }

  private reportRejections(rejections: readonly Rejection[]): void {
    if (rejections.length === 0) return;
    this.context.stats.rejected += rejections.length;
    const byTag = new Map<string, Rejection[]>();
    for (const rejection of rejections) {
      const tag = this.tagOf.get(rejection.record) ?? '?';
      byTag.set(tag, [...(byTag.get(tag) ?? []), rejection]);
    }
    for (const [tag, list] of byTag) {
      const reasons = [...new Set(list.map((r) => r.reason))].slice(0, REASONS_QUOTED);
      this.context.emit({ type: 'rejected', remote: this.remote, tag, count: list.length, reasons });
    }
  }

  private async flush(): Promise<void> {
    const records = this.records;
    const acks = this.acks;
    this.records = [];
    this.recordBytes = 0;
    this.acks = [];
    this.storing = true;
    try {
      // ingest() is the shared IngestBatcher used for one batch. The connection does not keep a batcher of its
      // own: it decides where a batch ends (entries, bytes, or an empty queue) and acknowledges after each.
      // Occurrence numbers (ForwardOccurrences): a chunk is its own stream, so a chunk resent on another
      // connection gets the same ids; records sent without a chunk (oslo's Fluent handler) are numbered along
      // the connection, so identical records in one millisecond stay apart even across batches.
      const result =
        records.length > 0
          ? await ingest(this.context.store, records, { occurrences: this.occurrences })
          : { inserted: 0, duplicates: 0, rejections: [] };
      const { stats } = this.context;
      stats.inserted += result.inserted;
      stats.duplicates += result.duplicates;
      this.context.emit({ type: 'stored', inserted: result.inserted, duplicates: result.duplicates });
      // Refused on the way in (a time outside the window, too large) or by the database: reported like a record
      // that could not be read, and its chunk acknowledged all the same, since resending would not help.
      this.reportRejections(result.rejections);
      for (const chunk of acks) {
        this.occurrences.acknowledged(chunk);
        if (this.socket.writable) this.socket.write(encode({ ack: chunk }));
      }
    } catch (error) {
      // Nothing of this batch is acknowledged; the client resends it on a new connection.
      this.fail('store', `storing failed, closing unacknowledged: ${(error as Error).message}`);
    } finally {
      this.storing = false;
    }
  }
}
