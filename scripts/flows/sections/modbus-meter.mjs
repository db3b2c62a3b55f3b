// Meters page: a Modbus energy meter on a simulated RS485 bus (an SDM630 on the grid connection
// answering real Modbus frames, and a PZEM-004T on the heat pump), and one load-shedding input
// fed by the SDM630: its highest phase current against a 25 A breaker.
import { page, text, uiGroup } from '../builders.mjs';

export function modbusMeter(f) {
  const x0 = 60;
  const y0 = 3200;
  page(f, 'page-modbus-meters', 'Meters', '/meters', 'gauge', 4);
  uiGroup(f, 'ui-modbus-grid', 'Modbus · SDM630 (grid)', 'page-modbus-meters', 6, 1);
  uiGroup(f, 'ui-modbus-hp', 'Modbus · PZEM-004T (heat pump)', 'page-modbus-meters', 6, 2);
  f.comment(
    'c-modbus',
    x0 + 150,
    y0 - 60,
    'Meters page: Modbus meters on the simulated RS485 bus, one feeding load shedding',
    'The "RS485 bus" config node is simulated: an Eastron SDM630 (unit 1) and a PZEM-004T (unit 2) answer real Modbus ' +
      'frames on a loopback port, with a heat pump cycling and PV exporting at midday. For real meters, edit the bus: RTU, ' +
      'the adapter (/dev/serial/by-id/…), 9600 8N1. The readings follow the clamp contract, so the load shedding below reads ' +
      'the SDM630 as it reads a clamp (its highest phase current against a 25 A breaker), and costs can use its own import ' +
      'register (energyImportWh).',
  );
  f.config('modbus-bus', 'wes-modbus-bus', { name: 'RS485 bus', backend: 'simulated', simSeed: 1, simPvPeakW: 3000 });
  f.node(
    'modbus-grid',
    'wes-modbus',
    x0 + 130,
    y0,
    {
      name: 'SDM630 grid',
      bus: f.id('modbus-bus'),
      topic: 'modbus1',
      mode: 'profile',
      profile: 'sdm630',
      unitId: 1,
      poll: 5,
      output: 'every',
    },
    [['modbus-grid-power', 'modbus-grid-energy', 'modbus-shed']],
  );
  f.node(
    'modbus-hp',
    'wes-modbus',
    x0 + 130,
    y0 + 100,
    {
      name: 'PZEM heat pump',
      bus: f.id('modbus-bus'),
      topic: 'modbus2',
      mode: 'profile',
      profile: 'pzem-004t',
      unitId: 2,
      poll: 5,
      output: 'every',
    },
    [['modbus-hp-power']],
  );
  text(
    f,
    'modbus-grid-power',
    x0 + 420,
    y0 - 20,
    'ui-modbus-grid',
    1,
    'Power',
    '$round(payload.powerW) & " W " & payload.direction',
    'jsonata',
  );
  text(
    f,
    'modbus-grid-energy',
    x0 + 420,
    y0 + 20,
    'ui-modbus-grid',
    2,
    'Import index',
    '$round(payload.energyImportWh / 1000, 1) & " kWh"',
    'jsonata',
  );
  text(
    f,
    'modbus-hp-power',
    x0 + 420,
    y0 + 100,
    'ui-modbus-hp',
    1,
    'Power (direction not measured)',
    '$round(payload.powerW) & " W"',
    'jsonata',
  );
  f.node(
    'modbus-shed',
    'wes-load-shed',
    x0 + 420,
    y0 + 60,
    {
      name: 'shedding on the Modbus meter',
      basis: 'current',
      fixedLimit: 25,
      shedAtPct: 90,
      restoreBelowPct: 80,
      restoreDelayS: 60,
      settleS: 3,
      rotateAfterMin: 30,
      predictS: 0,
      lostMode: 'hold',
      lostAfterS: 30,
      voltage: 230,
      pilotCommand: 'relay',
      loads: [{ name: 'heat pump backup heater', powerW: 3000, kind: 'onoff', relay: 0, minOnS: 0, minOffS: 0, rotate: false }],
      outputs: 2,
    },
    [[], ['modbus-shed-state']],
  );
  text(
    f,
    'modbus-shed-state',
    x0 + 700,
    y0 + 60,
    'ui-modbus-grid',
    3,
    'Shedding',
    '$exists(payload.shed) ? ($count(payload.shed) = 0 ? "nothing shed" : "shed: " & $join(payload.shed, ", ")) : payload.action',
    'jsonata',
  );
}
