/** @logcas/core — the one public entry (named exports only). */
export * from './errors';
export * from './config';
export * from './model/levels';
export * from './model/record';
export * from './model/summary';
export * from './model/redact';
export type * from './contract';
export { API_PREFIX } from './contract';
export { openStore, storeOver, type Store, type OpenStoreOptions } from './store/connection';
export { COLLECTIONS, type DataSet } from './store/collections';
export { INDEXES, ensureIndexes, type IndexDeclaration } from './store/indexes';
export type { Capabilities } from './store/capabilities';
