// The containers' health check: the service's own /readyz (200 only when its
// database answers and NATS is connected). Plain Node, because the slim base
// image has no curl or wget. Exit 0 healthy, 1 not.
const port = process.env.PORT || '5000';
try {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`, {
    signal: AbortSignal.timeout(4000),
  });
  if (!res.ok) console.error(`readyz answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  process.exit(res.ok ? 0 : 1);
} catch (err) {
  console.error(`readyz unreachable: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
