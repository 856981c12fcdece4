// The body of every service's main.ts: read the configuration (exit 2 naming
// every bad variable), start, and stop cleanly on SIGTERM/SIGINT (exit 0, or 1
// when stopping fails). A second signal exits at once with 1.
import { ConfigError, type CommonConfig } from './config.ts';
import { createLogger, type Logger } from './logger.ts';

export interface MainOptions<C extends CommonConfig> {
  /** The name people know the service by, for the messages it prints. */
  name: string;
  loadConfig(env: Record<string, string | undefined>): C;
  start(config: C, logger: Logger): Promise<{ stop(): Promise<void> }>;
}

export async function runMain<C extends CommonConfig>(options: MainOptions<C>): Promise<void> {
  let config: C;
  try {
    config = options.loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`${options.name} cannot start: ${err.message}`);
    process.exit(2);
  }

  const logger = createLogger({
    level: config.logLevel,
    service: config.service,
    version: config.version,
  });
  const service = await options.start(config, logger).catch((err: unknown) => {
    logger.fatal({ err }, `${options.name} failed to start`);
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
}
