/**
 * The API as its own process, as operators run it: `startServer` on a free port, its URL and pid sent to the
 * parent over IPC; on the message `memory` it answers with `process.memoryUsage()`; on `stop` it closes.
 * Started by api-client.ts with `fork()`; environment: MONGODB_URI, LOGCAS_DB.
 */
import { loadConfig, startServer } from './core';

async function main(): Promise<void> {
  if (!process.send) throw new Error('api-process.ts runs as a child of a benchmark (fork with IPC)');
  const server = await startServer(loadConfig(process.env, { apiToken: undefined }), { port: 0, bind: '127.0.0.1' });
  process.on('message', async (message: unknown) => {
    if (message === 'memory') process.send?.({ memory: process.memoryUsage() });
    if (message === 'stop') {
      await server.close();
      process.disconnect();
    }
  });
  process.send({ url: server.url, pid: process.pid });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
