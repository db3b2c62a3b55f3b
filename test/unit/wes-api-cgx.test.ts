// data.cgx against the only verbatim answer of a real box (wes-http-api.md §2.2, firmware V0.61D,
// TIC inputs unconnected): every element it has, we have, in its order, with its value, apart from
// the formats the later firmware changed (listed, with the reason). And the mapping of our
// messages into the box's terms, the command parser and the slot table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderDataCgx, type CgxSnapshot } from '../../nodes/core/wes-api/data-cgx';
import { ticSlotOf, pulseSlotOf } from '../../nodes/core/wes-api/from-contracts';
import { planCommands } from '../../nodes/core/wes-api/commands';
import { parseSlotTable, slotOf } from '../../nodes/core/wes-api/slots';
import { parseBasicAuth } from '../../nodes/core/wes-api/basic-auth';
import { expandCgx, printf } from '../../nodes/core/wes-api/cgx-template';
import type { MeterStateReading } from '../../nodes/core/contracts/meter-state';

const SAMPLE_V061D = [
  '<data><info><date>01/05/2017</date><time>15:31</time><firmware>V0.61D</firmware></info><tic1><ADCO>',
  'Pas Dispo</ADCO><OPTARIF>.</OPTARIF><ISOUSC>0</ISOUSC><PTEC>TIC NDERR.</PTEC><PAP>0</PAP><IINST>0</IINST>',
  '<IINST1>0</IINST1><IINST2>0</IINST2><IINST3>0</IINST3><IMAX>0</IMAX><IMAX1>0</IMAX1><IMAX2>0</IMAX2><IMAX3>',
  '0</IMAX3><PEJP>0</PEJP><DEMAIN>----</DEMAIN><BASE>0</BASE><HCHC>0</HCHC><HCHP>0</HCHP><EJPHN>0</EJPHN><EJPHPM>',
  '0</EJPHPM><BBRHCJB>0</BBRHCJB><BBRHPJB>0</BBRHPJB><BBRHCJW>0</BBRHCJW><BBRHPJW>0</BBRHPJW><BBRHCJR>0</BBRHCJR>',
  '<BBRHPJR>0</BBRHPJR></tic1><tic2><ADCO>Pas Dispo</ADCO><OPTARIF>.</OPTARIF><ISOUSC>0</ISOUSC><PTEC>',
  'TIC NDERR.</PTEC><PAP>0</PAP><IINST>0</IINST><IINST1>0</IINST1><IINST2>0</IINST2><IINST3>0</IINST3><IMAX>',
  '0</IMAX><IMAX1>0</IMAX1><IMAX2>0</IMAX2><IMAX3>0</IMAX3><PEJP>0</PEJP><DEMAIN>----</DEMAIN><BASE>0</BASE>',
  '<HCHC>0</HCHC><HCHP>0</HCHP><EJPHN>0</EJPHN><EJPHPM>0</EJPHPM><BBRHCJB>0</BBRHCJB><BBRHPJB>0</BBRHPJB>',
  '<BBRHCJW>0</BBRHCJW><BBRHPJW>0</BBRHPJW><BBRHCJR>0</BBRHCJR><BBRHPJR>0</BBRHPJR></tic2><impulsion><PULSE1>',
  '0</PULSE1><INDEX1>0</INDEX1><PULSE2>0</PULSE2><INDEX2>0</INDEX2><PULSE3>0</PULSE3><INDEX3>0</INDEX3><PULSE4>',
  '0</PULSE4><INDEX4>0</INDEX4></impulsion><pince> <I1>0.00</I1> <INDEX1>29386970</INDEX1> <I2>0.00</I2> <INDEX2>',
  '5203481</INDEX2> <I3>0.00</I3> <INDEX3>14018885</INDEX3> <I4>0.63</I4> <INDEX4>45584</INDEX4></pince><temp>',
  ' <SONDE1>22.0</SONDE1> <SONDE2>0.0</SONDE2> <SONDE3>0.0</SONDE3> <SONDE4>0.0</SONDE4> <SONDE5>0.0</SONDE5>',
  ' <SONDE6>0.0</SONDE6> <SONDE7>0.0</SONDE7> <SONDE8>0.0</SONDE8> <SONDE9>0.0</SONDE9> <SONDE10>0.0</SONDE10>',
  ' <SONDE11>0.0</SONDE11> <SONDE12>0.0</SONDE12> <SONDE13>0.0</SONDE13> <SONDE14>0.0</SONDE14> <SONDE15>',
  '0.0</SONDE15> <SONDE16>0.0</SONDE16> <SONDE17>0.0</SONDE17> <SONDE18>0.0</SONDE18> <SONDE19>0.0</SONDE19>',
  ' <SONDE20>0.0</SONDE20> <SONDE21>0.0</SONDE21> <SONDE22>0.0</SONDE22> <SONDE23>0.0</SONDE23> <SONDE24>',
  '0.0</SONDE24> <SONDE25>0.0</SONDE25> <SONDE26>0.0</SONDE26> <SONDE27>0.0</SONDE27> <SONDE28>0.0</SONDE28>',
  ' <SONDE29>0.0</SONDE29> <SONDE30>0.0</SONDE30></temp><relais> <RELAIS1>OFF</RELAIS1> <RELAIS2>OFF</RELAIS2>',
  '</relais><entree> <ENTREE1>0</ENTREE1> <ENTREE2>0</ENTREE2></entree><analogique> <AD1>0</AD1> <AD2>0</AD2>',
  ' <AD3>0</AD3> <AD4>0</AD4></analogique><switch_virtuel> <SWITCH1>0</SWITCH1> <SWITCH2>0</SWITCH2> <SWITCH3>',
  '0</SWITCH3> <SWITCH4>0</SWITCH4> <SWITCH5>0</SWITCH5> <SWITCH6>0</SWITCH6> <SWITCH7>0</SWITCH7> <SWITCH8>',
  '0</SWITCH8></switch_virtuel><variables> <VARIABLE1>0.00</VARIABLE1> <VARIABLE2>0.00</VARIABLE2> <VARIABLE3>',
  '0.00</VARIABLE3> <VARIABLE4>0.00</VARIABLE4> <VARIABLE5>0.00</VARIABLE5> <VARIABLE6>0.00</VARIABLE6>',
  ' <VARIABLE7>0.00</VARIABLE7> <VARIABLE8>0.00</VARIABLE8></variables></data>',
].join('');

