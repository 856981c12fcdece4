import { describe, expect, it } from 'vitest';
import {
  isSample,
  libraryStem,
  parseReleaseName,
  sanitiseTitle,
  splitExtension,
  subtitleSuffix,
  type MediaName,
} from './naming.ts';

function named(stem: string): MediaName {
  const result = parseReleaseName(stem);
  if (!result.ok) throw new Error(`${stem}: ${result.reason}`);
  return result.name;
}
const stemOf = (stem: string) => libraryStem(named(stem));

describe('movies', () => {
  it.each([
    ['The.Matrix.1999.1080p.BluRay.x264-GROUP', 'The Matrix (1999)/The Matrix (1999)'],
    ['The Matrix (1999)', 'The Matrix (1999)/The Matrix (1999)'],
    ['The_Matrix_1999_720p_HDTV', 'The Matrix (1999)/The Matrix (1999)'],
    ['Inception [2010] [1080p] [YTS.MX]', 'Inception (2010)/Inception (2010)'],
    [
      'Blade.Runner.2049.2017.2160p.UHD.BluRay.x265-TERMiNAL',
      'Blade Runner 2049 (2017)/Blade Runner 2049 (2017)',
    ],
    ['1917.2019.1080p.WEB-DL.DD5.1.H264-FGT', '1917 (2019)/1917 (2019)'],
    [
      '2001.A.Space.Odyssey.1968.REMASTERED.1080p',
      '2001 A Space Odyssey (1968)/2001 A Space Odyssey (1968)',
    ],
    [
      'the.lord.of.the.rings.2001.extended.720p',
      'The Lord of the Rings (2001)/The Lord of the Rings (2001)',
    ],
    ['[Group] Amelie 2001 DVDRip XviD', 'Amelie (2001)/Amelie (2001)'],
    ['Movie.Title.2015.PROPER.REPACK.1080p.WEB-DL', 'Movie Title (2015)/Movie Title (2015)'],
    ['Heat (1995) 4K HDR', 'Heat (1995)/Heat (1995)'],
    ['Se7en.1995.1080p', 'Se7en (1995)/Se7en (1995)'],
    ['The.Complete.Guide.2019.1080p', 'The Complete Guide (2019)/The Complete Guide (2019)'],
    ['Web.2013.WEBRip', 'Web (2013)/Web (2013)'],
    ['Limited.2020.LIMITED.720p', 'Limited (2020)/Limited (2020)'],
    ['Old.Movie.1950.1080p.x264-2020', 'Old Movie (1950)/Old Movie (1950)'],
  ])('%s → %s', (stem, expected) => {
    expect(stemOf(stem)).toBe(expected);
  });

  it('keeps the title and year as fields', () => {
    expect(named('Alien.1979.Directors.Cut.1080p')).toEqual({
      type: 'movie',
      title: 'Alien',
      year: 1979,
    });
  });

  it('reports a movie without a year, or without a title, instead of guessing', () => {
    expect(parseReleaseName('Some.Movie.1080p.BluRay')).toEqual({
      ok: false,
      reason: 'no year or episode number found in the name',
    });
    expect(parseReleaseName('abc123')).toMatchObject({ ok: false });
    expect(parseReleaseName('1999')).toMatchObject({ ok: false });
  });
});

