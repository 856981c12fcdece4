import { For, Show } from 'solid-js';

/** What to configure before a YouTube channel can be connected. */
export function YouTubeSetup(props: { missing: string[] }) {
  const redirect = () => `${window.location.origin}/auth/youtube/callback`;
  return (
    <div class="setup" data-testid="youtube-setup">
      <p>
        <strong>YouTube is not configured.</strong> Set these variables in the service's environment
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
          In the{' '}
          <a
            href="https://console.cloud.google.com/apis/credentials"
            target="_blank"
            rel="noreferrer"
          >
            Google Cloud console
          </a>{' '}
          enable the YouTube Data API v3 and create an OAuth client of type "Web application".
        </li>
        <li>
          Add the authorized redirect URI <code>{redirect()}</code> (<code>PUBLIC_URL</code> +{' '}
          <code>/auth/youtube/callback</code>, or set <code>YOUTUBE_REDIRECT_URI</code>).
        </li>
        <li>
          Copy its client ID and secret into <code>YOUTUBE_CLIENT_ID</code> and{' '}
          <code>YOUTUBE_CLIENT_SECRET</code>.
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
