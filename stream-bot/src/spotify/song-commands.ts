// The chat side of Spotify: !song (what plays), !sr (a song request: parsed,
// checked against the streamer's settings and the viewer's limits, resolved,
// queued — and stored whatever the outcome) and !skip. Each returns the line to
// answer in chat; the command engine decides who may run them and when.
import type { Logger } from '@homelab/nats/runtime';
import type { SongRequestSettings } from '../bot/settings.ts';
import { bypassesCooldowns } from '../commands/cooldowns.ts';
import { roleAllows, type Role } from '../chat/types.ts';
import { SpotifyNotReady, type SpotifyAccess } from './spotify-access.ts';
import { SpotifyError, type SpotifyClient, type Track } from './spotify-client.ts';
import type { NowPlayingTracker } from './now-playing.ts';
import type { SongRequestStore, SongRequestStatus } from './song-request-store.ts';

export interface SongCommandContext {
  ownerId: string;
  platform: string;
  channel: string;
  chatter: { id?: string; login: string; displayName: string; role: Role };
  /** Everything after the command name. */
  rest: string;
}

export interface SongCommands {
  song(ctx: SongCommandContext): Promise<string>;
  request(ctx: SongCommandContext): Promise<string>;
  skip(ctx: SongCommandContext): Promise<string>;
}

/** Without an open chat session, "this stream" is the last this many hours. */
const FALLBACK_WINDOW_MS = 12 * 3_600_000;

const TRACK_ID = '[0-9A-Za-z]{22}';
const TRACK_LINK = new RegExp(
  `^https?://open\\.spotify\\.com/(?:intl-[a-z-]+/)?track/(${TRACK_ID})(?:[/?#].*)?$`,
  'i',
);
const TRACK_URI = new RegExp(`^spotify:track:(${TRACK_ID})$`);
const OTHER_SPOTIFY = /^(?:https?:\/\/(?:open\.)?spotify\.com\/|spotify:)/i;

/** What follows !sr: a track id from a link or URI, a search, or what is wrong with it. */
export function parseRequest(
  rest: string,
): { id: string } | { search: string } | { invalid: string } {
  const text = rest.trim();
  if (text === '') return { invalid: 'say which song: !sr <title and artist or Spotify link>' };
  const id = TRACK_LINK.exec(text)?.[1] ?? TRACK_URI.exec(text)?.[1];
  if (id) return { id };
  if (OTHER_SPOTIFY.test(text)) {
    return { invalid: 'that is not a Spotify track link (open.spotify.com/track/…)' };
  }
  if (text.length > 200) return { invalid: 'that search is too long (200 characters at most)' };
  return { search: text };
}

export const trackLine = (t: Track) => `${t.name} — ${t.artists.join(', ')}`;

function blocked(track: Track, blocklist: string[]): string | null {
  const hay = `${track.name} ${track.artists.join(' ')}`.toLowerCase();
  return blocklist.find((entry) => entry === track.id || hay.includes(entry.toLowerCase())) ?? null;
}

