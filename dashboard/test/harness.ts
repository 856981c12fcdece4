// Runs dashboard in-process against the shared nats-server and a database of its
// own. The machinery and the other test helpers are shared
// (tools/test-env/service-harness.ts); the service and its user are this file's.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  serviceHarness,
  type TestService as TestServiceOf,
} from '../../tools/test-env/service-harness.ts';
import { loadConfig } from '../src/config.ts';
import { startService, type RunningService } from '../src/service.ts';

export type TestService = TestServiceOf<RunningService>;

export const TEST_USERNAME = 'admin';
export const TEST_PASSWORD = 'test-password-not-secret';

export const { startTestService } = serviceHarness({
  user: 'dashboard',
  // Tests run probe rounds themselves (service.probeHealth()).
  env: {
    HEALTH_PROBE_INTERVAL_MS: '600000',
    WEB_USERNAME: TEST_USERNAME,
    WEB_PASSWORD: TEST_PASSWORD,
  },
  // Without a DATA_DIR of its own, a test service keeps uploads in a folder of its own (not the
  // checkout's dashboard/.data), so one service's start-up sweep never sees another's files.
  start: (env) =>
    startService(
      loadConfig({
        ...(env.DATA_DIR
          ? {}
          : { ARTIFACTS_DIR: mkdtempSync(path.join(os.tmpdir(), 'dashboard-artifacts-')) }),
        ...env,
      }),
    ),
  // Every test service starts signed in: svc.get/post/… carry the session cookie,
  // svc.anonymous does not.
  async ready(svc, env) {
    const res = await svc.post('/api/auth/login', {
      username: env.WEB_USERNAME ?? TEST_USERNAME,
      password: env.WEB_PASSWORD ?? TEST_PASSWORD,
    });
    if (res.status !== 200) {
      throw new Error(`test login failed: ${res.status} ${await res.text()}`);
    }
  },
});
