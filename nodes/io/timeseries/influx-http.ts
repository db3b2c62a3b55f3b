// Writes line-protocol batches with one HTTP POST (Node's fetch). No client library: the
// official ones are per version (influxdb-client for 2.x, influx for 1.x, each with its own
// batching and retry that would fight ours), while the write endpoint is one URL either way,
// and VictoriaMetrics, QuestDB and Telegraf's influx listener take the same request.
// The body is gzipped (all of them accept Content-Encoding: gzip): a meter's lines repeat their
// names and shrink about 18×, which matters for a box on a metered or mobile link.
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';

const gzipAsync = promisify(gzip);
export interface InfluxTarget {
  api: 'v1' | 'v2';
  url: string;
  database: string;
  retentionPolicy: string;
  org: string;
  bucket: string;
  user?: string;
  password?: string;
  token?: string;
}

function writeUrl(t: InfluxTarget): string {
  const base = t.url.replace(/\/+$/, '');
  const q = new URLSearchParams({ precision: 'ms' });
  if (t.api === 'v1') {
    q.set('db', t.database);
    if (t.retentionPolicy) q.set('rp', t.retentionPolicy);
    return `${base}/write?${q}`;
  }
  if (t.org) q.set('org', t.org);
  q.set('bucket', t.bucket);
  return `${base}/api/v2/write?${q}`;
}

function authorization(t: InfluxTarget): string | undefined {
  if (t.api === 'v2' && t.token) return `Token ${t.token}`;
  if (t.user) return `Basic ${Buffer.from(`${t.user}:${t.password ?? ''}`).toString('base64')}`;
  // InfluxDB 1.8 also takes a 2.x-style token ("user:password") on /write.
  if (t.token) return `Token ${t.token}`;
  return undefined;
}

/** The database answered: `status` says whether retrying can help (400: the batch itself was refused). */
export class WriteRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Resolves when the database accepted the batch; rejects with the reason (status and its text, or the network error). */
export async function writeLines(t: InfluxTarget, lines: readonly string[], timeoutMs: number): Promise<void> {
  const auth = authorization(t);
  const res = await fetch(writeUrl(t), {
    method: 'POST',
    headers: { 'content-type': 'text/plain; charset=utf-8', 'content-encoding': 'gzip', ...(auth ? { authorization: auth } : {}) },
    body: await gzipAsync(lines.join('\n')),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (res.ok) {
    await res.arrayBuffer().catch(() => undefined);
    return;
  }
  const text = (await res.text().catch(() => '')).slice(0, 200).trim();
  throw new WriteRefused(res.status, `HTTP ${res.status}${text ? `: ${text}` : ''}`);
}
