/** scripts/local-server.ts, the server finder of `npm start` and the tests: what it says when it cannot build. */
import { buildFerretDb, findOrStartServer } from '../scripts/local-server';

describe('the local server of npm start', () => {
  it('uses MONGODB_URI as given', async () => {
    const server = await findOrStartServer({ env: { MONGODB_URI: 'mongodb://db.example:27017/' }, log: () => {} });
    expect(server.uri).toBe('mongodb://db.example:27017/');
  });

  it('says exactly what to install when FerretDB must be built and there is no Go', () => {
    expect(() => buildFerretDb({ PATH: '/nonexistent' })).toThrow(
      /FerretDB is not built and the go command is missing\. Either install Go 1\.\d+ or newer .* or set MONGODB_URI/,
    );
  });

  it('names a LOGCAS_FERRETDB that does not exist', async () => {
    await expect(
      findOrStartServer({ env: { LOGCAS_FERRETDB: '/nonexistent/ferretdb' }, log: () => {} }),
    ).rejects.toThrow('LOGCAS_FERRETDB names /nonexistent/ferretdb, which does not exist');
  });
});
