// The UI's one router (@homelab/nats/ui's: the path is a signal, links push
// history entries, the back button restores the path) and the guild pages'
// addresses.
import { createRouter } from '@homelab/nats/ui';

export const router = createRouter();
export const { path, go, navigate, searchParam } = router;

/** The guild pages: /guilds/<id>[/<tab>[/<item>]]. */
export function guildRoute(p: string): { guildId: string; tab: string; item?: string } | null {
  const m = /^\/guilds\/([^/]+)(?:\/([^/]+)(?:\/([^/]+))?)?\/?$/.exec(p);
  if (!m?.[1]) return null;
  return { guildId: decodeURIComponent(m[1]), tab: m[2] ?? 'tickets', item: m[3] };
}
