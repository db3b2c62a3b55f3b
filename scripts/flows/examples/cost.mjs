// examples/wes-cost.json: cost today / month / year per tariff period, from a simulated meter's
// index registers and a dated price list.
import { Flow } from '../builders.mjs';
import { ticPort } from '../sections/meters.mjs';

export function costExample() {
  const f = new Flow('ex-cost');
  f.plainTab('tab', { label: 'Energy cost' });
  f.config('contract', 'wes-contract', {
    name: 'HC/HP contract',
    option: 'HC',
    timeZone: 'Europe/Paris',
    prices: '2025-02-01 HC=0.2081 HP=0.2700 sub=15.65\n2025-08-01 HC=0.2068 HP=0.2700 sub=15.89',
  });
  f.node('c', 'comment', 400, 40, {
    name: "Cost today / month / year per tariff period, from the meter's index registers and a dated " + 'price list.',
  });
  ticPort(f, 'port', 'simulated meter', {
    sim: { simMode: 'standard', simPhases: 1, simProducer: false, simOption: 'HC', simKva: 9, simSeed: 1 },
  });
  f.node(
    'tic',
    'wes-tic-in',
    130,
    120,
    {
      name: '',
      topic: 'tic1',
      port: f.id('port'),
      output: 'every',
      interval: 10,
      lostAfter: 10,
    },
    [['cost'], []],
  );
  f.node('cost', 'wes-cost', 320, 120, { name: '', contract: f.id('contract'), intervalS: 60 }, [['dbg']]);
  f.node('dbg', 'debug', 500, 120, { name: 'cost', active: true, tosidebar: true, console: false, complete: 'payload', targetType: 'msg' });
  return f.nodes;
}
