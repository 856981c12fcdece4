import { For } from 'solid-js';

const DEFAULT_MISSING = ['DISCORD_CLIENT_ID', 'DISCORD_CLIENT_SECRET', 'TOKEN_ENCRYPTION_KEY'];

/**
 * What to configure for Discord login: the variables the service reported
 * missing, and how to create the Discord application and its redirect URL.
 */
export function DiscordSetup(props: { missing: string[]; redirectUri?: string }) {
  const redirect = () => props.redirectUri ?? `${window.location.origin}/auth/discord/callback`;
  const missing = () => (props.missing.length > 0 ? props.missing : DEFAULT_MISSING);
  return (
    <div class="setup" data-testid="discord-setup">
      <p>
        <strong>Discord login is not configured.</strong> Set these variables in the service's
        environment (e.g. <code>.env</code>) and restart it:
      </p>
      <ul class="vars">
        <For each={missing()}>
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
          <a href="https://discord.com/developers/applications" target="_blank" rel="noreferrer">
            discord.com/developers/applications
          </a>
          .
        </li>
        <li>
          Under OAuth2, add the redirect URL <code>{redirect()}</code> (<code>PUBLIC_URL</code> +{' '}
          <code>/auth/discord/callback</code>, or set <code>DISCORD_REDIRECT_URI</code>).
        </li>
        <li>
          Copy its Client ID and Client Secret into <code>DISCORD_CLIENT_ID</code> and{' '}
          <code>DISCORD_CLIENT_SECRET</code>. <code>TOKEN_ENCRYPTION_KEY</code> encrypts Discord
          tokens at rest: 32 random bytes, e.g. from <code>openssl rand -hex 32</code>.
        </li>
        <li>
          For the bot itself: under Bot, reset the token into <code>DISCORD_TOKEN</code> and turn on
          the Server Members and Message Content intents.
        </li>
      </ol>
    </div>
  );
}
