// Looks for secret values in captured log lines: each secret as it is, URL-
// encoded (form and path style), base64 and base64url, and JSON-escaped, so a
// token inside a logged URL, header or JSON body is found as well as a bare one.
// A failure names the secret, the form it was found in and the whole line.
import { expect } from 'vitest';

export type Secrets = Record<string, string | undefined>;

export interface Leak {
  secret: string;
  form: string;
  line: string;
}

/** The forms a value can take in a log line (at least 6 characters each, so no false hits). */
export function secretForms(value: string): Record<string, string> {
  const forms: Record<string, string> = {
    raw: value,
    'url-encoded': encodeURIComponent(value),
    'form-encoded': new URLSearchParams({ v: value }).toString().slice(2),
    base64: Buffer.from(value).toString('base64').replace(/=+$/, ''),
    base64url: Buffer.from(value).toString('base64url'),
    'json-escaped': JSON.stringify(value).slice(1, -1),
  };
  // A hex key is also the bytes it stands for.
  if (/^([0-9a-f]{2})+$/i.test(value) && value.length >= 32) {
    const bytes = Buffer.from(value, 'hex');
    forms['hex key as base64'] = bytes.toString('base64').replace(/=+$/, '');
    forms['hex key as base64url'] = bytes.toString('base64url');
  }
  return Object.fromEntries(Object.entries(forms).filter(([, v]) => v.length >= 6));
}

export function findLeaks(lines: readonly string[], secrets: Secrets): Leak[] {
  const leaks: Leak[] = [];
  for (const [name, value] of Object.entries(secrets)) {
    if (!value) continue;
    for (const [form, text] of Object.entries(secretForms(value))) {
      for (const line of lines) if (line.includes(text)) leaks.push({ secret: name, form, line });
    }
  }
  return leaks;
}

/** Fails with every line that holds a secret in any form; returns how many lines were read. */
export function expectNoSecrets(lines: readonly string[], secrets: Secrets): number {
  const missing = Object.entries(secrets).filter(([, v]) => !v || v.length < 6);
  expect(
    missing.map(([k]) => k),
    'every secret checked has a value of 6+ characters',
  ).toEqual([]);
  const leaks = findLeaks(lines, secrets);
  if (leaks.length > 0) {
    const shown = leaks
      .slice(0, 10)
      .map((l) => `${l.secret} (${l.form}) in: ${l.line.trim().slice(0, 2000)}`)
      .join('\n');
    throw new Error(`${leaks.length} log line(s) hold a secret:\n${shown}`);
  }
  return lines.length;
}
