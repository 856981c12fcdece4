// NAS shares against the real dashboard (Postgres, nats-server), the real
// mount table and the real mount(8): definitions and their checks, whether a
// server answers (a TCP listener of the test's own), what is mounted where,
// free space, and the errors of a mount that cannot succeed here.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createLogger } from '@homelab/nats/runtime';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openSql } from '../../tools/test-env/pg-sql.ts';
import { domainErrorHandler } from '../src/http/errors.ts';
import { createNasModule } from '../src/nas/module.ts';
import { startTestService, type TestService } from './harness.ts';

interface Status {
  reachability: {
    reachable: boolean;
    port: number;
    latencyMs: number | null;
    error: string | null;
  };
  mounted: boolean;
  mountedOther: { fsType: string; source: string } | null;
  space: { totalBytes: number; freeBytes: number; availableBytes: number } | null;
}
interface Share {
  id: string;
  name: string;
  protocol: string;
  server: string;
  share: string;
  mountPoint: string;
  options: string;
  credentialsFile: string | null;
  source?: string;
  status?: Status;
}
interface ErrorBody {
  error: { code: string; message: string };
}

// Mounting needs root and a kernel that lets this process mount (not every container does):
// the tests that mount a tmpfs run where a trial mount works.
const root = process.getuid?.() === 0;
function tmpfsMountWorks(): boolean {
  if (!root) return false;
  const dir = mkdtempSync(join(tmpdir(), 'nas-probe-'));
  try {
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]).status === 0;
    if (mounted) spawnSync('umount', [dir]);
    return mounted;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const canMountTmpfs = tmpfsMountWorks();

let svc: TestService;
let mountRoot: string;
let listener: Server;
let openPort: number;
let closedPort: number;
const mounted: string[] = [];

const onPath = (program: string) =>
  [...(process.env.PATH ?? '').split(delimiter), '/sbin', '/usr/sbin'].some((d) =>
    existsSync(join(d, program)),
  );

const smb = (over: Partial<Share> = {}) => ({
  name: 'Media',
  protocol: 'smb',
  server: '127.0.0.1',
  share: 'media',
  mountPoint: `${mountRoot}/media`,
  options: `guest,port=${openPort}`,
  ...over,
});

async function list(): Promise<Share[]> {
  const res = await svc.get('/api/nas/shares');
  expect(res.status).toBe(200);
  return ((await res.json()) as { shares: Share[] }).shares;
}

async function create(body: unknown): Promise<Share> {
  const res = await svc.post('/api/nas/shares', body);
  const json = (await res.json()) as { share: Share } & ErrorBody;
  expect(res.status, JSON.stringify(json)).toBe(201);
  return json.share;
}

async function status(id: string): Promise<Share & { status: Status }> {
  const res = await svc.get(`/api/nas/shares/${id}/status`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { share: Share & { status: Status } }).share;
}

async function removeAll() {
  for (const s of await list()) expect((await svc.del(`/api/nas/shares/${s.id}`)).status).toBe(200);
}

beforeAll(async () => {
  mountRoot = await mkdtemp(join(tmpdir(), 'nas-root-'));
  // A server that accepts connections and closes them: "reachable", never a real SMB/NFS server.
  listener = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  openPort = (listener.address() as AddressInfo).port;
  // Port 1 (tcpmux) on the loopback: nothing listens there, and only root could start something.
  // A port freed by the test could be taken by a parallel test file's listener.
  closedPort = 1;
  svc = await startTestService({ NAS_MOUNT_ROOT: mountRoot });
});

// Each test starts without shares, whether the one before finished or failed.
afterEach(async () => {
  await removeAll();
});

afterAll(async () => {
  for (const point of mounted.reverse()) {
    try {
      execFileSync('umount', [point]);
    } catch {
      // already gone
    }
  }
  await svc?.stop();
  await new Promise((resolve) => listener?.close(resolve));
  if (mountRoot) await rm(mountRoot, { recursive: true, force: true });
});

