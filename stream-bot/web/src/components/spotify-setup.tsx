import { PlatformSetup } from './platform-setup.tsx';

/** What to configure before a Spotify account can be connected. */
export function SpotifySetup(props: { missing: string[] }) {
  return (
    <PlatformSetup
      platform="Spotify"
      envPrefix="SPOTIFY"
      callbackPath="/auth/spotify/callback"
      missing={props.missing}
      testId="spotify-setup"
    >
      Create an app in the{' '}
      <a href="https://developer.spotify.com/dashboard" target="_blank" rel="noreferrer">
        Spotify developer dashboard
      </a>{' '}
      (Web API).
    </PlatformSetup>
  );
}
