// Mount options a share may carry: an allow-list per protocol, each value
// checked against its own pattern. Anything else is refused by name, so no
// option can turn on set-uid programs, devices or executables, smuggle a
// password into the table, or add a second option through a value.
import type { Protocol } from './share.ts';

const NUM = /^[0-9]{1,9}$/;
const PORT = /^[0-9]{1,5}$/;
const MODE = /^0?[0-7]{3}$/;

type Rule = null | RegExp | readonly string[];

const COMMON: Record<string, Rule> = {
  ro: null,
  rw: null,
  noatime: null,
  relatime: null,
  nodiratime: null,
  sync: null,
  async: null,
  nofail: null,
  _netdev: null,
  port: PORT,
  rsize: NUM,
  wsize: NUM,
  actimeo: NUM,
};

const RULES: Record<Protocol, Record<string, Rule>> = {
  smb: {
    ...COMMON,
    vers: ['1.0', '2.0', '2.1', '3', '3.0', '3.02', '3.1.1', '3.11', 'default'],
    sec: ['none', 'krb5', 'krb5i', 'ntlm', 'ntlmi', 'ntlmv2', 'ntlmv2i', 'ntlmssp', 'ntlmsspi'],
    guest: null,
    uid: NUM,
    gid: NUM,
    forceuid: null,
    forcegid: null,
    file_mode: MODE,
    dir_mode: MODE,
    iocharset: ['utf8'],
    cache: ['strict', 'none', 'loose'],
    noperm: null,
    nounix: null,
    nobrl: null,
    seal: null,
    echo_interval: NUM,
  },
  nfs: {
    ...COMMON,
    vers: ['3', '4', '4.0', '4.1', '4.2'],
    nfsvers: ['3', '4', '4.0', '4.1', '4.2'],
    proto: ['tcp', 'tcp6', 'udp', 'udp6', 'rdma'],
    hard: null,
    soft: null,
    timeo: NUM,
    retrans: NUM,
    sec: ['sys', 'krb5', 'krb5i', 'krb5p'],
    nolock: null,
    noac: null,
    nconnect: /^([1-9]|1[0-6])$/,
  },
};

/** Options with a field of their own, or never allowed: named in the refusal. */
const REFUSED: Record<string, string> = {
  credentials: 'set the credentials file field instead',
  username: 'put it in a credentials file (username=…, password=…) and set that file',
  user: 'put it in a credentials file (username=…, password=…) and set that file',
  password: 'passwords are never stored: put it in a credentials file and set that file',
  pass: 'passwords are never stored: put it in a credentials file and set that file',
  exec: 'shares are always mounted noexec',
  suid: 'shares are always mounted nosuid',
  dev: 'shares are always mounted nodev',
};

export interface ParsedOptions {
  /** Normalised: items trimmed, joined by "," without spaces. */
  value: string;
  errors: string[];
}

/**
 * Reads "ro, vers=3.0" style options: items are separated by commas only;
 * spaces around an item are dropped, a space inside one is refused, as is an
 * empty item ("ro,,rw"), a repeated option, and anything off the allow-list.
 */
export function parseOptions(input: string, protocol: Protocol): ParsedOptions {
  const errors: string[] = [];
  const items: string[] = [];
  const trimmed = input.trim();
  if (trimmed === '') return { value: '', errors };
  const seen = new Set<string>();
  for (const raw of trimmed.split(',')) {
    const item = raw.trim();
    if (item === '') {
      errors.push('an empty option (two commas in a row, or a comma at an end)');
      continue;
    }
    if (/[\s\\"'`$;|&<>(){}]/.test(item) || /[^\x21-\x7e]/.test(item)) {
      errors.push(`"${item.slice(0, 40)}": options hold no spaces, quotes or shell characters`);
      continue;
    }
    const eq = item.indexOf('=');
    const key = eq < 0 ? item : item.slice(0, eq);
    const value = eq < 0 ? null : item.slice(eq + 1);
    if (REFUSED[key] !== undefined) {
      errors.push(`"${key}" is not allowed: ${REFUSED[key]}`);
      continue;
    }
    const rules = RULES[protocol];
    if (!Object.hasOwn(rules, key)) {
      errors.push(
        `"${key}" is not an allowed ${protocol.toUpperCase()} option (allowed: ${Object.keys(rules).join(', ')})`,
      );
      continue;
    }
    if (seen.has(key)) {
      errors.push(`"${key}" is given twice`);
      continue;
    }
    seen.add(key);
    const rule = rules[key]!;
    if (rule === null) {
      if (value !== null) errors.push(`"${key}" takes no value`);
    } else if (value === null || value === '') {
      errors.push(`"${key}" needs a value (${key}=…)`);
    } else if (rule instanceof RegExp ? !rule.test(value) : !rule.includes(value)) {
      const expected = rule instanceof RegExp ? 'a number' : `one of ${rule.join(', ')}`;
      errors.push(
        `"${item}": expected ${key}=${rule === MODE ? 'an octal mode like 0644' : expected}`,
      );
    } else if (key === 'port' && (Number(value) < 1 || Number(value) > 65_535)) {
      errors.push(`"${item}": a port is 1-65535`);
    }
    items.push(item);
  }
  if (seen.has('ro') && seen.has('rw')) errors.push('"ro" and "rw" contradict each other');
  return { value: items.join(','), errors };
}
