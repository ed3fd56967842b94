// Builds the shared-modules bundle into .cache/ when missing or outdated (`npm run build` here);
// prints nothing unless it fails, like every other use of the bundle.
import { ensureSharedBundle } from '../bundle/build';

ensureSharedBundle({ force: process.argv.includes('--force') }).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
