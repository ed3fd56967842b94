import { defineConfig } from 'tsup';
import { grafanaPluginConfig } from '../../tools/plugin-build';

// dist/module.js as one AMD module over Grafana's shared modules, plus plugin.json, README, LICENSE, img/.
export default defineConfig(grafanaPluginConfig());