describe('NAS share definitions', () => {
  it('creates, lists, reads, changes and deletes a share', async () => {
    const created = await create(
      smb({ mountPoint: `${mountRoot}//media/`, options: ' guest , vers=3.0 ' }),
    );
    expect(created).toMatchObject({
      name: 'Media',
      protocol: 'smb',
      mountPoint: `${mountRoot}/media`,
      options: 'guest,vers=3.0',
      credentialsFile: null,
    });

    const [listed] = await list();
    expect(listed).toMatchObject({ id: created.id, source: '//127.0.0.1/media' });

    const read = await svc.get(`/api/nas/shares/${created.id}`);
    expect(((await read.json()) as { share: Share }).share).toMatchObject({
      id: created.id,
      name: 'Media',
    });

    const patched = await svc.patch(`/api/nas/shares/${created.id}`, {
      options: `port=${openPort}`,
      credentialsFile: '/etc/homelab/media.cred',
    });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { share: Share }).share).toMatchObject({
      name: 'Media',
      options: `port=${openPort}`,
      credentialsFile: '/etc/homelab/media.cred',
    });

    expect((await svc.anonymous('/api/nas/shares')).status).toBe(401);
    const anonymousDelete = await svc.anonymous(`/api/nas/shares/${created.id}`, {
      method: 'DELETE',
    });
    expect(anonymousDelete.status).toBe(401);
    expect((await svc.del(`/api/nas/shares/${created.id}`)).status).toBe(200);
    expect((await svc.get(`/api/nas/shares/${created.id}`)).status).toBe(404);
    expect(await list()).toEqual([]);
  });

  it('refuses bad definitions with a 400 naming the problem, and stores nothing', async () => {
    const bad: [unknown, string][] = [
      [{ ...smb(), protocol: 'ftp' }, 'expected "smb" or "nfs"'],
      [{ ...smb(), extra: 1 }, 'extra'],
      [{ ...smb(), server: 'nas lan' }, 'neither a host name nor an IP address'],
      [{ ...smb(), mountPoint: '/etc/media' }, `must lie under ${mountRoot}`],
      [{ ...smb(), mountPoint: `${mountRoot}/../etc` }, '".."'],
      [{ ...smb(), mountPoint: 'media' }, 'absolute path'],
      [{ ...smb(), options: 'guest,exec' }, '"exec" is not allowed'],
      [{ ...smb(), options: 'guest,password=hunter2' }, 'passwords are never stored'],
      [{ ...smb(), options: 'guest,,ro' }, 'empty option'],
      [{ ...smb(), options: 'guest ro' }, 'no spaces'],
      [{ ...smb(), options: '' }, 'needs a credentials file'],
      [{ ...smb(), share: 'a/b' }, 'no slashes'],
      [
        { ...smb(), protocol: 'nfs', share: '/export', credentialsFile: '/etc/x', options: '' },
        'NFS shares take no credentials file',
      ],
      [{ ...smb(), credentialsFile: 'relative.cred' }, 'absolute path'],
    ];
    for (const [body, message] of bad) {
      const res = await svc.post('/api/nas/shares', body);
      const json = (await res.json()) as ErrorBody;
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(json.error.code).toBe('invalid_input');
      expect(json.error.message).toContain(message);
    }
    const notJson = await svc.request('/api/nas/shares', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(notJson.status).toBe(400);
    expect(await list()).toEqual([]);

    const share = await create(smb());
    for (const patch of [
      { mountPoint: '/tmp/x' },
      { options: 'suid' },
      { protocol: 'nfs' },
      { id: 'x' },
    ]) {
      const res = await svc.patch(`/api/nas/shares/${share.id}`, patch);
      expect(res.status, JSON.stringify(patch)).toBe(400);
    }
    expect((await svc.get(`/api/nas/shares/${share.id}`)).status).toBe(200);
    expect((await list())[0]).toMatchObject({
      mountPoint: share.mountPoint,
      options: share.options,
    });
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      expect((await svc.get(`/api/nas/shares/${id}`)).status).toBe(404);
      expect((await svc.patch(`/api/nas/shares/${id}`, { name: 'x' })).status).toBe(404);
      expect((await svc.del(`/api/nas/shares/${id}`)).status).toBe(404);
      expect((await svc.post(`/api/nas/shares/${id}/mount`)).status).toBe(404);
    }
  });

  it('refuses a second share with the same name or mount point (409), saying which', async () => {
    const first = await create(smb());
    const sameName = await svc.post(
      '/api/nas/shares',
      smb({ name: 'MEDIA', mountPoint: `${mountRoot}/other` }),
    );
    expect(sameName.status).toBe(409);
    expect(((await sameName.json()) as ErrorBody).error.message).toContain(
      'a share named "Media" already exists',
    );

    const samePoint = await svc.post(
      '/api/nas/shares',
      smb({ name: 'Films', mountPoint: `${mountRoot}/media/` }),
    );
    expect(samePoint.status).toBe(409);
    expect(((await samePoint.json()) as ErrorBody).error.message).toContain(
      `share "Media" already uses the mount point ${mountRoot}/media`,
    );
    expect(await list()).toHaveLength(1);

    const nested = await svc.post(
      '/api/nas/shares',
      smb({ name: 'Films', mountPoint: `${mountRoot}/media/films` }),
    );
    expect(nested.status).toBe(409);
    expect(((await nested.json()) as ErrorBody).error.message).toContain('lie inside one another');
    const second = await create(smb({ name: 'Films', mountPoint: `${mountRoot}/films` }));
    const clash = await svc.patch(`/api/nas/shares/${second.id}`, { mountPoint: first.mountPoint });
    expect(clash.status).toBe(409);
    expect((await status(second.id)).mountPoint).toBe(`${mountRoot}/films`);
  });
});

