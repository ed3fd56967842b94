export default async function globalTeardown(): Promise<void> {
  await globalThis.__LOGCAS_TEST_SERVER__?.stop();
}
