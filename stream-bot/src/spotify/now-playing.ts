// What each connected user's Spotify plays: polled while their bot is switched
// on (every pollMs while a track plays, or when it ends if sooner; slower when
// nothing plays; after Retry-After on a 429), and also noted whenever !song or
// the UI reads it. Another track than the last one publishes song.now-playing
// through the outbox, once per change, and tells the UI's live streams.
import { enqueueEvent, events, type SqlDatabase } from '@homelab/nats';
import type { Logger } from '@homelab/nats/runtime';
import { SpotifyNotReady, type SpotifyAccess } from './spotify-access.ts';
import { SpotifyError, type Playing, type SpotifyClient, type Track } from './spotify-client.ts';

export interface NowPlaying {
  track: Track;
  isPlaying: boolean;
  progressMs: number;
  /** When the track started, worked out from the progress when it was seen. */
  startedAt: string;
  seenAt: string;
}

export type NowPlayingListener = (now: NowPlaying | null) => void;

export interface NowPlayingOptions {
  access: SpotifyAccess;
  client: SpotifyClient;
  db: { sql: SqlDatabase };
  /** Users whose Spotify should be polled (connected, bot switched on). */
  owners(): Promise<string[]>;
  log: Logger;
  /** Between two polls while a track plays (default 15 s); twice that while nothing does. */
  pollMs?: number;
}

interface Loop {
  timer: ReturnType<typeof setTimeout> | undefined;
  stopped: boolean;
}

export function createNowPlaying(options: NowPlayingOptions) {
  const { access, client, db } = options;
  const log = options.log.child({ component: 'spotify-now-playing' });
  const pollMs = options.pollMs ?? 15_000;
  const current = new Map<string, NowPlaying | null>();
  const lastPublished = new Map<string, string>();
  const listeners = new Map<string, Set<NowPlayingListener>>();
  const loops = new Map<string, Loop>();
  let running = false;

  function tell(userId: string, now: NowPlaying | null) {
    for (const listener of listeners.get(userId) ?? []) {
      try {
        listener(now);
      } catch {
        // A listener's failure is its own.
      }
    }
  }

  async function publish(userId: string, now: NowPlaying): Promise<void> {
    const { track } = now;
    await db.sql.transaction((tx) =>
      enqueueEvent(
        tx,
        events.songNowPlaying,
        {
          ownerId: userId,
          trackId: track.id,
          uri: track.uri,
          name: track.name,
          artists: track.artists,
          album: track.album,
          url: track.url,
          durationMs: track.durationMs,
          progressMs: now.progressMs,
          startedAt: now.startedAt,
          isPlaying: now.isPlaying,
        },
        { aggregateId: `spotify:${userId}` },
      ),
    );
  }

  /** Notes what a read found; another track than the last one is published. */
  async function observe(userId: string, playing: Playing | null): Promise<NowPlaying | null> {
    const seenAt = Date.now();
    const now: NowPlaying | null = playing
      ? {
          ...playing,
          startedAt: new Date(seenAt - playing.progressMs).toISOString(),
          seenAt: new Date(seenAt).toISOString(),
        }
      : null;
    const before = current.get(userId);
    current.set(userId, now);
    const changed =
      before === undefined ||
      (before?.track.id ?? null) !== (now?.track.id ?? null) ||
      before?.isPlaying !== now?.isPlaying;
    if (changed) tell(userId, now);
    if (now && lastPublished.get(userId) !== now.track.id) {
      // Taken before the write, so a read racing this one does not publish it twice.
      const previous = lastPublished.get(userId);
      lastPublished.set(userId, now.track.id);
      try {
        await publish(userId, now);
      } catch (err) {
        if (previous === undefined) lastPublished.delete(userId);
        else lastPublished.set(userId, previous);
        log.warn({ err, userId }, 'could not store the now-playing event');
      }
    }
    return now;
  }

  /** Asks Spotify what plays for the user, notes it and answers it. */
  async function read(userId: string): Promise<NowPlaying | null> {
    const playing = await access.call(userId, (token) => client.currentlyPlaying(token));
    return observe(userId, playing);
  }

  function nextDelay(now: NowPlaying | null): number {
    if (!now?.isPlaying) return pollMs * 2;
    const left = now.track.durationMs - now.progressMs;
    return Math.max(1_000, Math.min(pollMs, left + 1_000));
  }

  function startLoop(userId: string) {
    const loop: Loop = { timer: undefined, stopped: false };
    loops.set(userId, loop);
    const tick = async () => {
      let delay = pollMs;
      try {
        delay = nextDelay(await read(userId));
      } catch (err) {
        if (err instanceof SpotifyNotReady) {
          log.info({ userId, reason: err.reason }, 'Spotify polling stops until it is connected');
          loops.delete(userId);
          current.delete(userId);
          tell(userId, null);
          return;
        }
        if (err instanceof SpotifyError && err.kind === 'rate_limited') {
          delay = Math.max(pollMs, err.retryAfterMs ?? pollMs);
          log.info({ userId, delayMs: delay }, 'Spotify rate-limits the now-playing poll');
        } else {
          delay = pollMs * 4;
          log.warn({ userId, err }, 'reading what Spotify plays failed');
        }
      }
      if (!loop.stopped) loop.timer = setTimeout(() => void tick(), delay);
    };
    void tick();
  }

  function stopLoop(userId: string) {
    const loop = loops.get(userId);
    if (!loop) return;
    loop.stopped = true;
    clearTimeout(loop.timer);
    loops.delete(userId);
  }

  /** Starts polling for users who now qualify and stops it for those who no longer do. */
  async function sync(): Promise<void> {
    if (!running) return;
    const wanted = new Set(await options.owners());
    if (!running) return;
    for (const userId of [...loops.keys()]) if (!wanted.has(userId)) stopLoop(userId);
    for (const userId of wanted) if (!loops.has(userId)) startLoop(userId);
  }

  return {
    read,
    observe,
    /** The last thing seen for the user (undefined: not read since start). */
    current: (userId: string) => current.get(userId),
    isPolling: (userId: string) => loops.has(userId),
    /** Every change of what plays for the user; returns a function that stops it. */
    onChange(userId: string, listener: NowPlayingListener): () => void {
      const set = listeners.get(userId) ?? new Set();
      set.add(listener);
      listeners.set(userId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(userId);
      };
    },
    /** After a connect or disconnect: forget what was seen and re-check who is polled. */
    async reset(userId: string): Promise<void> {
      stopLoop(userId);
      current.delete(userId);
      lastPublished.delete(userId);
      tell(userId, null);
      await sync();
    },
    sync,
    async start() {
      running = true;
      await sync();
    },
    stop() {
      running = false;
      for (const userId of [...loops.keys()]) stopLoop(userId);
    },
  };
}

export type NowPlayingTracker = ReturnType<typeof createNowPlaying>;
