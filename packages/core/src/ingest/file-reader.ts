/**
 * One pass of file ingestion, from the checkpoint until the end (or, following, until stopped):
 *
 *   file ─read chunk at offset→ ChunkLineSplitter (byte offsets) ─line→ text parser ─records→ batch
 *     batch ─prepare→ checkpoint{inFlight} → insert + rollups → checkpoint{offset, occurrences, head}
 *        └─ refused records → dead_letters
 *
 * The checkpoint's offset is the first byte not yet safely stored: the start of the parser's pending record
 * when there is one. A restart (even after SIGKILL) resumes there with the same occurrence counters, so no
 * line is lost and none is stored twice; a batch cut short is finished by recoverInFlight (store/derived.ts).
 * When the file at the path is no longer the one the checkpoint names (rotated, truncated), the rest of the
 * old one is read from its rotated copy first, when one is left (ingest/file-identity.ts).
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { IoError } from '../errors';
import { createTextParser } from '../parse/oslo-text';
import { ChunkLineSplitter } from '../parse/line-splitter';
import type { TextLogParser, TextParseOptions } from '../parse/types';
import { loadCheckpoint, saveCheckpoint } from '../store/checkpoints';
import type { Store } from '../store/connection';
import { storeDeadLetters } from '../store/dead-letters';
import { recoverInFlight } from '../store/derived';
import { deadLetterOf } from './dead-letter';
import { fileCheckpointId, readFileState, type FileCheckpointState } from './file-checkpoint';
import { binaryReason, findOldFile, headDigest, HEAD_BYTES, readHead } from './file-identity';
import type { FileTotals, IngestFileOptions } from './file';
import { DEFAULT_BATCH_SIZE, IngestBatcher } from './ingest';
import { sleep } from './sleep';
import { OccurrenceCounter } from './stable-id';

interface Line {
  text: string;
  offset: number;
}

interface OpenStream {
  handle: FileHandle;
  inode: number;
  /** The first bytes of the file as read (at most HEAD_BYTES): what tells this file from a rewritten one. */
  head: Buffer;
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

