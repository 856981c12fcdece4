// The pages of the UI without a router library: the path is a signal, links
// push history entries, and the back button restores the path. The service
// answers every non-API path with index.html, so a reload works too.
import { createSignal } from 'solid-js';

const [path, setPath] = createSignal(window.location.pathname);
window.addEventListener('popstate', () => setPath(window.location.pathname));

export { path };

/** Goes to another page of the app (replace: no new history entry). */
export function go(to: string, replace = false): void {
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  setPath(new URL(to, window.location.origin).pathname);
}

/** A link's click handler: in-app navigation unless the user wants a new tab. */
export function navigate(event: MouseEvent, to: string): void {
  if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  go(to);
}

/** One query parameter of the current address. */
export function searchParam(name: string): string | null {
  return new URLSearchParams(window.location.search).get(name);
}

/** The guild pages: /guilds/<id>[/<tab>[/<item>]]. */
export function guildRoute(p: string): { guildId: string; tab: string; item?: string } | null {
  const m = /^\/guilds\/([^/]+)(?:\/([^/]+)(?:\/([^/]+))?)?\/?$/.exec(p);
  if (!m?.[1]) return null;
  return { guildId: decodeURIComponent(m[1]), tab: m[2] ?? 'tickets', item: m[3] };
}
