/**
 * What `logcas ingest` reads: a path to a file is that file; a path to a folder is every `*.log` file below
 * it (rotated copies such as `nova-api.log.1` are left to an explicit path: their lines are already in the
 * live file's checkpointed history). Used again while following, so files that appear later are picked up.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function listLogFiles(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    // A missing path is passed on as a file, so the reader reports it by name like any unreadable file.
    if (info?.isDirectory()) found.push(...(await logFilesBelow(path)));
    else found.push(path);
  }
  return [...new Set(found)];
}

async function logFilesBelow(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await logFilesBelow(path)));
    else if (entry.isFile() && entry.name.endsWith('.log')) files.push(path);
  }
  return files;
}

/** `--host-from-dir`: the host is the name of the folder holding the file (`/var/log/compute-1/nova-compute.log`). */
export function hostFromDirectory(file: string): string {
  return basename(dirname(file));
}