describe('NAS share status', () => {
  it('reports a server that accepts connections as reachable, on the port option given', async () => {
    const share = await create(smb());
    const { status: s } = await status(share.id);
    expect(s.reachability).toMatchObject({ reachable: true, port: openPort, error: null });
    expect(s).toMatchObject({ mounted: false, mountedOther: null, space: null });
  });

  it('reports refused connections, and names that do not resolve as unreachable', async () => {
    const refused = await create(smb({ name: 'Refused', options: `guest,port=${closedPort}` }));
    const unknown = await create(
      smb({
        name: 'Unknown',
        server: 'nas.invalid',
        options: 'guest',
        mountPoint: `${mountRoot}/unknown`,
      }),
    );
    const nfs = await create(
      smb({
        name: 'Exports',
        protocol: 'nfs',
        share: '/export',
        options: `port=${closedPort}`,
        mountPoint: `${mountRoot}/nfs`,
      }),
    );
    const shares = await list();
    const of = (id: string) => shares.find((s) => s.id === id)!.status!.reachability;
    expect(of(refused.id)).toMatchObject({ reachable: false, port: closedPort });
    expect(of(refused.id).error).toContain('refused the connection');
    expect(of(unknown.id)).toMatchObject({ reachable: false, port: 445 });
    expect(of(unknown.id).error).toContain('the name nas.invalid does not resolve (DNS');
    expect(of(nfs.id).error).toContain('refused');
  });

  it.skipIf(!canMountTmpfs)(
    'finds what is mounted at a mount point in the real mount table, with its space',
    async () => {
      // A tmpfs whose source looks like the share's UNC: the table must still tell it is not the share.
      const share = await create(smb({ name: 'Old stuff', mountPoint: `${mountRoot}/old stuff` }));
      await mkdir(share.mountPoint, { recursive: true });
      execFileSync('mount', [
        '-t',
        'tmpfs',
        '-o',
        'size=8m',
        '//127.0.0.1/media',
        share.mountPoint,
      ]);
      mounted.push(share.mountPoint);

      const { status: s } = await status(share.id);
      expect(s.mounted).toBe(false);
      expect(s.mountedOther).toEqual({ fsType: 'tmpfs', source: '//127.0.0.1/media' });
      expect(s.space?.totalBytes).toBe(8 * 1024 * 1024);
      expect(s.space?.freeBytes).toBeGreaterThan(0);

      const mount = await svc.post(`/api/nas/shares/${share.id}/mount`);
      expect(mount.status).toBe(409);
      expect(((await mount.json()) as ErrorBody).error.message).toContain(
        'already has //127.0.0.1/media (tmpfs) mounted',
      );
      const unmount = await svc.post(`/api/nas/shares/${share.id}/unmount`);
      expect(unmount.status).toBe(409);
      expect(((await unmount.json()) as ErrorBody).error.message).toContain(
        'unmounts only its own shares',
      );
      // It was left alone.
      expect((await status(share.id)).status.mountedOther?.fsType).toBe('tmpfs');

      execFileSync('umount', [share.mountPoint]);
      mounted.pop();
      expect((await status(share.id)).status).toMatchObject({ mountedOther: null, space: null });
    },
  );
});

