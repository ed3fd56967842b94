/** Build helpers shared by the LogCAS Grafana plugins. See README.md. */
export { GRAFANA_SHARED_MODULES, isSharedModule } from './shared-modules';
export {
  AMD_PREFIX_LINES,
  ExternalModuleError,
  assertOnlyShared,
  requiredModules,
  shiftSourceMap,
  wrapCjsAsAmd,
} from './amd';
export { amdWrap, copyPluginFiles, grafanaPluginConfig, sharedModulesExternal } from './config';
export type { GrafanaPluginBuildOptions } from './config';
