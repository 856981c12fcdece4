import { describe, expect, it } from 'vitest';
import { specOf, splitNetworks, type InspectedContainer } from './container-spec.ts';

const ID = 'abcdef0123456789'.repeat(4);
const VOLUME = '0123456789abcdef'.repeat(4);

const image = {
  Cmd: ['/bin/sh'],
  Entrypoint: null,
  Env: ['PATH=/bin'],
  Labels: { maintainer: 'someone' },
  WorkingDir: '',
  ExposedPorts: { '80/tcp': {} },
  Volumes: { '/cache': {} },
};

function container(overrides: Partial<InspectedContainer['Config']> = {}): InspectedContainer {
  return {
    Id: ID,
    Config: {
      Hostname: ID.slice(0, 12),
      Image: 'localhost/app:1',
      Cmd: ['sh', '-c', 'serve'],
      Entrypoint: null,
      Env: ['PATH=/bin', 'MODE=blue'],
      Labels: { maintainer: 'someone', app: 'web' },
      WorkingDir: '',
      ExposedPorts: { '80/tcp': {}, '9000/tcp': {} },
      Volumes: { '/cache': {} },
      Tty: false,
      ...overrides,
    },
    HostConfig: {
      Binds: ['/srv/web:/data:ro'],
      NetworkMode: 'homelab',
      RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
      PortBindings: { '9000/tcp': [{ HostIp: '', HostPort: '9000' }] },
    },
    Mounts: [
      { Type: 'bind', Destination: '/data' },
      { Type: 'volume', Name: VOLUME, Destination: '/cache' },
      { Type: 'volume', Name: 'named', Destination: '/named' },
    ],
    NetworkSettings: {
      Networks: {
        homelab: { Aliases: ['web', ID.slice(0, 12)], IPAddress: '172.18.0.5', NetworkID: 'n1' },
        backend: { Aliases: null, IPAMConfig: { IPv4Address: '10.1.0.9' }, EndpointID: 'e2' },
      },
    },
  };
}

describe('specOf', () => {
  it("keeps what was set for the container and leaves the image's defaults out", () => {
    const spec = specOf(container(), image);
    expect(spec).toMatchObject({
      Cmd: ['sh', '-c', 'serve'],
      Env: ['MODE=blue'],
      Labels: { app: 'web' },
      ExposedPorts: { '9000/tcp': {} },
      Tty: false,
    });
    for (const key of ['Image', 'Hostname', 'Entrypoint', 'WorkingDir', 'Volumes']) {
      expect(spec).not.toHaveProperty(key);
    }
    expect(spec.HostConfig).toMatchObject({
      RestartPolicy: { Name: 'unless-stopped' },
      PortBindings: { '9000/tcp': [{ HostPort: '9000' }] },
      // The anonymous volume is kept by name; the named one is the engine's to mount again.
      Binds: ['/srv/web:/data:ro', `${VOLUME}:/cache`],
    });
    expect(spec.NetworkingConfig).toEqual({
      EndpointsConfig: {
        homelab: { Aliases: ['web'] },
        backend: { IPAMConfig: { IPv4Address: '10.1.0.9' } },
      },
    });
  });

  it("drops a cmd equal to the image's, so a new image's cmd applies, unless an entrypoint is set", () => {
    expect(specOf(container({ Cmd: ['/bin/sh'] }), image)).not.toHaveProperty('Cmd');
    const own = specOf(container({ Cmd: ['/bin/sh'], Entrypoint: ['tini', '--'] }), image);
    expect(own).toMatchObject({ Cmd: ['/bin/sh'], Entrypoint: ['tini', '--'] });
  });

  it('keeps a given host name and everything when the image is gone', () => {
    const spec = specOf(container({ Hostname: 'web.local' }), null);
    expect(spec).toMatchObject({
      Hostname: 'web.local',
      Env: ['PATH=/bin', 'MODE=blue'],
      Labels: { maintainer: 'someone', app: 'web' },
    });
  });

  it('leaves networks out in host or none mode', () => {
    const c = container();
    c.HostConfig.NetworkMode = 'host';
    expect(specOf(c, image)).not.toHaveProperty('NetworkingConfig');
  });
});

describe('splitNetworks', () => {
  it("creates with the mode's network and connects the others afterwards", () => {
    const { body, later } = splitNetworks(specOf(container(), image));
    expect(body.NetworkingConfig).toEqual({
      EndpointsConfig: { homelab: { Aliases: ['web'] } },
    });
    expect(later).toEqual([['backend', { IPAMConfig: { IPv4Address: '10.1.0.9' } }]]);
  });
});
