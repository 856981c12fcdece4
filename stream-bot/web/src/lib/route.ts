// The two pages of the UI without a router library: the path is a signal,
// links push history entries, and the back button restores the path. The
// service answers every non-API path with index.html, so a reload works too.
import { createSignal } from 'solid-js';

const [path, setPath] = createSignal(window.location.pathname);
window.addEventListener('popstate', () => setPath(window.location.pathname));

export { path };

export function navigate(event: MouseEvent, to: string): void {
  if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  window.history.pushState(null, '', to);
  setPath(to);
}
