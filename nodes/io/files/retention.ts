// Raw day files older than the retention are deleted (with the month / year folders they leave
// empty). Aggregates are never deleted: they are what long-range curves read.
import { join } from 'node:path';
import { dayKey } from '../../core/csv/local-time';
import type { FilePort } from './file-port';
import { listRawFiles, listSources } from './log-files';

export interface SweepReport {
  deleted: string[];
}

export async function sweepOldFiles(port: FilePort, dir: string, now: number, retentionDays: number): Promise<SweepReport> {
  const cutoff = dayKey(now - retentionDays * 86_400_000);
  const deleted: string[] = [];
  for (const source of await listSources(port, dir)) {
    const old = await listRawFiles(port, dir, source, undefined, cutoff);
    const folders = new Set<string>();
    for (const f of old) {
      if (f.key >= cutoff) continue;
      await port.unlink(join(dir, f.rel));
      deleted.push(f.rel);
      const [src, y, m] = f.rel.split('/');
      folders.add(`${src}/${y}/${m}`);
      folders.add(`${src}/${y}`);
    }
    for (const folder of [...folders].sort().reverse()) await port.rmdirIfEmpty(join(dir, folder));
  }
  return { deleted };
}
