import { findOrStartServer, type RunningServer } from '../../../../scripts/local-server';

declare global {
  var __LOGCAS_TEST_SERVER__: RunningServer | undefined;
}

/** Jest global setup: one server for the whole run; workers inherit MONGODB_URI from this process. */
export default async function globalSetup(): Promise<void> {
  const server = await findOrStartServer();
  process.env.MONGODB_URI = server.uri;
  globalThis.__LOGCAS_TEST_SERVER__ = server;
}
