/**
 * What the connected server can do. LogCAS runs on MongoDB ≥ 6.0 and on FerretDB 1.24, which lacks TTL
 * indexes, $merge, transactions and most aggregation operators (SPEC §4); richer paths sit behind these flags.
 */
import type { Db } from 'mongodb';

export interface Capabilities {
  /** 'mongodb' or 'ferretdb' */
  server: 'mongodb' | 'ferretdb';
  version: string;
  ttlIndexes: boolean;
  merge: boolean;
  transactions: boolean;
}

export async function detectCapabilities(db: Db): Promise<Capabilities> {
  const info = await db.admin().command({ buildInfo: 1 });
  // FerretDB adds `ferretdbVersion` to buildInfo; a real mongod never does.
  if (info.ferretdbVersion) {
    return { server: 'ferretdb', version: String(info.version), ttlIndexes: false, merge: false, transactions: false };
  }
  const hello = await db.admin().command({ hello: 1 });
  const replicated = Boolean(hello.setName) || hello.msg === 'isdbgrid';
  return { server: 'mongodb', version: String(info.version), ttlIndexes: true, merge: true, transactions: replicated };
}
