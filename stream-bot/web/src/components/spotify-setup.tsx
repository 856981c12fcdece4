import { For, Show } from 'solid-js';

/** What to configure before a Spotify account can be connected. */
export function SpotifySetup(props: { missing: string[] }) {
  const redirect = () => `${window.location.origin}/auth/spotify/callback`;
  return (
    <div class="setup" data-testid="spotify-setup">
      <p>
        <strong>Spotify is not configured.</strong> Set these variables in the service's environment
        (e.g. <code>.env</code>) and restart it:
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
          Create an app in the{' '}
          <a href="https://developer.spotify.com/dashboard" target="_blank" rel="noreferrer">
            Spotify developer dashboard
          </a>{' '}
          (Web API).
        </li>
        <li>
          Add the redirect URI <code>{redirect()}</code> (<code>PUBLIC_URL</code> +{' '}
          <code>/auth/spotify/callback</code>, or set <code>SPOTIFY_REDIRECT_URI</code>).
        </li>
        <li>
          Copy its client ID and secret into <code>SPOTIFY_CLIENT_ID</code> and{' '}
          <code>SPOTIFY_CLIENT_SECRET</code>.
          <Show when={props.missing.includes('TOKEN_ENCRYPTION_KEY')}>
            {' '}
            <code>TOKEN_ENCRYPTION_KEY</code> encrypts the tokens at rest: 32 random bytes, e.g.
            from <code>openssl rand -hex 32</code>.
          </Show>
        </li>
      </ol>
    </div>
  );
}
