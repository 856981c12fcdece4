#!/usr/bin/env -S node --import tsx
// Builds the stack's images without any container registry (see local-stack.ts):
//
//   npx tsx tools/docker-build/build-local-stack.ts [--base-only] [service …]
//
// With DOCKER_HOST set it uses that engine; otherwise it starts a private
// dockerd on <tmp>/homelab-stack-docker (HOMELAB_STACK_DOCKER_ROOT), builds,
// and stops it again, keeping the images there for the next run and for
// tools/docker-build/stack.test.ts. Base images are built once; the service
// images every time.
import { startStackEngine } from './engine.ts';
import { buildLocalStack, SERVICES, type Service } from './local-stack.ts';

const args = process.argv.slice(2);
const baseOnly = args.includes('--base-only');
const named = args.filter((a) => !a.startsWith('--'));
const unknown = named.filter((a) => !(SERVICES as readonly string[]).includes(a));
if (unknown.length > 0) {
  console.error(`unknown service ${unknown.join(', ')}; expected ${SERVICES.join(', ')}`);
  process.exit(2);
}
const services: readonly Service[] = baseOnly
  ? []
  : named.length > 0
    ? (named as Service[])
    : SERVICES;

const engine = process.env.DOCKER_HOST ? undefined : await startStackEngine();
const dockerHost = process.env.DOCKER_HOST ?? engine!.host;
const started = Date.now();
let failed = false;
try {
  console.log(`engine: ${dockerHost}`);
  const timings = await buildLocalStack({ dockerHost, services });
  console.log('\nsummary:');
  for (const t of timings) {
    console.log(`  ${t.skipped ? 'cached ' : `${t.seconds.toFixed(1).padStart(6)} s`}  ${t.step}`);
  }
  console.log(`  total ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (err) {
  failed = true;
  console.error(`\n✖ ${(err as Error).message}`);
} finally {
  await engine?.stop();
}
process.exit(failed ? 1 : 0);
