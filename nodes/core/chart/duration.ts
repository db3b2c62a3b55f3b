// Chart windows as people write them: 900, '15m', '1h', '24h', '7d' (a bare number is seconds).

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses a duration into ms; returns null when the text is not a positive duration. */
export function parseDuration(input: unknown): number | null {
  if (typeof input === 'number') return Number.isFinite(input) && input > 0 ? input * 1000 : null;
  if (typeof input !== 'string') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/i.exec(input);
  if (!m) return null;
  const ms = Number(m[1]) * UNIT_MS[(m[2] || 's').toLowerCase()];
  return ms > 0 ? ms : null;
}

/** Short label of a window for statuses and legends: 3600000 -> '1h'. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm'] as const) {
    const u = UNIT_MS[unit];
    if (ms >= u && ms % u === 0) return `${ms / u}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}
