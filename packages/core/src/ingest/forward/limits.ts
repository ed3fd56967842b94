/**
 * What one client may cost the forward listener. Memory stays under about
 *   maxBufferedBytes + connections × (one slice of entries + zlib's window)
 * whatever is sent: a frame is held whole only up to maxFrameBytes and only while the shared budget allows,
 * and entries are decoded and stored a slice at a time (entries.ts). docs/forward.md explains each limit.
 */
export interface ForwardLimits {
  /** Bytes of one message on the wire (Fluentd's chunk; keep its `chunk_limit_size` below this). */
  maxFrameBytes: number;
  /** Bytes one CompressedPackedForward message may inflate to. */
  maxInflatedBytes: number;
  /** Entries in one message. */
  maxEntries: number;
  /** Open connections; more are closed as they arrive. */
  maxConnections: number;
  /** Bytes of incomplete and queued frames across all connections; a connection that would pass it is closed. */
  maxBufferedBytes: number;
  /** A connection that sends nothing for this long is closed. */
  idleTimeoutMs: number;
  /** Time from connecting to a completed TLS and shared_key handshake. */
  handshakeTimeoutMs: number;
  /** How deep arrays and maps may nest in one entry (the decoder and the parsers stay out of deep recursion). */
  maxDepth: number;
}

export const DEFAULT_FORWARD_LIMITS: Readonly<ForwardLimits> = {
  maxFrameBytes: 16 << 20,
  maxInflatedBytes: 64 << 20,
  maxEntries: 100_000,
  maxConnections: 1000,
  maxBufferedBytes: 256 << 20,
  idleTimeoutMs: 3600_000,
  handshakeTimeoutMs: 10_000,
  maxDepth: 512,
};

/** A PING is a few hundred bytes; nothing larger is read before a client has proved it knows the key. */
export const HANDSHAKE_FRAME_BYTES = 16 << 10;

/** A global count of bytes held, shared by the connections of one listener. */
export class ByteBudget {
  private used = 0;

  constructor(readonly max: number) {}

  /** Takes `bytes` if they fit; false (nothing taken) if they do not. */
  take(bytes: number): boolean {
    if (this.used + bytes > this.max) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  get inUse(): number {
    return this.used;
  }
}