/** Sections of a data.cgx: name → [element, text] in order (the box's XML is flat inside each section). */
function sections(xml: string): Map<string, [string, string][]> {
  const out = new Map<string, [string, string][]>();
  const body = /<data>([\s\S]*)<\/data>/.exec(xml);
  assert.ok(body, 'a <data> root');
  for (const m of body[1].matchAll(/<(\w+)>([\s\S]*?)<\/\1>/g))
    out.set(
      m[1],
      [...m[2].matchAll(/<(\w+)>([^<]*)<\/\1>/g)].map((e) => [e[1], e[2]]),
    );
  return out;
}

function emptySnapshot(): CgxSnapshot {
  return {
    clock: { day: 1, month: 5, year: 2017, hour: 15, minute: 31 },
    firmware: 'V0.61D',
    tic: [null, null, null],
    pulses: [],
    clamps: [],
    probes: [],
    relays: new Map(),
    relays1W: new Map(),
    inputs: [],
    analog: [],
    switches: new Map(),
  };
}

// Index registers: %s on V0.61D, %09u from 0.8x on (LF's ≥0.84 dump: "000000000"). AD: %d on V0.61D,
// %.02f from 0.8x on. We print the later firmware, which every current client was written against.
const LATER_FORMAT: Record<string, string> = { AD1: '0.00', AD2: '0.00', AD3: '0.00', AD4: '0.00' };
const REGISTER = /^(BASE|HCHC|HCHP|EJPHN|EJPHPM|BBRH[CP]J[BWR])$/;

