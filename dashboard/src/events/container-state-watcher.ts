// Watches one Docker engine's container events and announces state changes on
// the bus (container.state-changed). It remembers each container's last known
// state: an event that changes nothing (a `stop` after its `die`) is dropped, and
// after the engine was away the containers are listed again and whatever changed
// meanwhile is announced. The first listing is silent: a restart of the
// dashboard is not news about the containers.
import type { Logger } from '@homelab/nats/runtime';
import type { ContainerStateChange } from '../db/container-action-store.ts';
import type { ContainerState, DockerEngine, EngineEvent } from '../docker/engine.ts';

const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;
// Events are asked from a little before the listing, so none falls in between;
// the repeats this brings change nothing and are dropped.
const OVERLAP_MS = 2_000;

/** The state a container is in after each lifecycle event that is announced. */
const STATE_AFTER: Record<string, ContainerState> = {
  start: 'running',
  unpause: 'running',
  pause: 'paused',
  die: 'exited',
  stop: 'exited',
};

export interface StateWatcherDeps {
  engine: DockerEngine;
  publish(change: ContainerStateChange, at: Date): Promise<void>;
  logger: Logger;
}

function exitCodeOf(status: string): number | null {
  const match = /^Exited \((-?\d+)\)/.exec(status);
  return match?.[1] === undefined ? null : Number(match[1]);
}

export function watchContainerStates(deps: StateWatcherDeps) {
  const { engine, logger } = deps;
  const known = new Map<string, ContainerState>();
  const stopping = new AbortController();
  let listed = false;

  async function announce(change: ContainerStateChange, at: Date) {
    known.set(change.containerId, change.to);
    try {
      await deps.publish(change, at);
    } catch (err) {
      logger.warn({ err, change }, 'could not record a container state change');
    }
  }

  async function resync() {
    for (const c of await engine.list(true)) {
      const from = known.get(c.id) ?? null;
      if (!listed) known.set(c.id, c.state);
      else if (from !== c.state) {
        const exitCode = c.state === 'exited' ? exitCodeOf(c.status) : null;
        const change = { containerId: c.id, name: c.name, image: c.image, from, to: c.state };
        await announce({ ...change, exitCode }, new Date());
      }
    }
    listed = true;
  }

  async function onEvent(e: EngineEvent) {
    if (e.action === 'destroy') known.delete(e.containerId);
    if (e.action === 'create') known.set(e.containerId, 'created');
    const to = STATE_AFTER[e.action];
    const from = known.get(e.containerId) ?? null;
    if (!to || from === to) return;
    const exitCode = to === 'exited' ? e.exitCode : null;
    const { containerId, name, image } = e;
    await announce({ containerId, name, image, from, to, exitCode }, e.at);
  }

  async function run() {
    let delay = RETRY_MIN_MS;
    let failing = false;
    while (!stopping.signal.aborted) {
      try {
        const since = new Date(Date.now() - OVERLAP_MS);
        await resync();
        if (failing) logger.info({ host: engine.host.name }, 'Docker engine is back');
        failing = false;
        delay = RETRY_MIN_MS;
        for await (const e of engine.events(stopping.signal, since)) await onEvent(e);
      } catch (err) {
        if (!failing) logger.warn({ err, host: engine.host.name }, 'Docker events unavailable');
        failing = true;
      }
      if (stopping.signal.aborted) break;
      // The stream ended or failed: the engine went away. Wait, then list and listen again.
      // The listener goes with each wait: kept, one per retry would pile up on the signal
      // for as long as the engine stays away.
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          stopping.signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, delay);
        stopping.signal.addEventListener('abort', done, { once: true });
      });
      delay = Math.min(delay * 2, RETRY_MAX_MS);
    }
  }

  const running = run();
  return {
    async stop() {
      stopping.abort();
      await running;
    },
  };
}
