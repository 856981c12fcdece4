import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlexStandIn, type PlexStandIn } from '../../../tools/test-env/plex-stand-in.ts';
import { createPlexClient, PlexError } from './plex-client.ts';
import { refreshPlex } from './refresh.ts';
import { checkSettings } from './settings.ts';

let plex: PlexStandIn;

beforeAll(async () => {
  plex = await startPlexStandIn({
    sections: [
      { key: '1', type: 'movie', title: 'Movies', locations: ['/media/movies', '/nas/films'] },
      { key: '7', type: 'show', title: 'TV', locations: ['/media/tv/'] },
    ],
  });
});
afterAll(() => plex.close());

describe('the Plex client against the stand-in', () => {
  it('reads identity and sections as JSON, sending the token in a header', async () => {
    const client = createPlexClient({ url: `${plex.url}/`, token: plex.token });
    expect(await client.identity()).toEqual({
      machineIdentifier: plex.machineIdentifier,
      version: expect.any(String),
    });
    expect(await client.sections()).toEqual([
      { key: '1', type: 'movie', title: 'Movies', locations: ['/media/movies', '/nas/films'] },
      { key: '7', type: 'show', title: 'TV', locations: ['/media/tv/'] },
    ]);
  });

  it('serves XML by default and takes the token from the query too, as Plex does', async () => {
    const res = await fetch(`${plex.url}/library/sections?X-Plex-Token=${plex.token}`);
    const xml = await res.text();
    expect(res.headers.get('content-type')).toMatch(/xml/);
    expect(xml).toMatch(/<MediaContainer size="2"/);
    expect(xml).toMatch(
      /<Directory [^>]*key="7" type="show" title="TV"[^>]*><Location id="\d+" path="\/media\/tv\/" \/><\/Directory>/,
    );
  });

  it('says when the token is wrong or the server is gone', async () => {
    const wrong = createPlexClient({ url: plex.url, token: 'nope' });
    await expect(wrong.sections()).rejects.toThrow(/refused the token/);
    const gone = createPlexClient({ url: 'http://127.0.0.1:9', token: 'x', timeoutMs: 1000 });
    await expect(gone.identity()).rejects.toBeInstanceOf(PlexError);
    await expect(
      createPlexClient({ url: plex.url, token: plex.token }).refresh('99'),
    ).rejects.toThrow(/404/);
  });
});

describe('refreshPlex', () => {
  it('scans each folder in the section that contains it, and names folders no section holds', async () => {
    plex.refreshes.length = 0;
    const client = createPlexClient({ url: plex.url, token: plex.token });
    const outcome = await refreshPlex(client, [
      '/nas/films/Up (2009)',
      '/media/tv/Lost',
      '/media/tv/Lost',
      '/media/moviesextra/X (2001)',
    ]);
    expect(outcome.status).toBe('partial');
    expect(outcome.note).toMatch(
      /No Plex library folder contains \/media\/moviesextra\/X \(2001\)/,
    );
    expect(plex.refreshes.map((r) => [r.sectionKey, r.path])).toEqual([
      ['1', '/nas/films/Up (2009)'],
      ['7', '/media/tv/Lost'],
    ]);
  });

  it('refreshes a whole section rather than many folders', async () => {
    plex.refreshes.length = 0;
    const client = createPlexClient({ url: plex.url, token: plex.token });
    const folders = Array.from({ length: 8 }, (_, i) => `/media/tv/Show ${i}`);
    expect((await refreshPlex(client, folders)).status).toBe('done');
    expect(plex.refreshes.map((r) => [r.sectionKey, r.path])).toEqual([['7', null]]);
  });

  it('skips without a client or without new files, saying why', async () => {
    expect(await refreshPlex(null, ['/media/tv/Lost'])).toMatchObject({
      status: 'skipped',
      note: expect.stringMatching(/PLEX_URL is not set/),
    });
    const client = createPlexClient({ url: plex.url, token: plex.token });
    expect(await refreshPlex(client, [])).toMatchObject({ status: 'skipped' });
  });
});

describe('checkSettings', () => {
  const none = {
    url: undefined,
    token: undefined,
    importDir: undefined,
    moviesDir: undefined,
    tvDir: undefined,
  };

  it('says what to set when nothing is', () => {
    expect(checkSettings(none)).toEqual({
      ok: false,
      problems: [
        'Set PLEX_IMPORT_DIR to the folder new media arrives in.',
        'Set PLEX_MOVIES_DIR and/or PLEX_TV_DIR to the folders of your Plex libraries.',
      ],
    });
  });

  it('refuses an import folder inside a library or around one', () => {
    const inside = checkSettings({
      ...none,
      importDir: '/media/movies/incoming',
      moviesDir: '/media/movies',
    });
    expect(inside).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/PLEX_MOVIES_DIR overlap/)],
    });
    const around = checkSettings({ ...none, importDir: '/media', tvDir: '/media/tv' });
    expect(around).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/PLEX_TV_DIR overlap/)],
    });
  });

  it('accepts an import folder and one library', () => {
    expect(checkSettings({ ...none, importDir: '/in', tvDir: '/media/tv' })).toEqual({
      ok: true,
      importDir: '/in',
      libraries: { tv: '/media/tv' },
    });
  });
});
