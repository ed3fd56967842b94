/**
 * `@logcas/contract/constants`: the contract's plain values (levels, limits, record fields) with no
 * dependency, for code that needs them without the schemas (the Grafana plugins' bundles).
 */
export * from './fields';
export * from './levels';
export * from './limits';
export * from './patterns';
