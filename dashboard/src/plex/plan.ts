// What an import would do with the files of the import folder: each video's
// place in the movie or TV library, each subtitle following its video, and
// every other file skipped with its reason. Pure: the scan hands the files in.
import {
  isSample,
  libraryStem,
  parseReleaseName,
  splitExtension,
  subtitleSuffix,
  SUBTITLE_EXTENSIONS,
  VIDEO_EXTENSIONS,
  type MediaName,
  type ParseResult,
} from './naming.ts';

export type Library = 'movies' | 'tv';

export interface ScannedFile {
  /** Relative to the import folder, with forward slashes. */
  path: string;
  size: number;
}

export type SkipCode =
  | 'not_media'
  | 'sample'
  | 'unparseable'
  | 'orphan_subtitle'
  | 'same_target'
  | 'no_library'
  | 'symlink'
  | 'not_a_file';

export interface SkippedFile {
  path: string;
  code: SkipCode;
  reason: string;
}

export interface PlannedFile {
  source: string;
  size: number;
  library: Library;
  /** Relative to the library folder, with forward slashes. */
  target: string;
  kind: 'video' | 'subtitle';
  name: MediaName;
}

export interface ImportPlan {
  files: PlannedFile[];
  skipped: SkippedFile[];
}

const LANGUAGE_NAMES: Record<string, string> = {
  english: 'en',
  french: 'fr',
  german: 'de',
  spanish: 'es',
  italian: 'it',
  dutch: 'nl',
  portuguese: 'pt',
  swedish: 'sv',
  norwegian: 'no',
  danish: 'da',
  finnish: 'fi',
  polish: 'pl',
  russian: 'ru',
  japanese: 'ja',
  korean: 'ko',
  chinese: 'zh',
  arabic: 'ar',
  turkish: 'tr',
};

const SEASON_FOLDER = /^(season|series|staffel|saison)?[\s._-]*\d{1,2}$|^s\d{1,2}$/i;
const SUBS_FOLDER = /^(subs?|subtitles?)$/i;

const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const baseOf = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/**
 * Reads a video's name from its file name, else from its folders (nearest first):
 * `Movie.2010.1080p/abc.mkv`, or `Show/Season 1/S01E02.mkv` (show from the folder).
 */
function parseVideo(path: string): ParseResult {
  const segments = path.split('/');
  const { stem } = splitExtension(segments.pop() ?? '');
  const own = parseReleaseName(stem);
  if (own.ok) return own;
  const folders = segments.reverse();
  const bareEpisode = parseReleaseName(`Show ${stem}`);
  if (bareEpisode.ok && bareEpisode.name.type === 'episode') {
    const showFolder = folders.find((f) => !SEASON_FOLDER.test(f));
    const show = showFolder === undefined ? undefined : parseReleaseName(`${showFolder} 1x01`);
    if (show?.ok && show.name.type === 'episode') {
      return {
        ok: true,
        name: { ...bareEpisode.name, show: show.name.show, year: show.name.year },
      };
    }
  }
  for (const folder of folders) {
    const fromFolder = parseReleaseName(folder);
    if (fromFolder.ok) return fromFolder;
  }
  return own;
}

function skip(path: string, code: SkipCode, reason: string): SkippedFile {
  return { path, code, reason };
}

const libraryOf = (name: MediaName): Library => (name.type === 'movie' ? 'movies' : 'tv');
const VARIABLE: Record<Library, string> = { movies: 'PLEX_MOVIES_DIR', tv: 'PLEX_TV_DIR' };

