// Start-up scan: only the files written last can be torn (appends go to today's and, around
// midnight, yesterday's file, and to the current aggregate files), so those are checked: a torn
// tail is cut back to the last whole line, and a file without a whole header line (crash while
// creating it) is removed, since it holds no row.
import { join } from 'node:path';
import { checkTail } from '../../core/csv/torn-line';
import { AGG_RESOLUTIONS } from '../../core/history/buckets';
import type { FilePort } from './file-port';
import { listAggFiles, listRawFiles, listSources, type LogFile } from './log-files';

export interface RepairReport {
  checked: number;
  repaired: { rel: string; tornBytes: number }[];
  removed: string[];
}

const HEAD_BYTES = 64 * 1024;
const TAIL_BYTES = 256 * 1024;

/** Checks one file; returns what was done to it. */
async function repairFile(port: FilePort, dir: string, rel: string): Promise<'ok' | 'repaired' | 'removed'> {
  const path = join(dir, rel);
  const size = (await port.size(path)) ?? 0;
  const head = await port.read(path, 0, Math.min(size, HEAD_BYTES));
  const tailStart = Math.max(0, size - TAIL_BYTES);
  const tail = await port.read(path, tailStart, size - tailStart);
  const check = checkTail(head, tail, size);
  if (!check.header) {
    await port.unlink(path);
    return 'removed';
  }
  if (check.tornBytes === 0) return 'ok';
  await port.truncate(path, check.validLength);
  return 'repaired';
}

export async function repairFolder(port: FilePort, dir: string, recentDays = 2): Promise<RepairReport> {
  const report: RepairReport = { checked: 0, repaired: [], removed: [] };
  for (const source of await listSources(port, dir)) {
    const raw = await listRawFiles(port, dir, source);
    const lastKeys = [...new Set(raw.map((f) => f.key))].slice(-recentDays);
    const candidates: LogFile[] = raw.filter((f) => lastKeys.includes(f.key));
    for (const res of AGG_RESOLUTIONS) candidates.push(...(await listAggFiles(port, dir, source, res)).slice(-2));
    for (const f of candidates) {
      report.checked++;
      const sizeBefore = (await port.size(join(dir, f.rel))) ?? 0;
      const outcome = await repairFile(port, dir, f.rel);
      if (outcome === 'removed') report.removed.push(f.rel);
      if (outcome === 'repaired') report.repaired.push({ rel: f.rel, tornBytes: sizeBefore - ((await port.size(join(dir, f.rel))) ?? 0) });
    }
  }
  return report;
}