describe('mounting and unmounting', () => {
  it('refuses to mount a share whose server does not answer (503) and creates nothing', async () => {
    const share = await create(
      smb({ options: `guest,port=${closedPort}`, mountPoint: `${mountRoot}/down` }),
    );
    const res = await svc.post(`/api/nas/shares/${share.id}/mount`);
    expect(res.status).toBe(503);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain(
      `cannot mount "Media": 127.0.0.1 refused the connection on port ${closedPort}`,
    );
    expect(existsSync(share.mountPoint)).toBe(false);
  });

  for (const protocol of ['smb', 'nfs'] as const) {
    it(`says clearly why a real ${protocol.toUpperCase()} mount cannot succeed here`, async () => {
      const share = await create(
        protocol === 'smb'
          ? smb({ mountPoint: `${mountRoot}/real-smb` })
          : smb({
              protocol: 'nfs',
              share: '/export',
              options: `port=${openPort},soft,timeo=10,retrans=1`,
              mountPoint: `${mountRoot}/real-nfs`,
            }),
      );
      const res = await svc.post(`/api/nas/shares/${share.id}/mount`);
      const { error } = (await res.json()) as ErrorBody;
      const [helper, pkg] =
        protocol === 'smb' ? ['mount.cifs', 'cifs-utils'] : ['mount.nfs', 'nfs-common'];
      if (!root) {
        expect(res.status).toBe(403);
        expect(error.code).toBe('not_permitted');
        expect(error.message).toContain('run the dashboard as root');
      } else if (!onPath(helper)) {
        expect(res.status).toBe(503);
        expect(error.code).toBe('not_configured');
        expect(error.message).toContain(
          `${helper} is not installed: install the Debian package ${pkg}`,
        );
        // The mount point was made, under the root, for the attempt.
        expect(existsSync(share.mountPoint)).toBe(true);
      } else {
        // The helper talks to a listener that hangs up: the server is not an SMB/NFS server.
        expect(res.status).toBe(503);
      }
      expect((await status(share.id)).status.mounted).toBe(false);
      const unmount = await svc.post(`/api/nas/shares/${share.id}/unmount`);
      expect(unmount.status).toBe(409);
      expect(((await unmount.json()) as ErrorBody).error.message).toContain('is not mounted');
    });
  }

  it('says the credentials file is missing before trying to mount', async () => {
    const share = await create(
      smb({ options: `port=${openPort}`, credentialsFile: `${mountRoot}/none.cred` }),
    );
    const res = await svc.post(`/api/nas/shares/${share.id}/mount`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as ErrorBody).error.message).toContain(
      `the credentials file ${mountRoot}/none.cred does not exist`,
    );
  });

  it('refuses a mount point a symbolic link leads outside the root', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'nas-outside-'));
    try {
      execFileSync('ln', ['-s', outside, join(mountRoot, 'link')]);
      const share = await create(smb({ mountPoint: `${mountRoot}/link/media` }));
      const res = await svc.post(`/api/nas/shares/${share.id}/mount`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorBody).error.message).toContain('leads outside');
      expect(existsSync(join(outside, 'media'))).toBe(false);
    } finally {
      await rm(join(mountRoot, 'link'), { force: true });
      await rm(outside, { recursive: true, force: true });
    }
  });
});

describe('a share the mount table shows mounted', () => {
  it('is reported mounted with its space, and cannot be deleted or moved until unmounted', async () => {
    const sql = openSql(svc.database!.url);
    try {
      const share = await create(smb({ mountPoint: mountRoot + '/tab' }));
      // mountinfo in the kernel's format, with the share mounted on a real folder (for statfs).
      await mkdir(share.mountPoint, { recursive: true });
      const table = join(mountRoot, 'mountinfo');
      await writeFile(
        table,
        `22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/vda rw\n61 22 0:52 / ${share.mountPoint} rw,relatime shared:30 - cifs //127.0.0.1/MEDIA rw,vers=3.1.1\n`,
      );
      const logger = createLogger({ level: 'silent', service: 'dashboard', version: 'test' });
      const nas = createNasModule({
        config: { nas: { mountRoot } },
        sql,
        logger,
        mountTablePath: table,
      });
      const app = new Hono().route('/', nas.routes).onError(domainErrorHandler(logger));
      const [s] = await nas.listWithStatus();
      expect(s).toMatchObject({ id: share.id, status: { mounted: true, mountedOther: null } });
      expect(s!.status.space?.totalBytes).toBeGreaterThan(0);

      const del = await app.request(`/shares/${share.id}`, { method: 'DELETE' });
      expect(del.status).toBe(409);
      expect(((await del.json()) as ErrorBody).error.message).toContain(
        'unmount it before deleting it',
      );
      const move = await app.request(`/shares/${share.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mountPoint: `${mountRoot}/elsewhere` }),
      });
      expect(move.status).toBe(409);
      const again = await app.request(`/shares/${share.id}/mount`, { method: 'POST' });
      expect(again.status).toBe(409);
      expect(((await again.json()) as ErrorBody).error.message).toContain('is already mounted');
      // The real umount finds nothing mounted there: told apart from other failures.
      const unmount = await app.request(`/shares/${share.id}/unmount`, { method: 'POST' });
      expect([403, 409]).toContain(unmount.status);
      expect(await list()).toHaveLength(1);
    } finally {
      await sql.end();
    }
  });
});
