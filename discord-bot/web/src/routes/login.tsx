import { ProviderLoginPage } from '@homelab/nats/ui';
import { DiscordSetup } from '../components/discord-setup.tsx';
import { DISCORD_LOGIN_URL, login } from '../lib/api.ts';
import { router } from '../lib/route.ts';
import { session } from '../lib/session.ts';

/** /login: "Log in with Discord" and the local form, or what to configure for them. */
export function LoginPage() {
  return (
    <ProviderLoginPage
      provider="Discord"
      loginUrl={DISCORD_LOGIN_URL}
      intro="Manage tickets, roles, verification and moderation in your servers."
      hint="You see the servers where you have Manage Server."
      session={session}
      router={router}
      login={login}
      configured={(me) => me.discord.configured}
      setup={(me) => (
        <DiscordSetup missing={me.discord.missing} redirectUri={me.discord.redirectUri} />
      )}
    />
  );
}
