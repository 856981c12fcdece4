// Release file names → Plex's naming. Pure: no file system, no Plex. A movie
// becomes `Title (Year)/Title (Year).ext`, an episode
// `Show/Season NN/Show - SxxEyy.ext`; everything a release adds after the
// title (quality, codec, source, group) is dropped. What cannot be read is
// reported with a reason, never guessed.

// prettier-ignore
export const VIDEO_EXTENSIONS = new Set([
  'mkv', 'mp4', 'm4v', 'avi', 'mov', 'wmv', 'mpg', 'mpeg', 'ts', 'm2ts', 'webm', 'flv', 'ogm',
]);
export const SUBTITLE_EXTENSIONS = new Set(['srt', 'ass', 'ssa', 'sub', 'idx', 'vtt', 'smi']);

export interface MovieName {
  type: 'movie';
  title: string;
  year: number;
}

export interface EpisodeName {
  type: 'episode';
  show: string;
  /** The show's year when the release names one (`Doctor.Who.2005.S01E01`). */
  year: number | null;
  season: number;
  episode: number;
  /** The last episode of a multi-episode file (`S01E01-E02`), else null. */
  lastEpisode: number | null;
}

export type MediaName = MovieName | EpisodeName;

export type ParseResult = { ok: true; name: MediaName } | { ok: false; reason: string };

/**
 * Words that only a release adds (resolution, source, codec, audio): the title
 * ends at the first of them, so a year-like number after them (a group called
 * -2020) is never taken for the year. Words that can also be part of a title
 * (Complete, Limited, Web …) are not here; the year ends the title before them.
 */
// prettier-ignore
const RELEASE_TAGS = new Set([
  '480p', '576p', '720p', '1080p', '1080i', '2160p', '4320p', '4k', '8k',
  'bluray', 'blu-ray', 'bdrip', 'brrip', 'bdremux', 'remux', 'dvdrip', 'dvdscr', 'dvd5', 'dvd9',
  'hdtv', 'pdtv', 'sdtv', 'hdrip', 'webrip', 'web-dl', 'webdl', 'hdcam', 'telesync',
  'x264', 'x265', 'h264', 'h265', 'h.264', 'h.265', 'hevc', 'xvid', 'divx', 'av1', '10bit',
  'hdr10', 'hdr10+', 'aac', 'aac2.0', 'ac3', 'eac3', 'dd5.1', 'ddp5.1', 'dts', 'dts-hd',
  'truehd', 'atmos', 'flac',
]);

/** Tokens of a release name: split on dots, underscores, spaces (hyphens stay inside words). */
function tokens(text: string): string[] {
  return text.replace(/[._]/g, ' ').split(/\s+/).filter(Boolean);
}

/** Splits `name.ext` (the extension lower-cased); no extension gives ''. */
export function splitExtension(fileName: string): { stem: string; ext: string } {
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0 || dot === fileName.length - 1) return { stem: fileName, ext: '' };
  return { stem: fileName.slice(0, dot), ext: fileName.slice(dot + 1).toLowerCase() };
}

/** `sample.mkv`, `Movie-sample.mkv`, `Movie.2010.SAMPLE.mkv` (not `Samples of Life`). */
export function isSample(stem: string): boolean {
  return /(^|[\s._-])sample($|[\s._-])/i.test(stem);
}

const SMALL_WORDS = new Set('a an and at by for in of on or the to'.split(' '));