export function createSongCommands(deps: {
  access: SpotifyAccess;
  client: SpotifyClient;
  store: SongRequestStore;
  nowPlaying: NowPlayingTracker;
  /** STREAM_SESSION_GAP_MINUTES: a chat session still open counts as the current stream. */
  sessionGapMinutes: number;
  log: Logger;
  now?: () => number;
}): SongCommands {
  const { access, client, store, log } = deps;
  const now = deps.now ?? Date.now;
  // One request per viewer at a time, so two quick !sr cannot both slip under a limit.
  const inFlight = new Map<string, Promise<unknown>>();

  const notReady = (err: SpotifyNotReady) =>
    err.reason === 'not_connected'
      ? 'Spotify is not connected.'
      : 'Spotify needs to be connected again by the streamer.';

  async function limitRefusal(
    ctx: SongCommandContext,
    settings: SongRequestSettings,
    requesterId: string,
  ): Promise<string | null> {
    if (!roleAllows(ctx.chatter.role, settings.minRole)) {
      return `song requests are for ${settings.minRole}s and above`;
    }
    if (bypassesCooldowns(ctx.chatter.role)) return null;
    const start =
      (await store.streamStart(ctx.platform, ctx.channel, deps.sessionGapMinutes)) ??
      new Date(now() - FALLBACK_WINDOW_MS);
    const mine = await store.viewerActivity(ctx.ownerId, ctx.platform, requesterId, start);
    if (settings.userCooldownSeconds > 0 && mine.lastQueuedAt) {
      const waitMs = mine.lastQueuedAt.getTime() + settings.userCooldownSeconds * 1000 - now();
      if (waitMs > 0) return `wait ${Math.ceil(waitMs / 1000)}s before your next request`;
    }
    if (settings.maxQueuedPerUser > 0 && mine.queuedSince >= settings.maxQueuedPerUser) {
      return `you have ${mine.queuedSince} requests this stream (the limit is ${settings.maxQueuedPerUser})`;
    }
    return null;
  }

  async function handleRequest(ctx: SongCommandContext, requesterId: string): Promise<string> {
    const who = `@${ctx.chatter.displayName}`;
    const record = (status: SongRequestStatus, reason: string | null, track: Track | null) =>
      store.add(ctx.ownerId, {
        platform: ctx.platform,
        channel: ctx.channel,
        requesterId,
        requesterName: ctx.chatter.displayName,
        query: ctx.rest.trim(),
        track,
        status,
        reason,
      });
    const refuse = async (reason: string, track: Track | null = null) => {
      await record('refused', reason, track);
      return `${who} ${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`;
    };
    const fail = async (reason: string, track: Track | null) => {
      await record('failed', reason, track);
      return `${who} Could not queue ${track ? trackLine(track) : 'that'}: ${reason}.`;
    };

    const settings = await store.settings(ctx.ownerId);
    if (!settings.enabled) return refuse('song requests are switched off');
    const parsed = parseRequest(ctx.rest);
    if ('invalid' in parsed) return refuse(parsed.invalid);
    const limit = await limitRefusal(ctx, settings, requesterId);
    if (limit) return refuse(limit);

    let track: Track | null = null;
    try {
      track = await access.call(ctx.ownerId, (token) =>
        'id' in parsed
          ? client.track(token, parsed.id)
          : client.search(token, parsed.search, 1).then((found) => found[0] ?? null),
      );
      if (!track) {
        return refuse(
          'id' in parsed
            ? 'Spotify has no track with that link'
            : `no track found for "${parsed.search}"`,
        );
      }
      const maxMs = settings.maxDurationSeconds * 1000;
      if (maxMs > 0 && track.durationMs > maxMs) {
        return refuse(
          `${trackLine(track)} is longer than ${Math.floor(maxMs / 60_000)}:${String((maxMs / 1000) % 60).padStart(2, '0')}`,
          track,
        );
      }
      const banned = blocked(track, settings.blocklist);
      if (banned) return refuse(`${trackLine(track)} is on the blocklist`, track);
      const uri = track.uri;
      await access.call(ctx.ownerId, (token) => client.addToQueue(token, uri));
    } catch (err) {
      if (err instanceof SpotifyNotReady) return fail(notReady(err).replace(/\.$/, ''), track);
      if (err instanceof SpotifyError) {
        log.info({ err: err.message, ownerId: ctx.ownerId }, 'a song request failed');
        return fail(
          err.kind === 'rate_limited' ? 'Spotify is busy, try again in a minute' : err.message,
          track,
        );
      }
      throw err;
    }
    await record('queued', null, track);
    return `${who} Queued: ${trackLine(track)}`;
  }

  return {
    async song(ctx) {
      try {
        const playing = await deps.nowPlaying.read(ctx.ownerId);
        if (!playing?.isPlaying) return 'Nothing is playing on Spotify right now.';
        return `Now playing: ${trackLine(playing.track)} ${playing.track.url}`;
      } catch (err) {
        if (err instanceof SpotifyNotReady) return notReady(err);
        if (err instanceof SpotifyError) {
          log.info({ err: err.message, ownerId: ctx.ownerId }, '!song could not ask Spotify');
          return 'Spotify does not answer right now; try again in a minute.';
        }
        throw err;
      }
    },

    async request(ctx) {
      const requesterId = ctx.chatter.id ?? ctx.chatter.login;
      const key = `${ctx.ownerId}\u0000${ctx.platform}\u0000${requesterId}`;
      const before = inFlight.get(key) ?? Promise.resolve();
      const mine = before.then(
        () => handleRequest(ctx, requesterId),
        () => handleRequest(ctx, requesterId),
      );
      inFlight.set(key, mine);
      try {
        return await mine;
      } finally {
        if (inFlight.get(key) === mine) inFlight.delete(key);
      }
    },

    async skip(ctx) {
      try {
        const playing = await deps.nowPlaying.read(ctx.ownerId);
        await access.call(ctx.ownerId, (token) => client.skip(token));
        if (playing) await store.markSkipped(ctx.ownerId, playing.track.id);
        // What plays next is read right away, so the UI and the event follow the skip.
        void deps.nowPlaying.read(ctx.ownerId).catch(() => undefined);
        return playing ? `Skipped: ${trackLine(playing.track)}` : 'Skipped.';
      } catch (err) {
        if (err instanceof SpotifyNotReady) return notReady(err);
        if (err instanceof SpotifyError) return `Could not skip: ${err.message}.`;
        throw err;
      }
    },
  };
}
