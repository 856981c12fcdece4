import { PlatformSetup } from './platform-setup.tsx';

/** What to configure before a YouTube channel can be connected. */
export function YouTubeSetup(props: { missing: string[] }) {
  return (
    <PlatformSetup
      platform="YouTube"
      envPrefix="YOUTUBE"
      callbackPath="/auth/youtube/callback"
      missing={props.missing}
      testId="youtube-setup"
    >
      In the{' '}
      <a href="https://console.cloud.google.com/apis/credentials" target="_blank" rel="noreferrer">
        Google Cloud console
      </a>{' '}
      enable the YouTube Data API v3 and create an OAuth client of type "Web application".
    </PlatformSetup>
  );
}