/** Plans every file; `libraries` says which library folders are configured. */
export function planImport(
  scanned: ScannedFile[],
  libraries: Record<Library, boolean>,
): ImportPlan {
  const sorted = [...scanned].sort((a, b) => a.path.localeCompare(b.path));
  const skipped: SkippedFile[] = [];
  const videos: PlannedFile[] = [];
  const subtitles: ScannedFile[] = [];

  for (const file of sorted) {
    const { stem, ext } = splitExtension(baseOf(file.path));
    if (baseOf(file.path).startsWith('.')) {
      skipped.push(skip(file.path, 'not_media', 'hidden file'));
    } else if (SUBTITLE_EXTENSIONS.has(ext)) {
      subtitles.push(file);
    } else if (!VIDEO_EXTENSIONS.has(ext)) {
      skipped.push(
        skip(file.path, 'not_media', `not a video or subtitle (.${ext || 'no extension'})`),
      );
    } else if (
      isSample(stem) ||
      file.path
        .split('/')
        .slice(0, -1)
        .some((d) => /^samples?$/i.test(d))
    ) {
      skipped.push(skip(file.path, 'sample', 'sample file'));
    } else {
      const parsed = parseVideo(file.path);
      if (!parsed.ok) {
        skipped.push(
          skip(file.path, 'unparseable', `cannot read a movie or episode: ${parsed.reason}`),
        );
        continue;
      }
      const library = libraryOf(parsed.name);
      if (!libraries[library]) {
        const what = parsed.name.type === 'movie' ? 'a movie' : 'an episode';
        skipped.push(skip(file.path, 'no_library', `${what}, but ${VARIABLE[library]} is not set`));
        continue;
      }
      const target = `${libraryStem(parsed.name)}.${ext}`;
      videos.push({
        source: file.path,
        size: file.size,
        library,
        target,
        kind: 'video',
        name: parsed.name,
      });
    }
  }

  const placed = dropSharedTargets(videos, skipped);
  const withSubs = [...placed, ...placeSubtitles(subtitles, placed, skipped)];
  const files = dropSharedTargets(withSubs, skipped);
  skipped.sort((a, b) => a.path.localeCompare(b.path));
  return { files, skipped };
}

/** Two sources for one target (a 720p and a 1080p copy): neither is imported, both reported. */
function dropSharedTargets(files: PlannedFile[], skipped: SkippedFile[]): PlannedFile[] {
  const count = new Map<string, number>();
  const key = (f: PlannedFile) => `${f.library}/${f.target.toLowerCase()}`;
  for (const f of files) count.set(key(f), (count.get(key(f)) ?? 0) + 1);
  return files.filter((f) => {
    if ((count.get(key(f)) ?? 0) < 2) return true;
    skipped.push(
      skip(f.source, 'same_target', `another file of the import would also become ${f.target}`),
    );
    return false;
  });
}

function languageOf(stem: string): string {
  const { suffix } = subtitleSuffix(stem);
  if (suffix) return suffix;
  const word = stem.toLowerCase().replace(/^[\d\s._-]+/, '');
  const code = LANGUAGE_NAMES[word];
  return code ? `.${code}` : '';
}

/**
 * A subtitle follows the video of the same name in its folder (`Movie.mkv` +
 * `Movie.en.srt`), else the one video of its folder (or of the folder above a
 * `Subs` folder).
 */
function placeSubtitles(subs: ScannedFile[], videos: PlannedFile[], skipped: SkippedFile[]) {
  const placed: PlannedFile[] = [];
  for (const sub of subs) {
    const { stem, ext } = splitExtension(baseOf(sub.path));
    const dir = dirOf(sub.path);
    const { base, suffix } = subtitleSuffix(stem);
    const sameName = videos.find(
      (v) => dirOf(v.source) === dir && splitExtension(baseOf(v.source)).stem === base,
    );
    let video = sameName;
    let lang = suffix;
    if (!video) {
      const home = SUBS_FOLDER.test(baseOf(dir)) ? dirOf(dir) : dir;
      const near = videos.filter((v) => dirOf(v.source) === home);
      if (near.length === 1) {
        video = near[0];
        lang = languageOf(stem);
      }
    }
    if (!video) {
      skipped.push(
        skip(sub.path, 'orphan_subtitle', 'subtitle without a video of the same name beside it'),
      );
      continue;
    }
    const videoStem = video.target.slice(0, video.target.lastIndexOf('.'));
    placed.push({
      source: sub.path,
      size: sub.size,
      library: video.library,
      target: `${videoStem}${lang}.${ext}`,
      kind: 'subtitle',
      name: video.name,
    });
  }
  return placed;
}
