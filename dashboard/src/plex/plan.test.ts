import { describe, expect, it } from 'vitest';
import { planImport, type ScannedFile } from './plan.ts';

const both = { movies: true, tv: true };
const files = (...paths: string[]): ScannedFile[] => paths.map((path) => ({ path, size: 10 }));
const targets = (paths: string[], libraries = both) =>
  Object.fromEntries(
    planImport(files(...paths), libraries).files.map((f) => [f.source, `${f.library}:${f.target}`]),
  );
const skips = (paths: string[], libraries = both) =>
  Object.fromEntries(planImport(files(...paths), libraries).skipped.map((s) => [s.path, s.code]));

describe('planImport', () => {
  it('places movies and episodes in their libraries', () => {
    expect(
      targets([
        'The.Matrix.1999.1080p.BluRay.x264-GRP/The.Matrix.1999.1080p.BluRay.x264-GRP.mkv',
        'Breaking.Bad.S01E02.720p.HDTV.x264-CTU.mkv',
        'tv/Friends.1x03.avi',
      ]),
    ).toEqual({
      'The.Matrix.1999.1080p.BluRay.x264-GRP/The.Matrix.1999.1080p.BluRay.x264-GRP.mkv':
        'movies:The Matrix (1999)/The Matrix (1999).mkv',
      'Breaking.Bad.S01E02.720p.HDTV.x264-CTU.mkv':
        'tv:Breaking Bad/Season 01/Breaking Bad - S01E02.mkv',
      'tv/Friends.1x03.avi': 'tv:Friends/Season 01/Friends - S01E03.avi',
    });
  });

  it('reads the name from the folder when the file name says nothing', () => {
    expect(
      targets(['Heat.1995.1080p.BluRay/hx-heat1080.mkv', 'The Wire/Season 2/S02E05.mkv']),
    ).toEqual({
      'Heat.1995.1080p.BluRay/hx-heat1080.mkv': 'movies:Heat (1995)/Heat (1995).mkv',
      'The Wire/Season 2/S02E05.mkv': 'tv:The Wire/Season 02/The Wire - S02E05.mkv',
    });
  });

  it('lets subtitles follow their video', () => {
    expect(
      targets([
        'Movie.2010.1080p/Movie.2010.1080p.mkv',
        'Movie.2010.1080p/Movie.2010.1080p.en.srt',
        'Movie.2010.1080p/Movie.2010.1080p.eng.forced.srt',
        'Movie.2010.1080p/Subs/3_French.srt',
        'Show.S01E01.mkv',
        'Show.S01E01.srt',
      ]),
    ).toEqual({
      'Movie.2010.1080p/Movie.2010.1080p.mkv': 'movies:Movie (2010)/Movie (2010).mkv',
      'Movie.2010.1080p/Movie.2010.1080p.en.srt': 'movies:Movie (2010)/Movie (2010).en.srt',
      'Movie.2010.1080p/Movie.2010.1080p.eng.forced.srt':
        'movies:Movie (2010)/Movie (2010).eng.forced.srt',
      'Movie.2010.1080p/Subs/3_French.srt': 'movies:Movie (2010)/Movie (2010).fr.srt',
      'Show.S01E01.mkv': 'tv:Show/Season 01/Show - S01E01.mkv',
      'Show.S01E01.srt': 'tv:Show/Season 01/Show - S01E01.srt',
    });
  });

  it('skips samples, non-media, hidden files and orphan subtitles with reasons', () => {
    const plan = planImport(
      files(
        'Movie.2010/Sample/movie.2010.sample.mkv',
        'Movie.2010/movie-sample.mkv',
        'Movie.2010/Movie.2010.nfo',
        'Movie.2010/cover.jpg',
        '.DS_Store',
        'Other.2011.en.srt',
        'download.part',
      ),
      both,
    );
    expect(plan.files).toEqual([]);
    expect(Object.fromEntries(plan.skipped.map((s) => [s.path, s.code]))).toEqual({
      'Movie.2010/Sample/movie.2010.sample.mkv': 'sample',
      'Movie.2010/movie-sample.mkv': 'sample',
      'Movie.2010/Movie.2010.nfo': 'not_media',
      'Movie.2010/cover.jpg': 'not_media',
      '.DS_Store': 'not_media',
      'Other.2011.en.srt': 'orphan_subtitle',
      'download.part': 'not_media',
    });
    for (const s of plan.skipped) expect(s.reason.length).toBeGreaterThan(5);
  });

  it('reports unparseable videos instead of moving them', () => {
    const plan = planImport(files('random-video.mkv', 'stuff/clip.mp4'), both);
    expect(plan.files).toEqual([]);
    expect(plan.skipped.map((s) => s.code)).toEqual(['unparseable', 'unparseable']);
    expect(plan.skipped[0]!.reason).toMatch(/cannot read a movie or episode/);
  });

  it('imports neither of two files that would share a target', () => {
    expect(skips(['Movie.2010.720p.mkv', 'Movie.2010.1080p.mkv'])).toEqual({
      'Movie.2010.720p.mkv': 'same_target',
      'Movie.2010.1080p.mkv': 'same_target',
    });
  });

  it('skips media whose library folder is not configured, naming the variable', () => {
    const plan = planImport(files('Movie.2010.mkv', 'Show.S01E01.mkv'), {
      movies: true,
      tv: false,
    });
    expect(plan.files.map((f) => f.source)).toEqual(['Movie.2010.mkv']);
    expect(plan.skipped).toEqual([
      {
        path: 'Show.S01E01.mkv',
        code: 'no_library',
        reason: 'an episode, but PLEX_TV_DIR is not set',
      },
    ]);
  });

  it('never plans a target with a parent-directory segment', () => {
    const plan = planImport(
      files('../..Evil.2019.mkv', 'x/..:..S01E01.mkv', '.. ..2019.mkv'),
      both,
    );
    for (const f of plan.files) {
      expect(f.target.split('/')).not.toContain('..');
      expect(f.target).not.toMatch(/^\//);
    }
  });
});
