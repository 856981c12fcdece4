// What a process costs the machine, read the way `ps` and `top` do: resident
// memory from /proc/<pid>/status (VmRSS), sampled while something runs.
import { readFile } from 'node:fs/promises';

/** Resident set size of a process in MiB (Linux), or NaN where /proc is missing. */
export async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kib = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  return kib === undefined ? NaN : Number(kib) / 1024;
}

/** Samples a process's RSS every `everyMs` until stopped; the highest sample. */
export function sampleRss(pid: number, everyMs = 500): { stop(): Promise<number> } {
  let peak = NaN;
  const take = async () => {
    const now = await rssMiB(pid);
    if (!(now <= peak)) peak = now;
  };
  const timer = setInterval(() => void take(), everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await take();
      return peak;
    },
  };
}
