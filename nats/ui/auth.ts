// The auth routes every service's UI calls: GET /api/auth/me, POST
// /api/auth/login and /api/auth/logout. Their 401 means "not logged in" or
// "wrong password", never "the session ended", so none of them sends the
// user to the login page.
import type { ApiClient } from './api.ts';

export interface AuthCalls<M> {
  fetchMe(): Promise<M>;
  login(username: string, password: string): Promise<unknown>;
  logout(): Promise<unknown>;
}

/** The calls on `api`, with "me" typed as the service answers it. */
export function authCalls<M>(api: ApiClient): AuthCalls<M> {
  return {
    fetchMe: () => api.call<M>('/api/auth/me', { redirectOn401: false }),
    login: (username, password) =>
      api.call('/api/auth/login', {
        method: 'POST',
        body: { username, password },
        redirectOn401: false,
      }),
    logout: () => api.call('/api/auth/logout', { method: 'POST', body: {}, redirectOn401: false }),
  };
}
