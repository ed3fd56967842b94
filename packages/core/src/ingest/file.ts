/**
 * Ingests one text log file, resumably, once or following it (`tail -F`):
 *
 *   file ─read chunk at offset→ ChunkLineSplitter (byte offsets) ─line→ text parser ─records→ batch
 *     batch ─prepare→ checkpoint{inFlight} → insert + rollups → checkpoint{offset, occurrences}
 *
 * The checkpoint's offset is the first byte not yet safely stored: the start of the parser's pending record
 * when there is one. A restart (even after SIGKILL) resumes there with the same occurrence counters, so no
 * line is lost and none is stored twice; a batch cut short is finished by recoverInFlight (store/derived.ts).
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import { IoError } from '../errors';
import { createTextParser } from '../parse/oslo-text';
import { ChunkLineSplitter } from '../parse/line-splitter';
import { serviceFromFileName } from '../parse/service-name';
import type { TextLogParser, TextParseOptions } from '../parse/types';
import { loadCheckpoint, saveCheckpoint } from '../store/checkpoints';
import type { Store } from '../store/connection';
import { recoverInFlight } from '../store/derived';
import { fileCheckpointId, readFileState, type FileCheckpointState } from './file-checkpoint';
import { DEFAULT_BATCH_SIZE, IngestBatcher, type IngestResult } from './ingest';
import { sleep } from './sleep';
import { OccurrenceCounter } from './stable-id';

export interface IngestFileOptions {
  /** Host recorded when a line does not name one. */
  host?: string;
  /** Service recorded when a line does not name one (default: from the file name, `nova-api.log.1` → nova-api). */
  service?: string;
  /** IANA zone of the file's timestamps (default UTC). */
  timezone?: string;
  /** Keep reading as the file grows, across rotation and truncation, until `signal` aborts. */
  follow?: boolean;
  /** Start where the last run stopped (default true); false reads from the start, duplicates are skipped. */
  resume?: boolean;
  /** Records per batch (default 1000). */
  batchSize?: number;
  /** Bytes per read (default 1 MiB). */
  chunkSize?: number;
  /** Follow: how often to look for new data (default 250 ms). */
  pollMs?: number;
  /** Follow: how long without new data before the pending record is stored (default 1000 ms). */
  idleMs?: number;
  /** Stops following (or reading) at the next batch border; what was read is stored and checkpointed. */
  signal?: AbortSignal;
  /** Called after every chunk and batch; the caller throttles its output. */
  onProgress?: (progress: FileProgress) => void;
}

export interface FileProgress {
  file: string;
  /** Bytes of the current file read so far. */
  offset: number;
  size: number;
  records: number;
  inserted: number;
  duplicates: number;
}

export interface IngestFileResult extends IngestResult {
  file: string;
  /** Records parsed and submitted (inserted + duplicates). */
  records: number;
}

interface Line {
  text: string;
  offset: number;
}

interface OpenStream {
  handle: FileHandle;
  inode: number;
  size: number;
  readOffset: number;
  splitter: ChunkLineSplitter;
  parser: TextLogParser;
  counter: OccurrenceCounter;
  /** Records parsed and not stored yet, stored through the shared batcher with this stream's counter. */
  batcher: IngestBatcher;
  year: number;
  /** Offset and occurrence state of the last saved checkpoint (what a crash would resume from). */
  saved: { offset: number; lastTs: number | null; occurrences: FileCheckpointState['occurrences'] };
  lastTs: number | null;
}

/** Reads `path` from its checkpoint (or the start) and stores every record once. */
export async function ingestFile(
  store: Store,
  path: string,
  options: IngestFileOptions = {},
): Promise<IngestFileResult> {
  const file = resolve(path);
  const service = options.service ?? serviceFromFileName(file) ?? undefined;
  const reader = new FileIngestion(store, file, { ...options, service });
  try {
    return await reader.run();
  } finally {
    await reader.close();
  }
}

