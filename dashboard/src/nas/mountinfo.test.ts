import { describe, expect, it } from 'vitest';
import { mountAt, parseMountInfo, parseMountLine, unescapeMountField } from './mountinfo.ts';
import {
  fstabLine,
  isShareMount,
  mountOptions,
  mountSource,
  sharePort,
  type ShareDefinition,
} from './share.ts';

// Lines in the shape the kernel writes them (proc(5)), from cifs, nfs, nfs4, bind and tmpfs mounts.
const TABLE = [
  '22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/vda rw',
  '61 22 0:52 / /mnt/homelab/media rw,relatime shared:30 - cifs //nas.lan/Media rw,vers=3.1.1,cache=strict,username=guest,uid=0,noforceuid,gid=0,addr=10.0.0.5,file_mode=0755,dir_mode=0755',
  '62 22 0:53 / /mnt/homelab/backups rw,relatime shared:31 - nfs4 10.0.0.5:/export/backups rw,vers=4.2,rsize=1048576,wsize=1048576,hard,proto=tcp,addr=10.0.0.5',
  '63 22 0:54 / /mnt/homelab/old\\040stuff rw,relatime - nfs nas.lan:/srv/old\\040stuff/ rw,vers=3,addr=10.0.0.5',
  '64 22 0:52 /Movies /srv/movies rw,relatime shared:30 - cifs //nas.lan/Media rw,vers=3.1.1',
  '65 22 0:55 / /mnt/homelab/tab\\011and\\134back rw - tmpfs tmp\\040fs rw,size=1024k',
  '66 61 0:56 / /mnt/homelab/media rw - tmpfs tmpfs rw,size=8192k',
  'garbage line',
  '',
].join('\n');

const smb: ShareDefinition = {
  name: 'Media',
  protocol: 'smb',
  server: 'nas.lan',
  share: 'media',
  mountPoint: '/mnt/homelab/media',
  options: 'vers=3.1.1,ro',
  credentialsFile: '/etc/homelab/nas.cred',
};
const nfs: ShareDefinition = {
  name: 'Backups',
  protocol: 'nfs',
  server: '10.0.0.5',
  share: '/export/backups',
  mountPoint: '/mnt/homelab/backups',
  options: 'port=2050',
  credentialsFile: null,
};

describe('mountinfo', () => {
  it('undoes the kernel octal escapes for space, tab, newline and backslash', () => {
    expect(unescapeMountField('/a\\040b\\011c\\012d\\134e')).toBe('/a b\tc\nd\\e');
    expect(unescapeMountField('/plain')).toBe('/plain');
  });

  it('reads mount point, root, type and source of every well-formed line and skips the rest', () => {
    const entries = parseMountInfo(TABLE);
    expect(entries).toHaveLength(7);
    expect(entries[1]).toMatchObject({
      root: '/',
      mountPoint: '/mnt/homelab/media',
      fsType: 'cifs',
      source: '//nas.lan/Media',
    });
    expect(entries[3]).toMatchObject({
      mountPoint: '/mnt/homelab/old stuff',
      source: 'nas.lan:/srv/old stuff/',
    });
    expect(entries[5]).toMatchObject({
      mountPoint: '/mnt/homelab/tab\tand\\back',
      source: 'tmp fs',
    });
    expect(parseMountLine('1 2 3:4 / /x rw - tmpfs')).toBeNull();
  });

  it('reads optional fields of any number before the separator', () => {
    const e = parseMountLine(
      '70 22 0:60 / /mnt/x rw shared:1 master:2 propagate_from:3 - nfs s:/e rw',
    );
    expect(e).toMatchObject({ mountPoint: '/mnt/x', fsType: 'nfs', source: 's:/e' });
  });

  it('takes the mount on top when several are stacked on one point', () => {
    const entries = parseMountInfo(TABLE);
    expect(mountAt(entries, '/mnt/homelab/media')?.fsType).toBe('tmpfs');
    expect(mountAt(entries, '/mnt/homelab/nothing')).toBeUndefined();
  });

  it('recognises an SMB share by its UNC regardless of case, and NFS by server:/export', () => {
    const entries = parseMountInfo(TABLE);
    expect(isShareMount(smb, entries[1]!)).toBe(true);
    expect(isShareMount(nfs, entries[2]!)).toBe(true);
    expect(isShareMount({ ...nfs, server: 'nas.lan', share: '/srv/old stuff' }, entries[3]!)).toBe(
      true,
    );
    expect(isShareMount({ ...nfs, share: '/export/other' }, entries[2]!)).toBe(false);
    expect(isShareMount({ ...smb, protocol: 'nfs' }, entries[1]!)).toBe(false);
  });

  it('does not count a bind mount of a subfolder, or a tmpfs with a share-like source, as the share', () => {
    const entries = parseMountInfo(TABLE);
    expect(isShareMount({ ...smb, mountPoint: '/srv/movies' }, entries[4]!)).toBe(false);
    const fake = parseMountLine('80 22 0:70 / /mnt/homelab/media rw - tmpfs //nas.lan/media rw')!;
    expect(isShareMount(smb, fake)).toBe(false);
  });
});

describe('mount arguments', () => {
  it('spells the source, port and options mount(8) gets', () => {
    expect(mountSource(smb)).toBe('//nas.lan/media');
    expect(mountSource(nfs)).toBe('10.0.0.5:/export/backups');
    expect(mountSource({ ...nfs, server: 'fd00::5' })).toBe('[fd00::5]:/export/backups');
    expect(sharePort(smb)).toBe(445);
    expect(sharePort(nfs)).toBe(2050);
    expect(mountOptions(smb)).toBe(
      'vers=3.1.1,ro,nosuid,nodev,noexec,credentials=/etc/homelab/nas.cred',
    );
    expect(mountOptions({ ...nfs, options: '' })).toBe('nosuid,nodev,noexec');
    expect(fstabLine({ ...nfs, share: '/export/old stuff' })).toBe(
      '10.0.0.5:/export/old\\040stuff /mnt/homelab/backups nfs port=2050,nosuid,nodev,noexec,user,noauto 0 0',
    );
  });
});
