// Public surface of `@homelab/nats/web`: the web-login pieces the services with
// browser users share — sealed secrets, sessions over a `sessions` table, the
// session cookie, guard and cross-site check, the login throttle and the local login.
export { createSecretBox, parseEncryptionKey, safeEqual, type SecretBox } from './crypto.ts';
export {
  createLoginThrottle,
  type LoginThrottle,
  type LoginThrottleOptions,
} from './login-throttle.ts';
export {
  createSessionStore,
  hashSessionToken,
  type OpenSession,
  type SessionStore,
  type SessionStoreOptions,
} from './session-store.ts';
export {
  createSessionKit,
  fromOwnOrigin,
  isPublicApiPath,
  sessionOf,
  type SessionKit,
  type SessionKitOptions,
} from './session.ts';
export { clientAddress, localLogin, type LocalLoginOptions } from './local-login.ts';
export {
  oauthFailure,
  readOAuthCallback,
  startOAuthLogin,
  type OAuthCallbackOptions,
  type OAuthFailureStatus,
  type OAuthStartOptions,
} from './oauth-callback.ts';