test('data.cgx: the V0.61D sample, element by element, in order, with the placeholders of unconnected inputs', () => {
  const snap = emptySnapshot();
  // The sample's box had a clamp history and one probe: the same values fed in.
  snap.clamps = [
    { currentA: 0, indexWh: 29386970, injectWh: 0 },
    { currentA: 0, indexWh: 5203481, injectWh: 0 },
    { currentA: 0, indexWh: 14018885, injectWh: 0 },
    { currentA: 0.63, indexWh: 45584, injectWh: 0 },
  ];
  snap.probes = [22];
  const ours = sections(renderDataCgx(snap));
  const real = sections(SAMPLE_V061D);
  assert.equal([...real.values()].flat().length, 125, 'the sample read whole: 125 elements');
  for (const [name, elements] of real) {
    const mine = ours.get(name);
    assert.ok(mine, `section ${name}`);
    let from = 0;
    for (const [el, text] of elements) {
      const at = mine.findIndex(([e], i) => i >= from && e === el);
      assert.ok(at >= 0, `${name}/${el} present, after the elements before it`);
      from = at + 1;
      const expected = REGISTER.test(el) ? text.padStart(9, '0') : (LATER_FORMAT[el] ?? text);
      assert.equal(mine[at][1], expected, `${name}/${el}`);
    }
  }
  assert.deepEqual(
    [...ours.keys()],
    [
      'info',
      'tic1',
      'tic2',
      'tic3',
      'impulsion',
      'pince',
      'temp',
      'relais',
      'entree',
      'analogique',
      'switch_virtuel',
      'variables',
      'relais1W',
    ],
  );
  assert.deepEqual(ours.get('relais1W'), [], 'no 1-Wire board: an empty block (a client probing RELAIS101 finds none)');
  assert.deepEqual(ours.get('tic3')!.slice(0, 4), [
    ['ADCO', 'Pas Dispo'],
    ['OPTARIF', '.'],
    ['ISOUSC', '0'],
    ['PTEC', 'TIC NDERR.'],
  ]);
});

test('data.cgx: a historique HC meter in the box terms (LF dump values), relays and 1-Wire boards', () => {
  const m: MeterStateReading = {
    mode: 'historique',
    meterId: '021861820554',
    contract: 'HC..',
    tariffOption: 'HC',
    tariffPeriod: 'HP',
    subscribedCurrentA: 45,
    powerVA: 8400,
    currentA: [30],
    energyByPeriodWh: { HCHC: 21610695, HCHP: 48437741 },
    labels: { IMAX: { value: 90, raw: '090' } },
    producer: false,
  };
  const snap = emptySnapshot();
  snap.tic[0] = ticSlotOf(m);
  snap.relays = new Map([
    [1, true],
    [2, false],
  ]);
  snap.relays1W = new Map([[203, true]]);
  snap.switches = new Map([[2, true]]);
  snap.pulses = [pulseSlotOf({ index: 1.98, pulses: 1353, unit: 'm³' } as Parameters<typeof pulseSlotOf>[0])];
  const s = sections(renderDataCgx(snap));
  const tic1 = new Map(s.get('tic1'));
  const expect: Record<string, string> = {
    ADCO: '021861820554',
    OPTARIF: 'HC..',
    ISOUSC: '45',
    PTEC: 'H. Pleines',
    PAP: '8400',
    IINST: '30',
    IINST1: '0',
    IMAX: '90',
    DEMAIN: '----',
    H_PLEINE: '048437741',
    H_CREUSE: '021610695',
    HCHP: '048437741',
    HCHC: '021610695',
    BASE: '000000000',
    PRODUCTEUR: '000000000',
  };
  for (const [k, v] of Object.entries(expect)) assert.equal(tic1.get(k), v, `tic1/${k}`);
  assert.deepEqual(s.get('relais'), [
    ['RELAIS1', 'ON'],
    ['RELAIS2', 'OFF'],
  ]);
  assert.deepEqual(
    s.get('relais1W')!.map(([e, v]) => `${e}=${v}`),
    ['RELAIS201=OFF', 'RELAIS202=OFF', 'RELAIS203=ON', 'RELAIS204=OFF', 'RELAIS205=OFF', 'RELAIS206=OFF', 'RELAIS207=OFF', 'RELAIS208=OFF'],
  );
  const sw = s.get('switch_virtuel')!;
  assert.equal(sw.length, 24, 'the ≥0.84 box has 24');
  assert.deepEqual(sw.slice(0, 3), [
    ['SWITCH1', '0'],
    ['SWITCH2', '1'],
    ['SWITCH3', '0'],
  ]);
  assert.deepEqual(
    s.get('impulsion')!.slice(0, 2),
    [
      ['PULSE1', '1353'],
      ['INDEX1', '1980'],
    ],
    'm³ shown in litres, as the box does',
  );
});