async function openFile(path: string): Promise<FileHandle> {
  try {
    const handle = await open(path, 'r');
    if ((await handle.stat()).isFile()) return handle;
    await handle.close();
    throw new Error('not a regular file');
  } catch (error) {
    throw new IoError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

async function headOf(path: string, length: number): Promise<Buffer | null> {
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return null;
  try {
    return await readHead(handle, length);
  } finally {
    await handle.close();
  }
}

/** Reads one file into the store; `totals` is shared with the caller across retries. */
export class FileReader {
  private readonly checkpointId: string;
  private readonly batchSize: number;
  private readonly buffer: Buffer;
  private stream: OpenStream | null = null;

  constructor(
    private readonly store: Store,
    private readonly file: string,
    private readonly options: IngestFileOptions,
    private readonly totals: FileTotals,
  ) {
    this.checkpointId = fileCheckpointId(file, options.host ?? null, options.service ?? null);
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.buffer = Buffer.allocUnsafe(options.chunkSize ?? 1 << 20);
  }

  async run(): Promise<void> {
    const checkpoint = await loadCheckpoint(this.store, this.checkpointId);
    const state = readFileState(checkpoint);
    if (state?.inFlight) await recoverInFlight(this.store, state.inFlight);
    const resumeFrom = this.options.resume === false ? null : state;
    this.stream = await this.openAt(resumeFrom, checkpoint?.offset ?? 0);
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
      await sleep(this.options.pollMs ?? 250, signal);
      // Checked before the next read: a file truncated and rewritten past our offset while we slept must not
      // be read from the middle.
      if (!signal?.aborted) await this.reopenIfReplaced();
    }
    // Aborted: keep the pending record for the next run (the checkpoint points at its start).
    if (signal?.aborted) await this.commit();
  }

  async close(): Promise<void> {
    await this.stream?.handle.close().catch(() => undefined);
    this.stream = null;
  }

  private get current(): OpenStream {
    if (!this.stream) throw new Error('file stream used before it was opened');
    return this.stream;
  }

  /**
   * Opens the file at the checkpoint when it is still the checkpoint's file (same inode, not shorter, same
   * head). Otherwise the checkpoint's file was rotated or truncated: the rest of it is read from its rotated
   * copy when one is found, and the file at the path is then read from its start.
   */
  private async openAt(state: FileCheckpointState | null, offset: number): Promise<OpenStream> {
    const handle = await openFile(this.file);
    const info = await handle.stat();
    if (state && state.inode === info.ino && info.size >= offset) {
      const head = await readHead(handle, state.headBytes);
      if (state.headBytes === 0 || headDigest(head) === state.head) return this.streamOver(handle, info, state, offset);
    }
    if (state && offset > 0) {
      const old = await findOldFile(this.file, state, offset, headOf);
      if (old) {
        this.stream = await this.streamOver(await openFile(old.path), await stat(old.path), state, offset);
        while ((await this.readChunk()) > 0);
        await this.endOfStream();
        await this.close();
      }
    }
    return this.streamOver(handle, info, null, 0);
  }

  /** A stream over an open file, resumed from `state` at `offset` or new at 0; a new one must be text. */
  private async streamOver(
    handle: FileHandle,
    info: { ino: number; size: number },
    state: FileCheckpointState | null,
    offset: number,
  ): Promise<OpenStream> {
    const start = state ? offset : 0;
    if (start === 0) {
      const binary = await binaryReason(handle);
      if (binary) {
        await handle.close();
        throw new IoError(`cannot read ${this.file}: ${binary}`);
      }
    }
    const year = state ? state.year : new Date().getUTCFullYear();
    const lastTs = state ? state.lastTs : null;
    const parserOptions: TextParseOptions = {
      host: this.options.host,
      service: this.options.service,
      file: this.file,
      year,
    };
    if (this.options.timezone) parserOptions.timezone = this.options.timezone;
    // A line without a time takes the previous record's: give the resumed parser the one it would have had.
    if (lastTs !== null) parserOptions.fallbackTime = new Date(lastTs);
    const counter = new OccurrenceCounter(state ? state.occurrences : null);
    const batcher = new IngestBatcher(this.store, {
      batchSize: this.batchSize,
      occurrences: counter,
      // Say what is being written before writing it, so a crash in between can be finished (recoverInFlight).
      journal: {
        around: async (batch, write) => {
          await this.saveCheckpoint(batch);
          return write();
        },
      },
      onRejected: async (rejections, at) => {
        await storeDeadLetters(
          this.store,
          rejections.map((rejection) => deadLetterOf(rejection, at)),
        );
        this.options.onRejected?.(this.file, rejections);
      },
    });
    return {
      handle,
      inode: info.ino,
      head: await readHead(handle, HEAD_BYTES),
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

  /** Hands one line to the parser; NUL bytes (a sparse region a crash or copytruncate left) are dropped. */
  private push(line: Line): void {
    const stream = this.current;
    const text = line.text.includes('\u0000') ? line.text.replaceAll('\u0000', '') : line.text;
    stream.batcher.add(stream.parser.push(text, line.offset));
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
      this.push(lines[i] as Line);
      // Mid-chunk, the lines after this one are not parsed yet: the position is the next line's start.
      if (stream.batcher.full) await this.commit(lines[i + 1]?.offset ?? stream.splitter.consumedOffset);
    }
    this.progress();
    return bytesRead;
  }

  /** End of a file read once: its last line (even without `\n`) and the pending record are complete. */
  private async endOfStream(): Promise<void> {
    const stream = this.current;
    stream.splitter.end((text, offset) => this.push({ text, offset }));
    stream.batcher.add(stream.parser.flush());
    await this.commit();
  }

  /**
   * Follow: a new inode at the path (rotation by rename), a file shorter than what was read, or one whose
   * head changed (copytruncate, then rewritten past our offset) starts a new stream at offset 0. The old
   * file is read to its end first: the renamed file itself, or after copytruncate the copy that starts with
   * the same head, when there is one; without one, only what was read before the cut can be stored.
   */
  private async reopenIfReplaced(): Promise<boolean> {
    const stream = this.current;
    const [atPath, opened] = await Promise.all([stat(this.file).catch(() => null), stream.handle.stat()]);
    const rotated = atPath !== null && atPath.ino !== stream.inode;
    let truncated = !rotated && opened.size < stream.readOffset;
    if (!rotated && !truncated) {
      const head = await readHead(stream.handle, HEAD_BYTES);
      if (!head.subarray(0, stream.head.length).equals(stream.head)) truncated = true;
      else if (head.length > stream.head.length) stream.head = head;
    }
    if (!rotated && !truncated) return false;
    const old = truncated
      ? await findOldFile(
          this.file,
          { inode: stream.inode, head: headDigest(stream.head), headBytes: stream.head.length },
          stream.readOffset,
          headOf,
        )
      : null;
    if (old) {
      await stream.handle.close();
      stream.handle = await openFile(old.path);
    }
    if (rotated || old) {
      // The renamed file, or the copy, holds the bytes read so far and what followed them: read to its end.
      while ((await this.readChunk()) > 0);
      await this.endOfStream();
    } else {
      // The bytes after the cut are gone (and the file may hold new ones there): store what was parsed.
      stream.batcher.add(stream.parser.flush());
      await this.commit();
    }
    await this.close();
    this.stream = await this.streamOver(await openFile(this.file), await stat(this.file), null, 0);
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
    this.totals.rejected += result.rejected;
    // A refused record's time may be no date at all (NaN), which the checkpoint must never carry.
    const lastMs = last.ts.getTime();
    if (Number.isFinite(lastMs)) stream.lastTs = lastMs;
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
    const head = stream.head;
    const state: FileCheckpointState = {
      inode: stream.inode,
      head: headDigest(head),
      headBytes: head.length,
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
