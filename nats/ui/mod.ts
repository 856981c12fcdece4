// Public surface of `@homelab/nats/ui`: the SolidJS pieces every service's web
// UI repeats — the fetch helper and its ApiError, the path router, the session
// signals, the login form and the chips input. The stylesheet they expect is
// `@homelab/nats/ui/base.css`. Browser-only: no server code imports this.
export {
  ApiError,
  createApiClient,
  errorText,
  queryString,
  type ApiClient,
  type CallInit,
} from './api.ts';
export { ChipsInput } from './chips-input.tsx';
export { FormError } from './form-error.tsx';
export { LoginForm } from './login-form.tsx';
export { createRouter, safeNext, type Router } from './route.ts';
export { createSession, type Session, type SessionOptions } from './session.ts';