/** All-lower-case titles get capitals; anything else keeps the release's own casing. */
function capitalise(title: string): string {
  if (title !== title.toLowerCase()) return title;
  return title
    .split(' ')
    .map((w, i) => (i > 0 && SMALL_WORDS.has(w) ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');
}

/**
 * A title safe as a folder or file name on every file system Plex runs on: no
 * `/ \ : * ? " < > |` or control characters, no leading or trailing dots or spaces.
 */
export function sanitiseTitle(title: string): string {
  const cleaned = title
    .normalize('NFC')
    .replace(/\s/g, ' ')
    .replace(/\s*:\s*/g, ' - ')
    .replace(/[/\\*?"<>|]/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.-]+|[\s.]+$/g, '');
  return cleaned.length > 150 ? cleaned.slice(0, 150).replace(/[\s.]+$/, '') : cleaned;
}

/** Drops a leading `[Group]` / `(Group)` and trailing separators; tokens → words. */
function cleanTitle(raw: string): string {
  const text = raw.replace(/^\s*[[(][^\])]*[\])]\s*/, '').replace(/[[\](){}]/g, ' ');
  const words = tokens(text).join(' ');
  return capitalise(sanitiseTitle(words.replace(/[\s-]+$/, '').replace(/^[\s-]+/, '')));
}

/** The part of a name before its first release tag (quality, source, codec …). */
function beforeTags(stem: string): string {
  const parts = stem.split(/([\s._[\]()-]+)/);
  let out = '';
  for (let i = 0; i < parts.length; i += 2) {
    const word = (parts[i] ?? '').toLowerCase();
    // A tag only ends the title after at least one word (a movie called "Web" stays).
    if (out.trim() && RELEASE_TAGS.has(word)) return out;
    // Hyphenated tags such as web-dl / dts-hd span a separator.
    const next = `${word}-${(parts[i + 2] ?? '').toLowerCase()}`;
    if (out.trim() && parts[i + 1] === '-' && RELEASE_TAGS.has(next)) return out;
    out += (parts[i] ?? '') + (parts[i + 1] ?? '');
  }
  return out;
}

const EPISODE_PATTERNS: RegExp[] = [
  // S01E02, s1e2, S01E02E03, S01E02-E03, S01E02-03, S01 E02
  /(?:^|[\s._\-[(])s(\d{1,2})[\s._-]?e(\d{1,4})(?:(?:-?e|-)(\d{1,4}))?(?![\dp])/i,
  // 1x02, 1x02-03, 1x02-1x03
  /(?:^|[\s._\-[(])(\d{1,2})x(\d{2,3})(?:-(?:\d{1,2}x)?(\d{2,3}))?(?![\dp])/i,
];

function parseEpisode(stem: string): ParseResult | null {
  for (const pattern of EPISODE_PATTERNS) {
    const m = pattern.exec(stem);
    if (!m) continue;
    const season = Number(m[1]);
    const episode = Number(m[2]);
    const last = m[3] === undefined ? null : Number(m[3]);
    const head = stem.slice(0, m.index + (/^[\s._\-[(]/.test(m[0]) ? 1 : 0));
    const { title, year } = splitYear(head);
    if (!title) return { ok: false, reason: 'an episode number but no show name' };
    if (last !== null && last <= episode) {
      return { ok: false, reason: `episode range E${episode}-E${last} runs backwards` };
    }
    return {
      ok: true,
      name: { type: 'episode', show: title, year, season, episode, lastEpisode: last },
    };
  }
  return null;
}

/** Finds the release year: the last 1900–2099 token with some title before it. */
function splitYear(head: string): { title: string; year: number | null } {
  const re = /(?:^|[\s._\-[(])((?:19|20)\d{2})(?=$|[\s._\-\])])/g;
  let best: { title: string; year: number } | null = null;
  for (const m of head.matchAll(re)) {
    const lead = /^[\s._\-[(]/.test(m[0]) ? 1 : 0;
    const title = cleanTitle(head.slice(0, m.index + lead));
    if (title) best = { title, year: Number(m[1]) };
  }
  return best ?? { title: cleanTitle(head), year: null };
}

/** Reads a movie or an episode from a release's file (or folder) name, without extension. */
export function parseReleaseName(stem: string): ParseResult {
  const episode = parseEpisode(stem);
  if (episode) return episode;
  const { title, year } = splitYear(beforeTags(stem));
  if (!title) return { ok: false, reason: 'no title found in the name' };
  if (year === null) return { ok: false, reason: 'no year or episode number found in the name' };
  return { ok: true, name: { type: 'movie', title, year } };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `Title (Year)` or the show's folder name (`Show (Year)` when the release names a year). */
export function folderName(name: MediaName): string {
  if (name.type === 'movie') return `${name.title} (${name.year})`;
  return name.year === null ? name.show : `${name.show} (${name.year})`;
}

/**
 * The path inside its library (forward slashes), without extension:
 * `Title (Year)/Title (Year)` or `Show/Season NN/Show - SxxEyy[-Ezz]`.
 */
export function libraryStem(name: MediaName): string {
  const folder = folderName(name);
  if (name.type === 'movie') return `${folder}/${folder}`;
  const last = name.lastEpisode === null ? '' : `-E${pad(name.lastEpisode)}`;
  return `${folder}/Season ${pad(name.season)}/${folder} - S${pad(name.season)}E${pad(name.episode)}${last}`;
}

/** A subtitle's suffix before its extension: `.en`, `.eng.forced`, `.pt-BR` … or ''. */
export function subtitleSuffix(stem: string): { base: string; suffix: string } {
  let base = stem;
  const parts: string[] = [];
  for (let i = 0; i < 3; i++) {
    const m = /\.([A-Za-z]{2,3}(?:-[A-Za-z]{2})?|forced|sdh|cc|default)$/i.exec(base);
    if (!m) break;
    parts.unshift(m[1]!.toLowerCase());
    base = base.slice(0, m.index);
  }
  // A release tag is no language (`Movie.2010.DTS.srt`): only 2-3 letter codes and flags count.
  if (parts.some((p) => RELEASE_TAGS.has(p))) return { base: stem, suffix: '' };
  return { base, suffix: parts.length ? `.${parts.join('.')}` : '' };
}
