import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eventContracts, queryContracts } from '@homelab/nats';
import { expect, it } from 'vitest';
import { renderCatalog } from './render.ts';

const file = fileURLToPath(new URL('../../docs/events.md', import.meta.url));

it('keeps docs/events.md in step with the contracts (run `npm run catalog` to refresh it)', () => {
  const onDisk = readFileSync(file, 'utf8');
  expect(onDisk === renderCatalog(), 'docs/events.md is out of date: run `npm run catalog`').toBe(
    true,
  );
});

it('lists every event and query subject in the catalog', () => {
  const text = renderCatalog();
  for (const c of [...eventContracts, ...queryContracts])
    expect(text).toContain(`### ${c.subject}`);
});
