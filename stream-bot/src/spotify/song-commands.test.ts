import { describe, expect, it } from 'vitest';
import { parseRequest, trackLine } from './song-commands.ts';

const ID = '4uLU6hMCjMI75M1A2tKUQC';

describe('reading what follows !sr', () => {
  it('takes the track id from a link (with locale and share parameters) or a URI', () => {
    expect(parseRequest(`https://open.spotify.com/track/${ID}`)).toEqual({ id: ID });
    expect(parseRequest(` https://open.spotify.com/intl-de/track/${ID}?si=abc123 `)).toEqual({
      id: ID,
    });
    expect(parseRequest(`spotify:track:${ID}`)).toEqual({ id: ID });
  });

  it('searches for anything else', () => {
    expect(parseRequest('  never gonna give you up ')).toEqual({
      search: 'never gonna give you up',
    });
  });

  it('names what is wrong with nothing, other Spotify links and over-long searches', () => {
    expect(parseRequest('')).toEqual({ invalid: expect.stringMatching(/^say which song/) });
    expect(parseRequest(`https://open.spotify.com/album/${ID}`)).toEqual({
      invalid: expect.stringMatching(/not a Spotify track link/),
    });
    expect(parseRequest(`spotify:playlist:${ID}`)).toEqual({
      invalid: expect.stringMatching(/not a Spotify track link/),
    });
    expect(parseRequest('https://open.spotify.com/track/short')).toEqual({
      invalid: expect.stringMatching(/not a Spotify track link/),
    });
    expect(parseRequest('x'.repeat(201))).toEqual({
      invalid: expect.stringMatching(/too long/),
    });
  });

  it('writes a track as title — artists', () => {
    expect(
      trackLine({
        id: ID,
        uri: `spotify:track:${ID}`,
        name: 'Bad Guy',
        artists: ['Billie Eilish', 'Finneas'],
        album: null,
        durationMs: 1,
        url: '',
      }),
    ).toBe('Bad Guy — Billie Eilish, Finneas');
  });
});
