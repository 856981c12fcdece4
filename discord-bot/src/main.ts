// Entry point: read the configuration, start the service, stop it cleanly on
// SIGTERM/SIGINT. A second signal exits at once.
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from '@homelab/nats/runtime';
import { startService } from './service.ts';

let config;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`discord-bot cannot start: ${err.message}`);
  process.exit(2);
}

const logger = createLogger({
  level: config.logLevel,
  service: config.service,
  version: config.version,
});
const service = await startService(config, logger).catch((err: unknown) => {
  logger.fatal({ err }, 'discord-bot failed to start');
  process.exit(1);
});

let signalled = false;
const shutdown = (signal: string) => {
  if (signalled) {
    logger.warn({ signal }, 'second signal, exiting without waiting');
    process.exit(1);
  }
  signalled = true;
  logger.info({ signal }, 'stopping');
  service.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      logger.error({ err }, 'stop failed');
      process.exit(1);
    },
  );
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
