/**
 * `@logcas/contract`: the HTTP API `/api/v1` as one source. Each route group's file holds the TypeBox
 * schemas of its parameters and responses with their `Static` types; the server validates and serialises
 * with the schemas, clients use the types. A new route group is one more file here, exported below.
 */
export * from './constants';
export * from './common';
export * from './errors';
export * from './records';
// Route groups
export * from './archive';
export * from './fingerprints';
export * from './health';
export * from './ingest';
export * from './logs';
export * from './requests';
export * from './resources';
export * from './series';
