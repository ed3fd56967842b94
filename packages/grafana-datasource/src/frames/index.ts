/** API responses → data frames (pure). */
export { emptyFrame } from './empty';
export { listMeta, logsFrame, requestDetailFrames, requestsFrame } from './logs';
export type { LogsFrameOptions } from './logs';
export { traceFrame } from './trace';
export { annotationsFrame, volumeFrames } from './volume';
export { errorDetailFrames, errorsFrame, RESOURCE_HISTORY_VIEW, resourceHistoryFrame } from './views';
export { resourcesFrame } from './resources';
