import { describe, expect, it } from 'vitest';
import { parseOptions } from './options.ts';
import { checkShare, isHostName, type ShareInput } from './validation.ts';

const ROOT = '/mnt/homelab';
const smb: ShareInput = {
  name: 'Media',
  protocol: 'smb',
  server: 'nas.lan',
  share: 'media',
  mountPoint: '/mnt/homelab/media',
  options: '',
  credentialsFile: '/etc/homelab/nas.cred',
};
const nfs: ShareInput = {
  ...smb,
  name: 'Backups',
  protocol: 'nfs',
  server: '10.0.0.5',
  share: '/export/backups',
  credentialsFile: null,
};

const problems = (input: ShareInput) => {
  try {
    checkShare(input, ROOT);
  } catch (err) {
    expect(err).toMatchObject({ code: 'invalid_input' });
    return (err as Error).message;
  }
  throw new Error('expected the share to be refused');
};

describe('share validation', () => {
  it('accepts SMB and NFS shares and normalises paths and options', () => {
    expect(
      checkShare({ ...smb, mountPoint: '/mnt/homelab//media/', options: ' ro , vers=3.0 ' }, ROOT),
    ).toEqual({
      ...smb,
      options: 'ro,vers=3.0',
    });
    expect(
      checkShare({ ...nfs, share: '/export/backups/', server: 'fd00::5' }, ROOT),
    ).toMatchObject({
      share: '/export/backups',
      server: 'fd00::5',
    });
    expect(
      checkShare({ ...smb, credentialsFile: null, options: 'guest' }, ROOT).credentialsFile,
    ).toBeNull();
  });

  it('accepts host names and IP addresses only as servers', () => {
    for (const ok of ['nas', 'nas.lan', 'NAS-01.example.com', 'nas.lan.'])
      expect(isHostName(ok)).toBe(true);
    for (const bad of ['', '-nas', 'nas-', 'a..b', 'nas lan', 'nas_1', 'x'.repeat(64), '//nas']) {
      expect(isHostName(bad)).toBe(false);
    }
    expect(problems({ ...smb, server: '-o exec' })).toContain(
      'neither a host name nor an IP address',
    );
    expect(problems({ ...smb, server: '10.0.0.5;rm -rf /' })).toContain('server');
  });

  it('keeps mount points under the mount root, without .. or commas', () => {
    expect(problems({ ...smb, mountPoint: 'media' })).toContain('absolute path');
    expect(problems({ ...smb, mountPoint: '/mnt/homelab/../etc' })).toContain('".."');
    expect(problems({ ...smb, mountPoint: '/mnt/homelab' })).toContain(
      'must lie under /mnt/homelab',
    );
    expect(problems({ ...smb, mountPoint: '/mnt/homelabx/media' })).toContain('must lie under');
    expect(problems({ ...smb, mountPoint: '/etc' })).toContain('must lie under');
    expect(problems({ ...smb, mountPoint: '/mnt/homelab/a,b' })).toContain('no commas');
    expect(problems({ ...smb, mountPoint: '/mnt/homelab/a\nb' })).toContain('control characters');
  });

  it('checks SMB share names and NFS export paths', () => {
    expect(problems({ ...smb, share: 'media/sub' })).toContain('no slashes');
    expect(problems({ ...smb, share: '' })).toContain('SMB share name');
    expect(checkShare({ ...smb, share: 'My Films' }, ROOT).share).toBe('My Films');
    expect(problems({ ...nfs, share: 'export' })).toContain('absolute path');
    expect(problems({ ...nfs, share: '/export/../etc' })).toContain('".."');
  });

  it('takes a credentials file for SMB only, and wants one (or guest) there', () => {
    expect(problems({ ...nfs, credentialsFile: '/etc/x' })).toContain(
      'NFS shares take no credentials file',
    );
    expect(problems({ ...smb, credentialsFile: null })).toContain('needs a credentials file');
    expect(problems({ ...smb, credentialsFile: 'nas.cred' })).toContain('absolute path');
    expect(problems({ ...smb, credentialsFile: '/etc/a,exec' })).toContain('no commas');
  });

  it('names every problem in one message', () => {
    const message = problems({
      ...smb,
      name: '',
      server: 'bad host',
      mountPoint: '/tmp/x',
      options: 'exec',
    });
    expect(message).toContain('name:');
    expect(message).toContain('server:');
    expect(message).toContain('mountPoint');
    expect(message).toContain('"exec" is not allowed');
  });
});

describe('mount options', () => {
  it('accepts allow-listed options with valid values', () => {
    expect(parseOptions('ro,vers=3.1.1,uid=1000,file_mode=0644,port=1445', 'smb')).toEqual({
      value: 'ro,vers=3.1.1,uid=1000,file_mode=0644,port=1445',
      errors: [],
    });
    expect(parseOptions('vers=4.2, hard ,timeo=600,nconnect=4', 'nfs').errors).toEqual([]);
    expect(parseOptions('   ', 'nfs')).toEqual({ value: '', errors: [] });
  });

  it('refuses options that could be abused, naming why', () => {
    const refused = (o: string, p: 'smb' | 'nfs' = 'smb') => parseOptions(o, p).errors.join('; ');
    expect(refused('exec')).toContain('always mounted noexec');
    expect(refused('suid')).toContain('nosuid');
    expect(refused('password=hunter2')).toContain('passwords are never stored');
    expect(refused('username=bob')).toContain('credentials file');
    expect(refused('credentials=/root/x')).toContain('credentials file field');
    expect(refused('ro exec')).toContain('no spaces');
    expect(refused('ro;exec')).toContain('shell characters');
    expect(refused('uid=$(id)')).toContain('shell characters');
    expect(refused('ro,,rw')).toContain('empty option');
    expect(refused('ro,')).toContain('empty option');
    expect(refused('ro,ro')).toContain('given twice');
    expect(refused('ro,rw')).toContain('contradict');
    expect(refused('x-systemd.automount')).toContain('not an allowed SMB option');
    expect(refused('nolock')).toContain('not an allowed SMB option');
    expect(refused('guest', 'nfs')).toContain('not an allowed NFS option');
    expect(refused('vers=9')).toContain('expected vers=one of');
    expect(refused('uid=root')).toContain('expected uid=a number');
    expect(refused('file_mode=777x')).toContain('octal mode');
    expect(refused('port=70000')).toContain('1-65535');
    expect(refused('port')).toContain('needs a value');
    expect(refused('ro=1')).toContain('takes no value');
    expect(refused('vers=3.0=x')).toContain('expected vers=');
    expect(refused('rö')).toContain('no spaces');
  });
});