test('data.cgx: a standard-mode Tempo Linky: EASF registers in BBR order, colours in French, text escaped', () => {
  const m: MeterStateReading = {
    mode: 'standard',
    meterId: '0<2>&',
    tariffOption: 'TEMPO',
    tariffPeriod: 'HC BLEU',
    currentA: [3, 4, 5],
    voltageV: [231, 232, 233],
    energyByPeriodWh: { EASF01: 1, EASF02: 2, EASF03: 3, EASF04: 4, EASF05: 5, EASF06: 6 },
    tempo: { today: 'BLEU', tomorrow: 'ROUGE' },
  };
  const t = ticSlotOf(m);
  assert.equal(t.ptec, 'H. Creuse BLEU');
  assert.equal(t.demain, 'Jour ROUGE');
  assert.deepEqual(t.iinstA, [3, 3, 4, 5]);
  assert.deepEqual(t.tensionV, [231, 232, 233]);
  assert.deepEqual([t.registersWh.BBRHCJB, t.registersWh.BBRHPJR], [1, 6]);
  const snap = emptySnapshot();
  snap.tic[1] = t;
  assert.match(renderDataCgx(snap), /<tic2><ADCO>0&lt;2&gt;&amp;<\/ADCO>/);
  assert.equal(ticSlotOf({ ...m, tempo: { today: 'BLEU', tomorrow: null } }).demain, 'pas connue !');
});

test('commands: rl<n>=ON|OFF, frl=<n>, vs<n>, fvs=<n>, sw<n>, fsw, alarme, judged whole before anything is switched', () => {
  assert.deepEqual(planCommands({ rl1: 'ON', frl: '2', rl101: 'off', _: '1700000' }), {
    ok: true,
    orders: [
      { target: 'relay', n: 1, action: 'on' },
      { target: 'relay', n: 2, action: 'toggle' },
      { target: 'relay', n: 101, action: 'off' },
    ],
  });
  assert.deepEqual(planCommands({ vs3: 'ON', fvs: '24', sw2: 'off', fsw: '1', alarme: 'ON' }), {
    ok: true,
    orders: [
      { target: 'switch', n: 3, action: 'on' },
      { target: 'switch', n: 24, action: 'toggle' },
      { target: 'switch', n: 2, action: 'off' },
      { target: 'switch', n: 1, action: 'toggle' },
      { target: 'alarm', action: 'on' },
    ],
  });
  const refused = (q: Record<string, unknown>) => {
    const p = planCommands(q);
    return p.ok ? 'accepted' : `${p.status} ${p.problem.code}`;
  };
  assert.equal(refused({ rl1: 'ON', rl2: 'MAYBE' }), '400 wesApi.relayValue');
  assert.equal(refused({ rl1: ['ON', 'OFF'] }), '400 wesApi.paramTwice');
  assert.equal(refused({ rl109: 'ON' }), '400 wesApi.relayNumber');
  assert.equal(refused({ frl: 'x' }), '400 wesApi.relayNumber');
  assert.equal(refused({ vs25: 'ON' }), '400 wesApi.switchNumber');
  assert.equal(refused({ fvs: '0' }), '400 wesApi.switchNumber');
  assert.equal(refused({ rl1: 'ON', vs1: 'YES' }), '400 wesApi.switchValue');
  assert.equal(refused({ alarme: '1' }), '400 wesApi.alarmValue');
  assert.equal(refused({ reset: 'yes' }), '501 wesApi.notYet');
});

