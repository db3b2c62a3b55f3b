// One place that sets how property tests run, so that a failure seen anywhere can be replayed.
// fast-check prints `{ seed, path }` with every counterexample; WES_PROPERTY_SEED and
// WES_PROPERTY_PATH replay exactly that case, WES_PROPERTY_RUNS_SCALE multiplies every
// property's run count (CI runs ×1; `WES_PROPERTY_RUNS_SCALE=10 npm test` hunts harder).
import fc from 'fast-check';

const scale = Number(process.env.WES_PROPERTY_RUNS_SCALE ?? 1);
if (!(scale > 0)) throw new RangeError(`WES_PROPERTY_RUNS_SCALE must be a positive number, got ${process.env.WES_PROPERTY_RUNS_SCALE}`);

/** The run count of a property that runs `base` times by default. */
export function runs(base = 100): number {
  return Math.max(1, Math.round(base * scale));
}

const seed = process.env.WES_PROPERTY_SEED;
fc.configureGlobal({
  numRuns: runs(100),
  ...(seed === undefined ? {} : { seed: Number(seed), path: process.env.WES_PROPERTY_PATH }),
});

export { fc };
