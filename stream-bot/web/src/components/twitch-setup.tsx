import { For, Show } from 'solid-js';

function insecureNonLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'http:' && hostname !== 'localhost';
}

/**
 * What to configure for Twitch login: the variables the service reported
 * missing, and where to create the Twitch application.
 */
export function TwitchSetup(props: { missing: string[]; redirectUri?: string }) {
  const redirect = () => props.redirectUri ?? `${window.location.origin}/auth/twitch/callback`;
  return (
    <div class="setup" data-testid="twitch-setup">
      <p>
        <strong>Twitch login is not configured.</strong> Set these variables in the service's
        environment (e.g. <code>.env</code>) and restart it:
      </p>
      <ul class="vars">
        <For each={props.missing}>
          {(name) => (
            <li>
              <code>{name}</code>
            </li>
          )}
        </For>
      </ul>
      <ol>
        <li>
          Create an application at{' '}
          <a href="https://dev.twitch.tv/console/apps" target="_blank" rel="noreferrer">
            dev.twitch.tv/console/apps
          </a>{' '}
          (category "Chat Bot").
        </li>
        <li>
          Add the OAuth redirect URL <code>{redirect()}</code> (<code>PUBLIC_URL</code> +{' '}
          <code>/auth/twitch/callback</code>).
          <Show when={insecureNonLocal(redirect())}>
            {' '}
            Twitch accepts plain <code>http://</code> only for <code>localhost</code>: open this
            page as <code>http://localhost:…</code> or serve it over https.
          </Show>
        </li>
        <li>
          Copy its Client ID and a new Client Secret into <code>TWITCH_CLIENT_ID</code> and{' '}
          <code>TWITCH_CLIENT_SECRET</code>.
          <Show when={props.missing.includes('TOKEN_ENCRYPTION_KEY')}>
            {' '}
            <code>TOKEN_ENCRYPTION_KEY</code> encrypts Twitch tokens at rest: 32 random bytes, e.g.
            from <code>openssl rand -hex 32</code>.
          </Show>
        </li>
      </ol>
    </div>
  );
}
