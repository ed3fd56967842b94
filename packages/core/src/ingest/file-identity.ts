/**
 * Telling whether the file at a path is still the one a checkpoint or a follower was reading, and finding
 * the old one when it is not (docs/cli.md, "Rotation"). A file is known by its inode and by its head, the
 * first bytes it was read with: rotation by rename changes the inode, copytruncate keeps the inode but
 * sooner or later the head (the first line of a log file carries its time). What was appended to the old
 * file after the last read can still be read from its rotated copy: the renamed file itself (same inode),
 * or a copy (`nova-api.log.1`, `nova-api.log-20261125`) that starts with the same head.
 */
import { createHash } from 'node:crypto';
import { readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Bytes of a file's start that identify it. */
export const HEAD_BYTES = 256;
/** Bytes of a file's start looked at to tell text from binary. */
const SNIFF_BYTES = 8192;

/** The first `length` bytes of an open file (fewer when it is shorter). */
export async function readHead(handle: FileHandle, length = HEAD_BYTES): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, 0);
  return buffer.subarray(0, bytesRead);
}

/** The digest a checkpoint keeps of a head. */
export function headDigest(head: Buffer): string {
  return createHash('sha256').update(head).digest('hex');
}

/**
 * Why an open file is not text, or undefined when it may be: a NUL byte among its first 8 KiB that is not
 * part of a run of NULs from the very start (a sparse start, which a writer without O_APPEND leaves after
 * copytruncate, is skipped like any NUL in a line).
 */
export async function binaryReason(handle: FileHandle): Promise<string | undefined> {
  const head = await readHead(handle, SNIFF_BYTES);
  let start = 0;
  while (start < head.length && head[start] === 0) start += 1;
  const nul = head.indexOf(0, start);
  return nul < 0 ? undefined : `it is not a text file (a NUL byte at offset ${nul}); only text log files are read`;
}

/** The old file a reader was in, to finish it from `offset`. */
export interface OldFile {
  path: string;
  inode: number;
  size: number;
}

/**
 * Looks beside `file` for the file a reader left at `offset`: one named `<name>.*` or `<name>-*` (not
 * compressed) that is the same inode, or that starts with the same head and reaches past `offset`.
 * The newest match wins.
 */
export async function findOldFile(
  file: string,
  old: { inode: number; head: string; headBytes: number },
  offset: number,
  readHeadOf: (path: string, length: number) => Promise<Buffer | null>,
): Promise<OldFile | null> {
  const name = basename(file);
  const folder = dirname(file);
  const entries = await readdir(folder).catch(() => [] as string[]);
  let best: (OldFile & { mtime: number }) | null = null;
  for (const entry of entries) {
    if (entry === name || !(entry.startsWith(`${name}.`) || entry.startsWith(`${name}-`))) continue;
    if (/\.(gz|bz2|xz|zst|zip)$/.test(entry)) continue;
    const path = join(folder, entry);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile() || info.size < offset) continue;
    let same = info.ino === old.inode;
    if (!same && old.headBytes > 0) {
      const head = await readHeadOf(path, old.headBytes);
      same = head !== null && head.length === old.headBytes && headDigest(head) === old.head;
    }
    if (same && (!best || info.mtimeMs > best.mtime))
      best = { path, inode: info.ino, size: info.size, mtime: info.mtimeMs };
  }
  return best && { path: best.path, inode: best.inode, size: best.size };
}
