/** The Fastify instance type with TypeBox inference, and what routes get from the app. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Config } from '../config';
import type { DatabaseGate } from './database-gate';
import type { Store } from '../store/connection';

/**
 * What the API reads of the configuration: the tokens, the live tail's settle margin (default 5 s), and the
 * query deadline and concurrency of database-bound routes (defaults 20 s and 8).
 */
export type ApiConfig = Pick<Config, 'apiToken'> &
  Partial<Pick<Config, 'apiReadToken' | 'tailSettleMs' | 'queryTimeoutMs' | 'maxConcurrent'>>;

export type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface RouteDeps {
  store: Store;
  config: ApiConfig;
  /** Slots, deadlines and cancellation of every database-bound route (api/database-gate.ts). */
  gate: DatabaseGate;
}