class FileIngestion {
  private readonly checkpointId: string;
  private readonly batchSize: number;
  private readonly buffer: Buffer;
  private stream: OpenStream | null = null;
  private readonly totals = { records: 0, inserted: 0, duplicates: 0 };

  constructor(
    private readonly store: Store,
    private readonly file: string,
    private readonly options: IngestFileOptions,
  ) {
    this.checkpointId = fileCheckpointId(file, options.host ?? null, options.service ?? null);
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.buffer = Buffer.allocUnsafe(options.chunkSize ?? 1 << 20);
  }

  async run(): Promise<IngestFileResult> {
    const checkpoint = await loadCheckpoint(this.store, this.checkpointId);
    const state = readFileState(checkpoint);
    if (state?.inFlight) await recoverInFlight(this.store, state.inFlight);
    this.stream = await this.openStream(this.options.resume === false ? null : state, checkpoint?.offset ?? 0);
    await this.saveCheckpoint(null);
    const signal = this.options.signal;
    let idleSince = Date.now();
    while (!signal?.aborted) {
      const read = await this.readChunk();
      if (read > 0) {
        idleSince = Date.now();
        continue;
      }
      if (!this.options.follow) {
        await this.endOfStream();
        break;
      }
      // Caught up: store what is complete, and the pending record too once the writer has paused.
      if (Date.now() - idleSince >= (this.options.idleMs ?? 1000))
        this.current.batcher.add(this.current.parser.flush());
      await this.commit();
      if (await this.reopenIfRotated()) continue;
      await sleep(this.options.pollMs ?? 250, signal);
    }
    // Aborted: keep the pending record for the next run (the checkpoint points at its start).
    if (signal?.aborted) await this.commit();
    return { file: this.file, ...this.totals };
  }

  async close(): Promise<void> {
    await this.stream?.handle.close().catch(() => undefined);
    this.stream = null;
  }

  private get current(): OpenStream {
    if (!this.stream) throw new Error('file stream used before it was opened');
    return this.stream;
  }

