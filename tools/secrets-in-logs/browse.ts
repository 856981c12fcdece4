// A browser's round trip through an OAuth login: follows redirects by hand (up to 10), sending and
// keeping the service's own cookies only, and stops at the service's home page.
import { cookieHeader, storeCookies } from '../test-env/service-harness.ts';

export async function browse(base: string, start: string, jar = new Map<string, string>()) {
  const visited: string[] = [];
  let url = start;
  for (let hops = 0; hops < 10; hops++) {
    visited.push(url);
    const own = url.startsWith(base);
    const res = await fetch(url, {
      redirect: 'manual',
      headers: own && jar.size > 0 ? { cookie: cookieHeader(jar) } : {},
    });
    if (own) storeCookies(jar, res);
    const next = res.headers.get('location');
    if (res.status !== 302 || !next) return { res, visited, jar };
    url = new URL(next, url).toString();
    if (url === `${base}/`) return { res, visited, jar };
  }
  throw new Error(`too many redirects from ${start}`);
}
