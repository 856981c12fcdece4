// The pages of a UI without a router library: the path is a signal, links
// push history entries, and the back button restores the path. The services
// answer every non-API path with index.html, so a reload works too.
import { createSignal, type Accessor } from 'solid-js';

export interface Router {
  path: Accessor<string>;
  /** Goes to another page of the app (replace: no new history entry). */
  go(to: string, replace?: boolean): void;
  /** A link's click handler: in-app navigation unless the user wants a new tab. */
  navigate(event: MouseEvent, to: string): void;
  /** One query parameter of the current address. */
  searchParam(name: string): string | null;
}

export function createRouter(): Router {
  const [path, setPath] = createSignal(window.location.pathname);
  window.addEventListener('popstate', () => setPath(window.location.pathname));

  const go = (to: string, replace = false) => {
    if (replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
    setPath(new URL(to, window.location.origin).pathname);
  };

  return {
    path,
    go,
    navigate(event, to) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      go(to);
    },
    searchParam: (name) => new URLSearchParams(window.location.search).get(name),
  };
}

/**
 * Where to go after logging in: `next` when it is a page of this app (a path,
 * not another site's `//host` and not the login page itself), else `/`.
 */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}
