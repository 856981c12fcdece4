// The rules a generated fact must pass before it is stored, and the
// normalised form used to recognise the same fact written slightly
// differently ("Octopuses have 3 hearts." vs "octopuses have 3 hearts!").
// The migration facts_search backfills old rows with the same rule in SQL.

/** Chat-sized: a generated fact longer than this is rejected and asked for again. */
export const MAX_GENERATED_LENGTH = 280;

/** Lower-cased, every run of non-letters and non-digits one space, trimmed. */
export function normalizeFactText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Models like to wrap an answer in quotes or a "Fact:" label; neither belongs to the fact. */
export function cleanGeneratedText(raw: string): string {
  let text = raw.trim().replace(/^(fun )?fact\s*[:\-–]\s*/i, '');
  const quotes = /^["'“”‘’«»]+|["'“”‘’«»]+$/g;
  text = text.replace(quotes, '').trim();
  return text.replace(/\s+/g, ' ');
}

/** Why a candidate cannot be used as it is, or undefined when it can. */
export function rejectionOf(text: string): string | undefined {
  if (normalizeFactText(text) === '') return 'the answer was empty';
  if (text.length > MAX_GENERATED_LENGTH) {
    return `the answer was ${text.length} characters long (at most ${MAX_GENERATED_LENGTH})`;
  }
  return undefined;
}
