// Runs mount(8) and umount(8) as child processes (never a shell: arguments as
// an array, English messages) and turns their failures into errors that say
// what went wrong and what to do about it.
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { DomainError } from '../domain/errors.ts';
import {
  FS_TYPE,
  fstabLine,
  HELPER,
  mountOptions,
  mountSource,
  type ShareDefinition,
} from './share.ts';

export interface MountCommands {
  /** The program and leading arguments for mounting, e.g. ['mount'] (tests may prefix setpriv …). */
  mount: string[];
  umount: string[];
  timeoutMs: number;
  /**
   * Whether mount runs as root: then with the share's type, source and options; otherwise as
   * `mount <mount point>`, which mount(8) allows a user for an /etc/fstab entry with "user".
   */
  privileged: boolean;
}

export const DEFAULT_COMMANDS: MountCommands = {
  mount: ['mount'],
  umount: ['umount'],
  timeoutMs: 30_000,
  privileged: process.getuid?.() === 0,
};

interface RunResult {
  code: number | null;
  timedOut: boolean;
  output: string;
}

function run(command: string[], args: string[], timeoutMs: number): Promise<RunResult> {
  const [program, ...lead] = command;
  if (!program) throw new Error('no mount command configured');
  return new Promise((resolve) => {
    const child = execFile(
      program,
      [...lead, ...args],
      { timeout: timeoutMs, env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const output = `${stderr}\n${stdout}`.trim();
        if (!err) return resolve({ code: 0, timedOut: false, output });
        const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
        if (e.code === 'ENOENT') {
          return resolve({ code: 127, timedOut: false, output: `${program}: command not found` });
        }
        resolve({
          code: typeof e.code === 'number' ? e.code : null,
          timedOut: e.killed === true,
          output: output || e.message,
        });
      },
    );
    // A helper that asks for a password reads end-of-file, not a wait until the timeout.
    child.stdin?.end();
  });
}

async function onPath(program: string): Promise<boolean> {
  const dirs = [
    ...(process.env.PATH ?? '').split(delimiter),
    '/sbin',
    '/usr/sbin',
    '/usr/local/sbin',
  ];
  for (const dir of dirs.filter(Boolean)) {
    try {
      await access(join(dir, program), constants.X_OK);
      return true;
    } catch {
      // not in this one
    }
  }
  return false;
}

/** The first lines mount printed, without its standing advice to read dmesg. */
const firstLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => !/dmesg\(1\) may have more information/.test(line))
    .slice(0, 3)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 400);

const rootAdvice = (share: ShareDefinition) =>
  `run the dashboard as root (or with CAP_SYS_ADMIN), or let it mount without root through an /etc/fstab line with the "user" option: ${fstabLine(share)}`;

/** Turns a failed mount/umount run into a DomainError; `helperInstalled` says if mount.cifs/mount.nfs exists. */
export function explainFailure(
  action: 'mount' | 'unmount',
  share: ShareDefinition,
  result: RunResult,
  helperInstalled: boolean,
  timeoutMs: number,
): DomainError {
  const said = firstLines(result.output);
  const { program, pkg } = HELPER[share.protocol];
  const cause = { cause: { exitCode: result.code, output: result.output } };
  if (result.timedOut) {
    return new DomainError(
      'unavailable',
      `${action} of ${share.mountPoint} did not finish within ${Math.round(timeoutMs / 1000)} s: is ${share.server} answering?`,
      cause,
    );
  }
  if (result.code === 127) {
    return new DomainError('not_configured', `${said}: install util-linux (mount, umount)`, cause);
  }
  if (/mount error\(13\)/i.test(said)) {
    return new DomainError(
      'not_permitted',
      `${share.server} refused access (${said}): check the user and password in the credentials file`,
      cause,
    );
  }
  if (/access denied by server/i.test(said)) {
    return new DomainError(
      'not_permitted',
      `${share.server} refused the export (${said}): check /etc/exports on the server allows this host`,
      cause,
    );
  }
  if (/can't find in \/etc\/fstab|not in the fstab|can't find .* in \/etc\/fstab/i.test(said)) {
    return new DomainError(
      'not_permitted',
      `the dashboard does not run as root, and /etc/fstab has no entry for ${share.mountPoint}: ${rootAdvice(share)}`,
      cause,
    );
  }
  if (/only root|must be superuser|operation not permitted|EPERM|permission denied/i.test(said)) {
    return new DomainError(
      'not_permitted',
      `${action} was refused (${said}): ${rootAdvice(share)}`,
      cause,
    );
  }
  if (
    action === 'mount' &&
    (!helperInstalled || /unknown filesystem type|helper program|no such device/i.test(said))
  ) {
    const fix = helperInstalled
      ? `the kernel has no ${FS_TYPE[share.protocol]} support: load its module (modprobe ${FS_TYPE[share.protocol]})`
      : `${program} is not installed: install the Debian package ${pkg} (apt-get install ${pkg})`;
    return new DomainError(
      'not_configured',
      `cannot mount ${share.protocol.toUpperCase()} shares: ${fix} (mount said: ${said})`,
      cause,
    );
  }
  if (/already mounted|busy/i.test(said)) {
    const what =
      action === 'mount'
        ? 'already mounted or in use'
        : 'in use: close the files open there and try again';
    return new DomainError('conflict', `${share.mountPoint} is ${what} (${said})`, cause);
  }
  if (/not mounted|no mount point specified/i.test(said)) {
    return new DomainError('conflict', `${share.mountPoint} is not mounted (${said})`, cause);
  }
  if (/refused|unreachable|timed out|host is down|resolve|no route|could not/i.test(said)) {
    return new DomainError('unavailable', `${share.server} cannot be reached: ${said}`, cause);
  }
  return new DomainError(
    'unavailable',
    `${action} failed (exit ${result.code ?? '?'}): ${said}`,
    cause,
  );
}

export function createMountRunner(commands: MountCommands) {
  return {
    async mount(share: ShareDefinition): Promise<void> {
      const args = commands.privileged
        ? [
            '-t',
            FS_TYPE[share.protocol],
            '-o',
            mountOptions(share),
            mountSource(share),
            share.mountPoint,
          ]
        : [share.mountPoint];
      const result = await run(commands.mount, args, commands.timeoutMs);
      if (result.code === 0) return;
      const installed = await onPath(HELPER[share.protocol].program);
      throw explainFailure('mount', share, result, installed, commands.timeoutMs);
    },
    async unmount(share: ShareDefinition): Promise<void> {
      const result = await run(commands.umount, [share.mountPoint], commands.timeoutMs);
      if (result.code === 0) return;
      throw explainFailure('unmount', share, result, true, commands.timeoutMs);
    },
  };
}

export type MountRunner = ReturnType<typeof createMountRunner>;
