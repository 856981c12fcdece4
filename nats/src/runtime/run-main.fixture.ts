// A service for run-main.test.ts: RUN_MAIN_START=fail makes it fail to start,
// RUN_MAIN_STOP=fail|hang makes stopping fail or never end.
import { z } from 'zod';
import { commonConfig, commonEnv, parseEnv } from './config.ts';
import { runMain } from './run-main.ts';

const settings = {
  port: 0,
  natsUser: 'streambot',
  serviceDir: import.meta.dirname,
  version: '0.0.1',
};
const schema = z.object(commonEnv(settings));

await runMain({
  name: 'fixture',
  loadConfig: (env) => commonConfig('fixture', parseEnv(schema, env), settings),
  start: async (_config, logger) => {
    if (process.env.RUN_MAIN_START === 'fail') throw new Error('cannot open the database');
    // Keeps the process alive until a signal arrives, as a listener would.
    const alive = setInterval(() => undefined, 1_000);
    logger.info('fixture is up');
    return {
      stop: async () => {
        if (process.env.RUN_MAIN_STOP === 'hang') return new Promise<void>(() => undefined);
        clearInterval(alive);
        if (process.env.RUN_MAIN_STOP === 'fail') throw new Error('could not close');
        logger.info('fixture stopped');
      },
    };
  },
});
