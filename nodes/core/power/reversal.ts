// "Clamp reversed?": a consumption circuit that keeps reading export, or a production circuit
// that keeps reading import, is most likely wired the wrong way. The WES's own rule tells which
// wire: when every such clamp is wrong at once, the voltage adapter's wires are swapped (its
// polarity flips every sign); when only some are, those clamps are turned round. Three periods
// in a row, so a passing kettle on a PV circuit's cable does not raise it; once per episode.
import type { PeriodResult } from './accumulator';

export type ChannelMode = 'consumption' | 'production' | 'bidirectional';

export interface ReversalState {
  runs: number[];
  raised: boolean[];
}

export interface ReversalEvent {
  /** 0-based channels. */
  channels: number[];
  advice: 'turn-clamp' | 'swap-transformer';
}

export const REVERSAL_PERIODS = 3;
/** Below this a reading is noise or an inverter's night draw, not a direction. */
const REVERSAL_MIN_W = 30;

export function emptyReversal(n: number): ReversalState {
  return { runs: Array.from({ length: n }, () => 0), raised: Array.from({ length: n }, () => false) };
}

export function checkReversal(
  s: ReversalState,
  r: PeriodResult,
  modes: readonly ChannelMode[],
): { state: ReversalState; events: ReversalEvent[] } {
  if (!r.hasDirection) return { state: s, events: [] };
  const runs = s.runs.slice();
  const raised = s.raised.slice();
  const fresh: number[] = [];
  const watched: number[] = [];
  const suspect: number[] = [];
  modes.forEach((mode, c) => {
    const ch = r.channels[c];
    if (mode === 'bidirectional' || !ch) {
      runs[c] = 0;
      return;
    }
    watched.push(c);
    const wrong = mode === 'consumption' ? ch.powerW < -REVERSAL_MIN_W : ch.powerW > REVERSAL_MIN_W;
    // a circuit with nothing flowing says nothing either way
    if (Math.abs(ch.powerW) < REVERSAL_MIN_W) return;
    if (!wrong) {
      runs[c] = 0;
      raised[c] = false;
      return;
    }
    runs[c]++;
    if (runs[c] >= REVERSAL_PERIODS) {
      suspect.push(c);
      if (!raised[c]) fresh.push(c);
    }
  });
  if (fresh.length === 0) return { state: { runs, raised }, events: [] };
  for (const c of fresh) raised[c] = true;
  const all = watched.length >= 2 && suspect.length === watched.length;
  return {
    state: { runs, raised },
    events: [all ? { channels: suspect, advice: 'swap-transformer' } : { channels: fresh, advice: 'turn-clamp' }],
  };
}
