// What every service's process needs besides the bus contracts: configuration
// pieces, the logger, the start-up frame and main-process skeleton, and the
// HTTP parts all three share. Services import it from '@homelab/nats/runtime'.
export {
  commonConfig,
  commonEnv,
  parseEnv,
  ConfigError,
  LOG_LEVELS,
  type CommonConfig,
  type CommonSettings,
  type LogLevel,
} from './config.ts';
export { createLogger, maskUrl, type Logger, type LoggerOptions } from './logger.ts';
export { healthRoutes, type ReadinessCheck, type StatusSource } from './health.ts';
export { listen, type HttpServer } from './http-server.ts';
export { webUi } from './web-ui.ts';
export { trackBusStatus, type BusState } from './bus-status.ts';
export { runMain, type MainOptions } from './run-main.ts';
export { startInSteps, type Defer, type StartOptions, type Started } from './lifecycle.ts';
export {
  composeService,
  type ClientAdapter,
  type ComposeOptions,
  type ServiceParts,
} from './compose.ts';
export { announceStart } from './announce.ts';
export { createErrorHandler, errorBody, notFound, type KnownError } from './http-errors.ts';
export { parseWith, readJsonBody, type InvalidInput } from './http-input.ts';
