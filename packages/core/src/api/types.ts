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
import type { Store } from '../store/connection';

/** What the API reads of the configuration: the tokens, and the live tail's settle margin (default 5 s). */
export type ApiConfig = Pick<Config, 'apiToken'> & Partial<Pick<Config, 'apiReadToken' | 'tailSettleMs'>>;

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
}