describe('episodes', () => {
  it.each([
    ['Breaking.Bad.S01E02.720p.HDTV.x264-CTU', 'Breaking Bad/Season 01/Breaking Bad - S01E02'],
    ['Breaking Bad - S01E02 - Cats in the Bag', 'Breaking Bad/Season 01/Breaking Bad - S01E02'],
    ['breaking_bad_s1e2', 'Breaking Bad/Season 01/Breaking Bad - S01E02'],
    ['The.Office.US.S02E01E02.720p', 'The Office US/Season 02/The Office US - S02E01-E02'],
    ['The.Office.US.S02E01-E02.720p', 'The Office US/Season 02/The Office US - S02E01-E02'],
    ['Friends.S05E14-15.DVDRip', 'Friends/Season 05/Friends - S05E14-E15'],
    ['Friends.1x02.The.One.With.The.Sonogram', 'Friends/Season 01/Friends - S01E02'],
    ['Friends 10x17-18', 'Friends/Season 10/Friends - S10E17-E18'],
    [
      'Doctor.Who.2005.S03E10.Blink.1080p',
      'Doctor Who (2005)/Season 03/Doctor Who (2005) - S03E10',
    ],
    ['Doctor Who (2005) S03E10', 'Doctor Who (2005)/Season 03/Doctor Who (2005) - S03E10'],
    ['One.Piece.S01E1071.1080p', 'One Piece/Season 01/One Piece - S01E1071'],
    ['Show.Name.S00E05.Special', 'Show Name/Season 00/Show Name - S00E05'],
    ['Show.Name.S01.E03.720p', 'Show Name/Season 01/Show Name - S01E03'],
    ['[Grp] Show Name S02E03 [1080p]', 'Show Name/Season 02/Show Name - S02E03'],
  ])('%s → %s', (stem, expected) => {
    expect(stemOf(stem)).toBe(expected);
  });

  it('keeps season, episode and range as numbers', () => {
    expect(named('Lost.S04E12-E13')).toEqual({
      type: 'episode',
      show: 'Lost',
      year: null,
      season: 4,
      episode: 12,
      lastEpisode: 13,
    });
  });

  it('does not take a resolution or codec for an episode', () => {
    expect(named('Movie.2012.1920x1080.x264')).toMatchObject({ type: 'movie', year: 2012 });
    expect(named('Big.Movie.2008.1080p.x265.10bit')).toMatchObject({
      type: 'movie',
      title: 'Big Movie',
    });
  });

  it('reports an episode without a show name and a backwards range', () => {
    expect(parseReleaseName('S01E02')).toMatchObject({ ok: false });
    expect(parseReleaseName('Show.S01E05-E03')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/backwards/),
    });
  });
});

describe('sanitiseTitle', () => {
  it.each([
    ['Star Wars: Episode IV', 'Star Wars - Episode IV'],
    ['What If?', 'What If'],
    ['AC/DC Live', 'AC DC Live'],
    ['Back\\slash "quoted" <tag> a|b *', 'Back slash quoted tag a b'],
    ['Ends with dots...', 'Ends with dots'],
    ['..hidden', 'hidden'],
    ['Tab\tand\u0007bell', 'Tab andbell'],
    ['   spaced   out   ', 'spaced out'],
  ])('%j → %j', (input, expected) => {
    expect(sanitiseTitle(input)).toBe(expected);
  });

  it('never leaves a forbidden character, a trailing dot or a path segment', () => {
    const nasty = ['../../etc/passwd', 'a:b*c?d"e<f>g|h', 'C:\\Windows\\.', '.', '..', 'x. . .'];
    for (const n of nasty) {
      const s = sanitiseTitle(n);
      expect(s).not.toMatch(/[/\\:*?"<>|]/);
      expect(s).not.toMatch(/\.$/);
      expect(s).not.toMatch(/^\./);
    }
  });

  it('cuts very long titles', () => {
    expect(sanitiseTitle('a'.repeat(400)).length).toBe(150);
  });

  it('sanitises parsed titles, so a name cannot climb out of its library', () => {
    expect(stemOf('..%2F..Evil: Title.2019')).toBe(
      '%2F Evil - Title (2019)/%2F Evil - Title (2019)',
    );
  });
});

describe('helpers', () => {
  it('splits extensions', () => {
    expect(splitExtension('Movie.2010.MKV')).toEqual({ stem: 'Movie.2010', ext: 'mkv' });
    expect(splitExtension('README')).toEqual({ stem: 'README', ext: '' });
    expect(splitExtension('.hidden')).toEqual({ stem: '.hidden', ext: '' });
  });

  it('recognises sample files', () => {
    expect(isSample('sample')).toBe(true);
    expect(isSample('Movie.2010.1080p-sample')).toBe(true);
    expect(isSample('Movie.2010.SAMPLE')).toBe(true);
    expect(isSample('Samples.Of.Life.2010')).toBe(false);
    expect(isSample('Free.Sampler.2010')).toBe(false);
  });

  it('reads subtitle language suffixes', () => {
    expect(subtitleSuffix('Movie.2010.en')).toEqual({ base: 'Movie.2010', suffix: '.en' });
    expect(subtitleSuffix('Movie.2010.eng.forced')).toEqual({
      base: 'Movie.2010',
      suffix: '.eng.forced',
    });
    expect(subtitleSuffix('Movie.2010.pt-BR')).toEqual({ base: 'Movie.2010', suffix: '.pt-br' });
    expect(subtitleSuffix('Movie.2010')).toEqual({ base: 'Movie.2010', suffix: '' });
    expect(subtitleSuffix('Movie.2010.DTS')).toEqual({ base: 'Movie.2010.DTS', suffix: '' });
  });
});