test('slots: the table first, then the topic; errors name the line or the topic', () => {
  const table = parseSlotTable('# meters\nlinky = tic1\nwater meter = impulsion 3\n\ncellar=sonde30');
  assert.ok(!('code' in table));
  assert.deepEqual(slotOf('water meter', table), { kind: 'pulse', n: 3 });
  assert.deepEqual(slotOf('cellar', table), { kind: 'probe', n: 30 });
  assert.deepEqual(slotOf('tic2', table), { kind: 'tic', n: 2 });
  assert.equal((slotOf('pulse17', table) as { code: string }).code, 'wesApi.noSlot');
  // the names wes-ct-meter and the 1-Wire bus give: clamp1…4, temp1…, humidity1… from SONDE30 down
  assert.deepEqual(slotOf('clamp4', table), { kind: 'clamp', n: 4 });
  assert.deepEqual(slotOf('temp3', table), { kind: 'probe', n: 3 });
  assert.deepEqual(slotOf('humidity1', table), { kind: 'probe', n: 30 });
  assert.deepEqual(slotOf('humidity2', table), { kind: 'probe', n: 29 });
  assert.equal((slotOf('humidity31', table) as { code: string }).code, 'wesApi.noSlot');
  assert.equal((parseSlotTable('a = tic1\nb = tic1') as { code: string }).code, 'wesApi.slotTwice');
  assert.equal((parseSlotTable('a = tic4') as { code: string }).code, 'wesApi.slotRange');
  assert.equal((parseSlotTable('just text') as { code: string }).code, 'wesApi.slotLine');
});

test('basic auth: the header every client sends', () => {
  assert.deepEqual(parseBasicAuth('Basic YWRtaW46d2Vz'), { user: 'admin', password: 'wes' });
  assert.deepEqual(parseBasicAuth(`Basic ${Buffer.from('a:b:c').toString('base64')}`), { user: 'a', password: 'b:c' });
  assert.equal(parseBasicAuth(undefined), null);
  assert.equal(parseBasicAuth('Bearer x'), null);
});

test('printf: the conversions the templates use', () => {
  assert.equal(
    printf('%d|%09u|%.02f|%0.03f|%02X%02X|%s|%.01f|%%|%5d|%-3d|', [12.7, 48437741, 0.625, 1.5, 10, 255, 'HC..', 21.96, 42, 7]),
    '12|048437741|0.63|1.500|0AFF|HC..|22.0|%|   42|7  |',
  );
  assert.equal(printf('<a>%d</a><b>%s</b><c>%.2f</c>', []), '<a>0</a><b>Pas Dispo</b><c>0.00</c>', 'missing values: the box placeholders');
});