  /** Opens the file; resumes at the checkpoint when it is the same file (inode) and has not shrunk below it. */
  private async openStream(state: FileCheckpointState | null, offset: number): Promise<OpenStream> {
    let handle: FileHandle;
    try {
      handle = await open(this.file, 'r');
    } catch (error) {
      throw new IoError(`cannot read ${this.file}: ${(error as Error).message}`, { cause: error });
    }
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      throw new IoError(`cannot read ${this.file}: not a regular file`);
    }
    const resume = state !== null && state.inode === info.ino && info.size >= offset;
    const year = resume ? state.year : new Date().getUTCFullYear();
    const lastTs = resume ? state.lastTs : null;
    const start = resume ? offset : 0;
    const parserOptions: TextParseOptions = {
      host: this.options.host,
      service: this.options.service,
      file: this.file,
      year,
    };
    if (this.options.timezone) parserOptions.timezone = this.options.timezone;
    // A line without a time takes the previous record's: give the resumed parser the one it would have had.
    if (lastTs !== null) parserOptions.fallbackTime = new Date(lastTs);
    const counter = new OccurrenceCounter(resume ? state.occurrences : null);
    const batcher = new IngestBatcher(this.store, {
      batchSize: this.batchSize,
      occurrences: counter,
      // Say what is being written before writing it, so a crash in between can be finished (recoverInFlight).
      beforeStore: (docs, ingestedAt) => this.saveCheckpoint({ ingestedAt, ids: docs.map((doc) => doc._id) }),
    });
    return {
      handle,
      inode: info.ino,
      size: info.size,
      readOffset: start,
      splitter: new ChunkLineSplitter(start),
      parser: createTextParser(parserOptions),
      counter,
      batcher,
      year,
      saved: { offset: start, lastTs, occurrences: counter.snapshot() },
      lastTs,
    };
  }

  /** Reads the next chunk and parses its complete lines; returns the bytes read (0 at the end). */
  private async readChunk(): Promise<number> {
    const stream = this.current;
    let bytesRead: number;
    try {
      ({ bytesRead } = await stream.handle.read(this.buffer, 0, this.buffer.length, stream.readOffset));
    } catch (error) {
      throw new IoError(`cannot read ${this.file}: ${(error as Error).message}`, { cause: error });
    }
    if (bytesRead === 0) return 0;
    stream.readOffset += bytesRead;
    if (stream.readOffset > stream.size) stream.size = stream.readOffset;
    const lines: Line[] = [];
    stream.splitter.push(this.buffer.subarray(0, bytesRead), (text, offset) => lines.push({ text, offset }));
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as Line;
      stream.batcher.add(stream.parser.push(line.text, line.offset));
      // Mid-chunk, the lines after this one are not parsed yet: the position is the next line's start.
      if (stream.batcher.full) await this.commit(lines[i + 1]?.offset ?? stream.splitter.consumedOffset);
    }
    this.progress();
    return bytesRead;
  }

  /** End of a file read once: its last line (even without `\n`) and the pending record are complete. */
  private async endOfStream(): Promise<void> {
    const stream = this.current;
    stream.splitter.end((text, offset) => stream.batcher.add(stream.parser.push(text, offset)));
    stream.batcher.add(stream.parser.flush());
    await this.commit();
  }

  /**
   * Follow: a new inode at the path (rotation by rename) or a file shorter than what was read (copytruncate)
   * starts a new stream at offset 0; the old one is read to its end and stored first.
   */
  private async reopenIfRotated(): Promise<boolean> {
    const stream = this.current;
    const [atPath, open] = await Promise.all([stat(this.file).catch(() => null), stream.handle.stat()]);
    const rotated = atPath !== null && atPath.ino !== stream.inode;
    const truncated = open.size < stream.readOffset;
    if (!rotated && !truncated) return false;
    if (rotated) while ((await this.readChunk()) > 0);
    if (!truncated) await this.endOfStream();
    else {
      // The bytes after the cut are gone; only what was already parsed can still be stored.
      stream.batcher.add(stream.parser.flush());
      await this.commit();
    }
    await stream.handle.close();
    this.stream = null;
    this.stream = await this.openStream(null, 0);
    await this.saveCheckpoint(null);
    return true;
  }

  /**
   * Stores the batch and moves the checkpoint to the first byte not yet stored: the pending record's start,
   * else `position`, the end of the last line the parser has seen.
   */
  private async commit(position = this.current.splitter.consumedOffset): Promise<void> {
    const stream = this.current;
    const offset = stream.parser.pendingOffset() ?? position;
    const last = stream.batcher.last;
    if (!last) {
      if (offset !== stream.saved.offset) await this.saveCheckpoint(null, offset);
      return;
    }
    const records = stream.batcher.size;
    const result = await stream.batcher.flush();
    this.totals.records += records;
    this.totals.inserted += result.inserted;
    this.totals.duplicates += result.duplicates;
    stream.lastTs = last.ts.getTime();
    await this.saveCheckpoint(null, offset);
    this.progress();
  }

  /** With `inFlight`, saves the previous position plus the batch; without, `offset` and the current state. */
  private async saveCheckpoint(
    inFlight: FileCheckpointState['inFlight'],
    offset = this.current.readOffset,
  ): Promise<void> {
    const stream = this.current;
    if (!inFlight) {
      stream.saved = {
        offset,
        lastTs: stream.lastTs,
        occurrences: stream.counter.snapshot(),
      };
    }
    const state: FileCheckpointState = {
      inode: stream.inode,
      occurrences: stream.saved.occurrences,
      lastTs: stream.saved.lastTs,
      year: stream.year,
      inFlight,
    };
    await saveCheckpoint(this.store, {
      _id: this.checkpointId,
      path: this.file,
      offset: stream.saved.offset,
      state: state as unknown as Record<string, unknown>,
    });
  }

  private progress(): void {
    const stream = this.current;
    this.options.onProgress?.({ file: this.file, offset: stream.readOffset, size: stream.size, ...this.totals });
  }
}
