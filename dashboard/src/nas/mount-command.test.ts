import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMountRunner, explainFailure } from './mount-command.ts';
import type { ShareDefinition } from './share.ts';

const share: ShareDefinition = {
  name: 'Media',
  protocol: 'smb',
  server: 'nas.lan',
  share: 'media',
  mountPoint: '/mnt/homelab/media',
  options: 'guest',
  credentialsFile: null,
};
const failed = (output: string, code: number | null = 32, timedOut = false) => ({
  code,
  output,
  timedOut,
});
const explain = (output: string, helper = true, action: 'mount' | 'unmount' = 'mount') =>
  explainFailure(action, share, failed(output), helper, 30_000);

describe('mount failures', () => {
  it('says a non-root process cannot mount, and what to do', () => {
    for (const said of [
      'mount: only root can use "--types" option (effective UID is 1000)',
      'mount: /mnt/homelab/media: must be superuser to use mount.',
      'mount: /mnt/homelab/media: mount failed: Operation not permitted.',
    ]) {
      const err = explain(said);
      expect(err.code).toBe('not_permitted');
      expect(err.message).toContain('run the dashboard as root');
      expect(err.message).toContain('"user" option');
    }
  });

  it('names the Debian package when the mount helper is missing', () => {
    const err = explain("mount: /mnt/homelab/media: unknown filesystem type 'cifs'.", false);
    expect(err.code).toBe('not_configured');
    expect(err.message).toContain(
      'mount.cifs is not installed: install the Debian package cifs-utils',
    );
    const nfs = explainFailure(
      'mount',
      { ...share, protocol: 'nfs' },
      failed("mount: /x: unknown filesystem type 'nfs'."),
      false,
      30_000,
    );
    expect(nfs.message).toContain('nfs-common');
    expect(explain("unknown filesystem type 'cifs'", true).message).toContain('modprobe cifs');
  });

  it('tells a refused login, an unreachable server, a busy mount and a timeout apart', () => {
    expect(explain('mount error(13): Permission denied')).toMatchObject({ code: 'not_permitted' });
    expect(explain('mount error(13): Permission denied').message).toContain('credentials file');
    expect(
      explain('mount error(113): could not connect to 10.0.0.5Unable to find suitable address.')
        .code,
    ).toBe('unavailable');
    expect(explain('umount: /mnt/homelab/media: target is busy.', true, 'unmount')).toMatchObject({
      code: 'conflict',
    });
    const late = explainFailure('mount', share, failed('', null, true), true, 30_000);
    expect(late).toMatchObject({ code: 'unavailable' });
    expect(late.message).toContain('did not finish within 30 s');
    expect(explain('something new')).toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('something new'),
    });
  });

  it('reports a missing mount program as not configured', async () => {
    const runner = createMountRunner({
      mount: ['/nonexistent/mount'],
      umount: ['umount'],
      timeoutMs: 1_000,
      privileged: true,
    });
    await expect(runner.mount(share)).rejects.toMatchObject({ code: 'not_configured' });
  });
});

// Runs the real mount(8) as the unprivileged user nobody: needs root to switch to it (setpriv is
// util-linux's, on every Debian).
const asNobody = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
const NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];

describe.skipIf(!asNobody)('the real mount command as a user that is not root', () => {
  const asNobodyRunner = (privileged: boolean) =>
    createMountRunner({
      mount: [...NOBODY, 'mount'],
      umount: [...NOBODY, 'umount'],
      timeoutMs: 10_000,
      privileged,
    });

  it('reports not_permitted with the advice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nas-mount-'));
    try {
      const runner = asNobodyRunner(true);
      const target = { ...share, server: '127.0.0.1', mountPoint: dir };
      await expect(runner.mount(target)).rejects.toMatchObject({
        code: 'not_permitted',
        message: expect.stringContaining('run the dashboard as root'),
      });
      await expect(runner.unmount(target)).rejects.toMatchObject({ code: 'conflict' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('mounts through /etc/fstab when not root, and names the line to add when there is none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nas mount-'));
    try {
      const target = { ...share, server: '127.0.0.1', mountPoint: dir };
      const line = `//127.0.0.1/media ${dir.replace(' ', '\\040')} cifs guest,nosuid,nodev,noexec,user,noauto 0 0`;
      await expect(asNobodyRunner(false).mount(target)).rejects.toMatchObject({
        code: 'not_permitted',
        message: expect.stringContaining(
          `/etc/fstab has no entry for ${dir}: run the dashboard as root (or with CAP_SYS_ADMIN), or let it mount without root through an /etc/fstab line with the "user" option: ${line}`,
        ),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
