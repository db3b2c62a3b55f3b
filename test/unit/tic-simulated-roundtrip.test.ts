// Every kind of meter the simulator can be decodes without a single rejected group or value,
// and the decoded labels are exactly the groups the simulator sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedMeter, type SimulatedMeterOptions } from '../../nodes/core/sim/simulated-meter';
import { TicDecoder } from '../../nodes/core/tic/tic-decoder';
import { encodeFrame } from '../../nodes/core/tic/frame-encoder';
import type { MeterState } from '../../nodes/core/tic/meter-state';

const START = Date.UTC(2026, 0, 15, 5, 0, 0);

for (const mode of ['historique', 'standard'] as const) {
  for (const phases of [1, 3] as const) {
    for (const producer of [false, true]) {
      for (const option of ['BASE', 'HC', 'TEMPO', 'EJP'] as const) {
        const opts: SimulatedMeterOptions = { mode, phases, producer, option, subscribedKva: 12, seed: 11 };
        test(`${mode} ${phases}-phase ${producer ? 'producer' : 'consumer'} ${option}: clean decode over a day`, () => {
          const meter = new SimulatedMeter(opts, START);
          const d = new TicDecoder();
          let last: MeterState | undefined;
          const sink = {
            frame: (s: MeterState) => {
              last = s;
            },
            event: () => undefined,
          };
          for (let i = 0; i < 240; i++) {
            const t = START + i * 6 * 60_000;
            const groups = meter.groups(t);
            d.push(encodeFrame(mode, groups), t, sink);
            assert.ok(last, 'a state for the frame');
            for (const g of groups) assert.equal(last.labels[g.label]?.raw, g.data, `${g.label} decoded as sent`);
          }
          const s = d.stats;
          assert.deepEqual(s.groupsRejected, {});
          assert.deepEqual(s.valuesRejected, {});
          assert.equal(s.mode, mode);
          assert.equal(last?.phases, phases);
          assert.equal(last?.tariffOption, option);
          if (mode === 'standard') assert.equal(last?.producer, producer);
        });
      }
    }
  }
}
