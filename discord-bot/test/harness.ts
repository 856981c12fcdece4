// Runs discord-bot in-process against the shared nats-server and a database of its
// own. The machinery and the other test helpers are shared
// (tools/test-env/service-harness.ts); the service and its user are this file's.
// Local login is on in tests (WEB_PASSWORD below) and every test service starts
// signed in as the local admin, who sees every guild: svc.get/post/put/patch/del
// carry the session cookie, svc.anonymous does not.
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
  user: 'discord',
  env: { WEB_USERNAME: TEST_USERNAME, WEB_PASSWORD: TEST_PASSWORD },
  start: (env) => startService(loadConfig(env)),
  async ready(svc, env) {
    // A test that turns local login off (WEB_PASSWORD='') starts signed out.
    if (!env.WEB_PASSWORD) return;
    const res = await svc.post('/api/auth/login', {
      username: env.WEB_USERNAME ?? TEST_USERNAME,
      password: env.WEB_PASSWORD,
    });
    if (res.status !== 200) {
      throw new Error(`test login failed: ${res.status} ${await res.text()}`);
    }
  },
});
