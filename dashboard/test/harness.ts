// Runs dashboard in-process against the shared nats-server and a database of its
// own. The machinery and the other test helpers are shared
// (tools/test-env/service-harness.ts); the service and its user are this file's.
import {
  serviceHarness,
  type TestService as TestServiceOf,
} from '../../tools/test-env/service-harness.ts';
import { loadConfig } from '../src/config.ts';
import { startService, type RunningService } from '../src/service.ts';

export type TestService = TestServiceOf<RunningService>;

export const { startTestService } = serviceHarness({
  user: 'dashboard',
  // Tests run probe rounds themselves (service.probeHealth()).
  env: { HEALTH_PROBE_INTERVAL_MS: '600000' },
  start: (env) => startService(loadConfig(env)),
});
