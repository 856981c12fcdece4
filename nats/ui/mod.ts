// Public surface of `@homelab/nats/ui`: the SolidJS pieces every service's web
// UI repeats — the app frame (top bar, alerts, loading), the fetch helper and its ApiError, the auth calls, the path
// router, the session signals, the login forms and page, the chips input, the
// settings forms' saver and Save bar, the service info card, and how
// durations read. The stylesheet they expect is `@homelab/nats/ui/base.css`
// (the bots add `bots.css` after it). Browser-only: no server code imports this.
export {
  ApiError,
  createApiClient,
  errorText,
  queryString,
  type ApiClient,
  type CallInit,
} from './api.ts';
export { AppFrame, type AppFrameProps, type FramePage, type FrameUser } from './app-frame.tsx';
export { authCalls, type AuthCalls } from './auth.ts';
export { ChipsInput } from './chips-input.tsx';
export { formatAgo, formatDuration } from './format.ts';
export { FormError } from './form-error.tsx';
export { LocalLogin } from './local-login.tsx';
export { LoginForm } from './login-form.tsx';
export { ProviderLoginPage } from './provider-login.tsx';
export { createRouter, safeNext, type Router } from './route.ts';
export { createSaver, SaveBar } from './save-form.tsx';
export { ServiceInfoCard, type ServiceInfo } from './service-info.tsx';
export { createSession, type Session, type SessionOptions } from './session.ts';
