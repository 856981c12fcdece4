// What a share definition must look like before it is stored: every field
// checked, every problem named in one 400, and the values normalised.
import { isIP } from 'node:net';
import { posix } from 'node:path';
import { z } from 'zod';
import { DomainError } from '../domain/errors.ts';
import { parseOptions } from './options.ts';
import type { ShareDefinition } from './share.ts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** SMB share names: letters, digits, space and a few marks (a trailing $ for hidden shares). */
const SMB_SHARE = /^[A-Za-z0-9_.-][A-Za-z0-9 _.-]{0,79}\$?$/;
/** Paths: printable, no backslash (the mount table's escape), no comma (mount's option separator). */
const PATH_CHARS = /^[A-Za-z0-9 _.@+=:/-]+$/;

const fields = {
  name: z.string({ error: 'expected a name' }),
  protocol: z.enum(['smb', 'nfs'], { error: 'expected "smb" or "nfs"' }),
  server: z.string({ error: 'expected a host name or IP address' }),
  share: z.string({ error: 'expected a share name (SMB) or export path (NFS)' }),
  mountPoint: z.string({ error: 'expected an absolute path' }),
  options: z.string({ error: 'expected options as text, e.g. "ro,vers=3.0"' }),
  credentialsFile: z.string({ error: 'expected an absolute path or null' }).nullable(),
};

export const shareInput = z.strictObject({
  ...fields,
  options: fields.options.default(''),
  credentialsFile: fields.credentialsFile.default(null),
});
/** A change: only the fields given are changed (no defaults filled in). */
export const sharePatch = z.strictObject(fields).partial();
export type ShareInput = z.output<typeof shareInput>;

export function isHostName(s: string): boolean {
  if (s.length === 0 || s.length > 253) return false;
  return s
    .replace(/\.$/, '')
    .split('.')
    .every((label) => LABEL.test(label));
}

/** Problems with an absolute path: null when it is fine. Refuses rather than normalises "..". */
function pathProblem(p: string, what: string): string | null {
  if (!p.startsWith('/')) return `${what} must be an absolute path (starting with /)`;
  if (p.length > 1024) return `${what} is longer than 1024 characters`;
  if (!PATH_CHARS.test(p)) {
    return `${what} may hold letters, digits, spaces and _ . @ + = : / - only (no commas, backslashes or control characters)`;
  }
  if (p.split('/').some((part) => part === '..' || part === '.')) {
    return `${what} may not contain "." or ".." segments`;
  }
  return null;
}

const normalise = (p: string) => {
  const n = posix.normalize(p);
  return n.length > 1 ? n.replace(/\/+$/, '') : n;
};

/** Checks a whole definition against the rules; throws one invalid_input naming every problem. */
export function checkShare(input: ShareInput, mountRoot: string): ShareDefinition {
  const problems: string[] = [];
  const name = input.name.trim();
  if (!NAME.test(name)) {
    problems.push('name: 1-64 letters, digits, spaces, _ . - (starting with a letter or digit)');
  }
  const server = input.server.trim();
  if (!(isIP(server) !== 0 || isHostName(server))) {
    problems.push(`server: "${server.slice(0, 60)}" is neither a host name nor an IP address`);
  }

  let share = input.share.trim();
  if (input.protocol === 'smb') {
    if (!SMB_SHARE.test(share)) {
      problems.push(
        'share: an SMB share name of 1-80 letters, digits, spaces, _ . - (no slashes), e.g. "media"',
      );
    }
  } else {
    const bad = pathProblem(share, 'share (the NFS export path)');
    if (bad) problems.push(bad);
    else share = normalise(share);
  }

  let mountPoint = input.mountPoint.trim();
  const root = normalise(mountRoot);
  const badMount = pathProblem(mountPoint, 'mountPoint');
  if (badMount) problems.push(badMount);
  else {
    mountPoint = normalise(mountPoint);
    if (!mountPoint.startsWith(root === '/' ? '/' : `${root}/`) || mountPoint === root) {
      problems.push(`mountPoint must lie under ${root} (NAS_MOUNT_ROOT), e.g. ${root}/media`);
    }
  }

  const options = parseOptions(input.options, input.protocol);
  problems.push(...options.errors.map((e) => `options: ${e}`));

  let credentialsFile = input.credentialsFile?.trim() || null;
  if (credentialsFile !== null) {
    if (input.protocol === 'nfs') {
      problems.push('credentialsFile: NFS shares take no credentials file (leave it empty)');
    } else {
      const bad = pathProblem(credentialsFile, 'credentialsFile');
      if (bad) problems.push(bad);
      else if (credentialsFile.includes(':') || credentialsFile.includes('=')) {
        problems.push('credentialsFile may not contain ":" or "="');
      } else credentialsFile = normalise(credentialsFile);
    }
  }
  const opts = options.value.split(',');
  if (
    input.protocol === 'smb' &&
    credentialsFile === null &&
    !opts.includes('guest') &&
    !opts.some((o) => o.startsWith('sec=krb5') || o === 'sec=none')
  ) {
    // Without any of these mount.cifs would ask for a password on a terminal there is not.
    problems.push(
      'credentialsFile: an SMB share needs a credentials file (username=…, password=…, mode 600), or the "guest" option',
    );
  }

  if (problems.length > 0) throw new DomainError('invalid_input', problems.join('; '));
  return {
    name,
    protocol: input.protocol,
    server,
    share,
    mountPoint,
    options: options.value,
    credentialsFile,
  };
}
