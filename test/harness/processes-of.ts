/** The live processes of one uid, from /proc (isolation tests: is anything left running as the engine?). */
import { readFile, readdir } from 'node:fs/promises';

/** The pids of live (not zombie) processes whose real uid is `uid`. */
export async function processesOf(uid: number): Promise<number[]> {
  const found: number[] = [];
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    if (/^Uid:\s+(\d+)/m.exec(status)?.[1] === String(uid) && !/^State:\s+Z/m.test(status))
      found.push(Number(pid));
  }
  return found;
}
