import { For, Show, type JSX } from 'solid-js';

/**
 * What to configure before an account of a platform (YouTube, Spotify) can be connected: the
 * variables still missing and the steps to make the OAuth client; `children` is the first step,
 * where that platform's client is created.
 */
export function PlatformSetup(props: {
  /** "YouTube", "Spotify" … as people read it. */
  platform: string;
  /** The variables' prefix, e.g. YOUTUBE. */
  envPrefix: string;
  /** The callback path, e.g. /auth/youtube/callback. */
  callbackPath: string;
  missing: string[];
  testId: string;
  children: JSX.Element;
}) {
  const redirect = () => `${window.location.origin}${props.callbackPath}`;
  return (
    <div class="setup" data-testid={props.testId}>
      <p>
        <strong>{props.platform} is not configured.</strong> Set these variables in the service's
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
        <li>{props.children}</li>
        <li>
          Add the redirect URI <code>{redirect()}</code> (<code>PUBLIC_URL</code> +{' '}
          <code>{props.callbackPath}</code>, or set <code>{props.envPrefix}_REDIRECT_URI</code>).
        </li>
        <li>
          Copy its client ID and secret into <code>{props.envPrefix}_CLIENT_ID</code> and{' '}
          <code>{props.envPrefix}_CLIENT_SECRET</code>.
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
