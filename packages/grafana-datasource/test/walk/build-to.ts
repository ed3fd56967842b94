/**
 * `tsx build-to.ts <packageDir> <outDir>`: the plugin's shipped build into another folder. Run as its own
 * process because esbuild cannot run inside jest's jsdom environment.
 */
import { build } from 'tsup';
import { grafanaPluginConfig } from '../../../../tools/plugin-build';

const [packageDir, outDir] = process.argv.slice(2);
if (!packageDir || !outDir) throw new Error('usage: build-to.ts <packageDir> <outDir>');
build({ ...grafanaPluginConfig({ packageDir, outDir }), silent: true }).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
