// What every service Dockerfile keeps: several stages, a swappable pinned base
// (ARG NODE_IMAGE), a non-root user, a HEALTHCHECK, and nothing secret inside.

const SECRET_NAME = /(PASSWORD|SECRET|TOKEN|API_KEY|ENCRYPTION_KEY|DATABASE_URL)/;

export function dockerfileProblems(service: string, text: string): string[] {
  const problems: string[] = [];
  // Continuation lines joined, comments dropped: one instruction per entry.
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const named = (word: string) =>
    instructions.filter((l) => l.toUpperCase().startsWith(`${word} `));

  if (named('FROM').length < 2) problems.push(`${service}: not multi-stage`);
  if (!/^ARG NODE_IMAGE=node:\d+\.\d+\.\d+-\S+$/m.test(text)) {
    problems.push(`${service}: no ARG NODE_IMAGE with a pinned node default`);
  }
  if (!named('FROM').every((l) => /^FROM (\$\{NODE_IMAGE\}|[a-z-]+)( AS [a-z-]+)?$/i.test(l))) {
    problems.push(`${service}: a stage does not start from NODE_IMAGE or an earlier stage`);
  }
  const user = named('USER').at(-1)?.split(/\s+/)[1];
  if (!user || user === 'root' || user === '0' || user.startsWith('0:')) {
    problems.push(`${service}: runs as root`);
  }
  if (named('HEALTHCHECK').length === 0) problems.push(`${service}: no HEALTHCHECK`);
  for (const line of [...named('ENV'), ...named('ARG')]) {
    for (const m of line.slice(4).matchAll(/([A-Za-z_][A-Za-z0-9_]*)(?==|\s|$)/g)) {
      if (SECRET_NAME.test(m[1]!)) problems.push(`${service}: ENV/ARG ${m[1]} looks like a secret`);
    }
  }
  if ([...named('COPY'), ...named('ADD')].some((l) => /(^|[\s/])\.env(\s|$)/.test(l))) {
    problems.push(`${service}: copies an .env file into the image`);
  }
  if (!named('CMD').some((l) => l.includes('src/main.ts'))) {
    problems.push(`${service}: CMD does not start src/main.ts`);
  }
  return problems;
}