test('templates: a client .CGX expanded with the live values, codes with spaces and tabs, unknown codes as placeholders', () => {
  const snap = emptySnapshot();
  snap.tic[0] = ticSlotOf({
    meterId: '021861820554',
    mode: 'historique',
    contract: 'HC..',
    tariffOption: 'HC',
    tariffPeriod: 'HP',
    subscribedCurrentA: 45,
    powerVA: 8400,
    currentA: [30],
    energyByPeriodWh: { HCHC: 21610695, HCHP: 48437741 },
  } as MeterStateReading);
  snap.clamps = [{ currentA: 1.234, indexWh: 29386970, injectWh: 12, voltageV: 231.4, powerW: 280, apparentVA: 290, powerFactor: 0.966 }];
  snap.probes = [21.96];
  snap.relays = new Map([[1, true]]);
  snap.relays1W = new Map([[101, true]]);
  snap.switches = new Map([[3, true]]);
  snap.inputs = [true];
  snap.analog = [1.5];
  const script = [
    't <?xml version="1.0" encoding="utf-8"?>',
    '# a comment the box skips',
    't <data><info>',
    'c h d<date>%02d/%02d/%02d</date>',
    'c v v<firmware>%s</firmware>',
    'c r a<serial>%02X%02X%02X%02X%02X%02X</serial>',
    'c L A<alarme>%d</alarme>',
    't </info><tic1>',
    'c ea1<ADCO>%s</ADCO>',
    'c eo1<OPTARIF>%s</OPTARIF>',
    'c Tn1 <PTEC>%s</PTEC>',
    'c ip1<PAP>%d</PAP>',
    'c ii10<IINST>%d</IINST>',
    'c TP1<H_PLEINE>%09u</H_PLEINE>',
    'c Tc12<HCHC>%09u</HCHC>',
    't </tic1>',
    'c ea2<ADCO2>%s</ADCO2>',
    'c P A1<I1>%.02f</I1>',
    'c P W1<INDEX1>%d</INDEX1>',
    'c PPU1<power>%s</power>',
    'c PVV  <V>%d</V>',
    'c W0T0<SONDE1>%.01f</SONDE1>',
    'c W0T1<SONDE2>%.01f</SONDE2>',
    'c o R1<RELAIS1>%s</RELAIS1>',
    'c l\tE1 <ENTREE1>%d</ENTREE1>',
    'c la <AD1>%.02f</AD1><AD2>%.02f</AD2><AD3>%.02f</AD3><AD4>%.02f</AD4>',
    'c lSE3<SWITCH3>%d</SWITCH3>',
    'c zz9<UNKNOWN>%d</UNKNOWN><TXT>%s</TXT>',
    'c WRo',
    't </data>',
    '.',
    't after the end',
  ].join('\r\n');
  const out = expandCgx(script, snap, { alarm: true, serial: [0, 0x1e, 0xc0, 1, 2, 0xab], hardware: 'x', freeGB: 3.5 });
  assert.equal(
    out,
    '<?xml version="1.0" encoding="utf-8"?><data><info><date>01/05/2017</date><firmware>V0.61D</firmware><serial>001EC00102AB</serial>' +
      '<alarme>1</alarme></info><tic1><ADCO>021861820554</ADCO><OPTARIF>HC..</OPTARIF><PTEC>H. Pleines</PTEC><PAP>8400</PAP>' +
      '<IINST>30</IINST><H_PLEINE>048437741</H_PLEINE><HCHC>021610695</HCHC></tic1><ADCO2>Pas Dispo</ADCO2><I1>1.23</I1>' +
      '<INDEX1>29386970</INDEX1><power>280 W cos phi 0.97</power><V>231</V><SONDE1>22.0</SONDE1><SONDE2>0.0</SONDE2>' +
      '<RELAIS1>ON</RELAIS1><ENTREE1>1</ENTREE1><AD1>1.50</AD1><AD2>0.00</AD2><AD3>0.00</AD3><AD4>0.00</AD4><SWITCH3>1</SWITCH3>' +
      '<UNKNOWN>0</UNKNOWN><TXT>Pas Dispo</TXT><relais1W><RELAIS101>ON</RELAIS101><RELAIS102>OFF</RELAIS102><RELAIS103>OFF</RELAIS103>' +
      '<RELAIS104>OFF</RELAIS104><RELAIS105>OFF</RELAIS105><RELAIS106>OFF</RELAIS106><RELAIS107>OFF</RELAIS107><RELAIS108>OFF</RELAIS108></relais1W></data>',
  );
});
