import { Match, Switch } from 'solid-js';
import { navigate, path } from './lib/route.ts';
import { HomePage } from './routes/home.tsx';
import { TriggerPage } from './routes/trigger.tsx';

const PAGES = [
  { href: '/', label: 'Overview' },
  { href: '/trigger', label: 'Facts' },
];

export function App() {
  return (
    <main>
      <header>
        <h1>stream-bot</h1>
        <p class="muted">Chat facts for Twitch and YouTube streams</p>
        <nav>
          {PAGES.map((page) => (
            <a
              href={page.href}
              aria-current={path() === page.href ? 'page' : undefined}
              onClick={(e) => navigate(e, page.href)}
            >
              {page.label}
            </a>
          ))}
        </nav>
      </header>
      <Switch fallback={<HomePage />}>
        <Match when={path() === '/trigger'}>
          <TriggerPage />
        </Match>
      </Switch>
    </main>
  );
}
