import { describe, expect, it } from 'vitest';
import { parseDockerHosts } from './hosts.ts';

describe('DOCKER_HOSTS', () => {
  it('defaults to one host called local on the socket', () => {
    expect(parseDockerHosts(undefined, '/var/run/docker.sock')).toEqual([
      {
        name: 'local',
        address: 'unix:///var/run/docker.sock',
        connection: { socketPath: '/var/run/docker.sock' },
      },
    ]);
  });

  it('reads socket paths, unix://, tcp:// and http(s):// addresses', () => {
    const hosts = parseDockerHosts(
      'local=/run/docker.sock, nas=tcp://10.0.0.5:2375,pi=unix:///run/user/1000/docker.sock,' +
        'vps=https://docker.example.org:2376,lab=http://[::1]',
      'ignored',
    );
    expect(hosts.map((h) => [h.name, h.address, h.connection])).toEqual([
      ['local', 'unix:///run/docker.sock', { socketPath: '/run/docker.sock' }],
      ['nas', 'tcp://10.0.0.5:2375', { protocol: 'http', host: '10.0.0.5', port: 2375 }],
      ['pi', 'unix:///run/user/1000/docker.sock', { socketPath: '/run/user/1000/docker.sock' }],
      [
        'vps',
        'https://docker.example.org:2376',
        { protocol: 'https', host: 'docker.example.org', port: 2376 },
      ],
      ['lab', 'http://[::1]', { protocol: 'http', host: '::1', port: 2375 }],
    ]);
  });

  it('lists every bad entry at once', () => {
    expect(() =>
      parseDockerHosts('nas, a=ftp://x, b=tcp://h:1/path, a=/x.sock, c=unix://relative', '/s'),
    ).toThrow(
      expect.objectContaining({
        problems: [
          'DOCKER_HOSTS: "nas" should be name=address, the name 1-63 letters, digits, _ . or -',
          'DOCKER_HOSTS: a: expected a socket path, unix:///path, tcp://host:port or http(s)://host:port, got ftp://x',
          'DOCKER_HOSTS: b: expected tcp://host:port without a path, got tcp://h:1/path',
          'DOCKER_HOSTS: c: expected unix:///absolute/path, got unix://relative',
        ],
      }),
    );
  });
});
