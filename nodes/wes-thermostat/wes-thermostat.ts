// wes-thermostat: temperature readings from any sensor message → heat (or cool) on/off, with
// hysteresis, minimum cycle times, frost protection and a safe state when the sensor goes quiet.
// The setpoint is fixed, follows comfort windows (the scheduler's text) or comes by message.
// Decisions are nodes/core/rules/thermostat.ts.
import type { NodeAPI, NodeMessage } from 'node-red';
import type { JSONSchemaType } from 'ajv';
import { parseSchedule, scheduleActive, type ScheduleContext, type WeeklySchedule } from '../core/rules/schedule';
import {
  initialThermostat,
  reading,
  setpoint as changeSetpoint,
  thermostatDeadline,
  tickThermostat,
  type ThermostatOptions,
  type ThermostatState,
} from '../core/rules/thermostat';
import { defineConfig } from '../shared/node-config';
import { systemClocks } from '../shared/clock';
import { problem } from '../core/problem';
import { defineNode } from '../shared/define-node';

interface ThermostatConfig {
  name: string;
  setpoint: number;
  ecoSetpoint: number;
  comfortSchedule: string;
  hysteresis: number;
  minOnS: number;
  minOffS: number;
  frostProtection: boolean;
  frost: number;
  sensorLostS: number;
  lostOutput: 'on' | 'off' | 'hold';
  mode: 'heat' | 'cool';
  payloadOn: string;
  payloadOff: string;
}

const schema: JSONSchemaType<ThermostatConfig> = {
  type: 'object',
  properties: {
    name: { type: 'string', default: '' },
    setpoint: { type: 'number', minimum: -30, maximum: 100, default: 20 },
    ecoSetpoint: { type: 'number', minimum: -30, maximum: 100, default: 17 },
    comfortSchedule: { type: 'string', default: '' },
    hysteresis: { type: 'number', minimum: 0, maximum: 20, default: 0.5 },
    minOnS: { type: 'number', minimum: 0, maximum: 86_400, default: 300 },
    minOffS: { type: 'number', minimum: 0, maximum: 86_400, default: 300 },
    frostProtection: { type: 'boolean', default: true },
    frost: { type: 'number', minimum: -10, maximum: 15, default: 7 },
    sensorLostS: { type: 'number', minimum: 1, maximum: 86_400, default: 900 },
    lostOutput: { type: 'string', enum: ['on', 'off', 'hold'], default: 'off' },
    mode: { type: 'string', enum: ['heat', 'cool'], default: 'heat' },
    payloadOn: { type: 'string', minLength: 1, default: 'on' },
    payloadOff: { type: 'string', minLength: 1, default: 'off' },
  },
  required: [],
};
const config = defineConfig({ type: 'wes-thermostat', schema });

const PARIS: ScheduleContext = { timeZone: 'Europe/Paris', latitude: 48.8566, longitude: 2.3522, holidayMode: 'sunday' };

/** A temperature from a number, a numeric string, or {temperature | temperatureC | value}. */
function temperatureOf(p: unknown): number | null {
  const n = typeof p === 'string' && p.trim() !== '' ? Number(p) : p;
  if (typeof n === 'number') return Number.isFinite(n) && n > -60 && n < 150 ? n : null;
  if (typeof p === 'object' && p !== null) {
    const o = p as Record<string, unknown>;
    for (const k of ['temperatureC', 'temperature', 'value']) if (k in o) return temperatureOf(o[k]);
  }
  return null;
}

export = function (RED: NodeAPI): void {
  defineNode(RED, {
    type: 'wes-thermostat',
    dir: __dirname,
    config,
    setup({ node, config: c, t, status, onInput, every, fail, explain }) {
      let comfort: WeeklySchedule | null = null;
      if (c.comfortSchedule.trim()) {
        const p = parseSchedule(c.comfortSchedule);
        if (!p.ok) fail(p.error);
        else comfort = p.value;
      }
      const o: ThermostatOptions = {
        hysteresisC: c.hysteresis,
        minOnMs: c.minOnS * 1000,
        minOffMs: c.minOffS * 1000,
        frostC: c.frostProtection ? c.frost : null,
        sensorLostMs: c.sensorLostS * 1000,
        lostOutput: c.lostOutput,
        mode: c.mode,
      };
      let forced: number | null = null;
      const setpointAt = (tMs: number): number =>
        forced ?? (comfort ? (scheduleActive(comfort, tMs, PARIS) ? c.setpoint : c.ecoSetpoint) : c.setpoint);
      // The comfort schedule is a calendar question (wall clock); minimum times and the
      // sensor-lost timeout are durations (monotonic), so an NTP step cannot keep the heating on.
      const mono = systemClocks.monoMs;
      const wall = systemClocks.wallMs;
      let s: ThermostatState = initialThermostat(setpointAt(wall()), mono());
      let sent: boolean | null = null;

      const output = (force: boolean, extra: Partial<NodeMessage> = {}): void => {
        if (!force && sent === s.on) return;
        sent = s.on;
        node.send({
          ...extra,
          topic: c.name || 'thermostat',
          payload: s.on ? c.payloadOn : c.payloadOff,
          thermostat: {
            on: s.on,
            temperatureC: s.temperatureC,
            setpointC: s.setpointC,
            lost: s.lost,
            why:
              explain(s.why) +
              (s.waitsFor ? ` (${explain(problem(s.waitsFor === 'on' ? 'thermostat.waitsOn' : 'thermostat.waitsOff'))})` : ''),
            forcedSetpoint: forced !== null,
          },
        } as NodeMessage);
      };
      const showStatus = (): void => {
        const state = s.on ? 'ON' : 'OFF';
        if (s.lost) status.set('lost', t('status.lost', { state }));
        else if (s.temperatureC === null) status.set('waiting', t('status.waiting'));
        else status.set(s.on ? 'ok' : 'idle', t('status.running', { state, temperature: s.temperatureC, setpoint: s.setpointC }));
      };
      const apply = (next: ThermostatState, extra?: Partial<NodeMessage>): void => {
        s = next;
        output(false, extra);
        showStatus();
      };

      every(1000, () => {
        const now = mono();
        const sp = setpointAt(wall());
        let next = sp !== s.setpointC ? changeSetpoint(s, sp, now, o) : s;
        const due = thermostatDeadline(next, o);
        if (due !== null && now >= due) next = tickThermostat(next, now, o);
        apply(next);
      });

      onInput((msg) => {
        const now = mono();
        if (msg.payload === 'status') {
          output(true, { _msgid: msg._msgid });
          return;
        }
        const sp = msg.setpoint ?? (msg.topic === 'setpoint' ? msg.payload : undefined);
        if (sp !== undefined) {
          if (sp === 'auto' || sp === null) forced = null;
          else if (typeof sp === 'number' && Number.isFinite(sp) && sp > -30 && sp < 100) forced = sp;
          else throw new Error(t('errors.setpoint'));
          apply(changeSetpoint(s, setpointAt(wall()), now, o), { _msgid: msg._msgid });
          return;
        }
        const temp = temperatureOf(msg.payload);
        if (temp === null) throw new Error(t('errors.temperature'));
        apply(reading(s, temp, now, o), { _msgid: msg._msgid });
      });
      showStatus();
    },
  });
};
