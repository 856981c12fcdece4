import { ProviderLoginPage } from '@homelab/nats/ui';
import { TwitchSetup } from '../components/twitch-setup.tsx';
import { login, TWITCH_LOGIN_URL } from '../lib/api.ts';
import { router } from '../lib/route.ts';
import { session } from '../lib/session.ts';

/** /login: "Log in with Twitch" and the local form, or what to configure for them. */
export function LoginPage() {
  return (
    <ProviderLoginPage
      provider="Twitch"
      loginUrl={TWITCH_LOGIN_URL}
      intro="Manage the bot, its commands and timers, and see your chat's numbers."
      hint="The bot chats as the Twitch account you log in with."
      session={session}
      router={router}
      login={login}
      configured={(me) => me.twitch.configured}
      setup={(me) => <TwitchSetup missing={me.twitch.missing} />}
    />
  );
}
