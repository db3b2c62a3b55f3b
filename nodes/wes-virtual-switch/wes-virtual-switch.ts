// wes-virtual-switch: one of the WES's virtual switches (vs1…vs24), or its alarm, as a node. A
// flow sets it on the input; an HTTP client sets it through wes-http-api (AJAX.CGX?vs1=ON,
// fvs=1, alarme=ON); either way the output says the new state, so rules read it as they read a
// relay. The state survives a restart (the state file), and shows in data.cgx's switch_virtuel.
import type { NodeAPI, NodeMessage } from 'node-red';
import { applySwitch, parseSwitchCommand, VIRTUAL_SWITCHES, type SwitchAction } from '../core/virtual/switch';
import { readJson, writeJsonAtomic } from '../io/state/atomic-json';
import { defineNode } from '../shared/define-node';
import { defineConfig, withDefaults } from '../shared/node-config';
import { registerSwitch, unregisterSwitch, type SwitchKey, type SwitchSource } from './switch-registry';

interface SwitchConfig {
  name: string;
  mode: 'switch' | 'alarm';
  number: number;
  startState: 'off' | 'on' | 'restore';
}

const configSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', maxLength: 64 },
    mode: { enum: ['switch', 'alarm'] },
    number: { type: 'integer', minimum: 1, maximum: VIRTUAL_SWITCHES },
    startState: { enum: ['off', 'on', 'restore'] },
  },
  required: ['mode', 'number', 'startState'],
};

const defaults = { name: '', mode: 'switch', number: 1, startState: 'restore' };

const config = defineConfig<SwitchConfig>({ type: 'wes-virtual-switch', schema: withDefaults(configSchema, defaults) });

export = function (RED: NodeAPI) {
  defineNode<SwitchConfig>(RED, {
    type: 'wes-virtual-switch',
    dir: __dirname,
    config,
    setup({ node, config: c, t, status, stateFile, onInput, onClose, fail, explain }) {
      const key: SwitchKey = c.mode === 'alarm' ? 'alarm' : c.number;
      const wesName = c.mode === 'alarm' ? 'alarme' : `vs${c.number}`;
      const label = c.name || wesName;

      let on = c.startState === 'on';
      if (c.startState === 'restore') {
        const stored = readJson(stateFile);
        if (stored && 'error' in stored) node.warn(t('errors.restore', { text: stored.error }));
        else if (stored && typeof (stored.value as { on?: unknown }).on === 'boolean') on = (stored.value as { on: boolean }).on;
      }

      const save = () => {
        try {
          writeJsonAtomic(stateFile, { v: 1, on });
        } catch (e) {
          node.error(t('errors.save', { text: (e as Error).message }));
        }
      };
      const showStatus = () => status.set(on ? 'ok' : 'idle', `${wesName} ${on ? 'ON' : 'OFF'}`);
      const output = (source: SwitchSource) =>
        node.send({
          topic: label,
          payload: on,
          state: on ? 'ON' : 'OFF',
          virtualSwitch: { wes: wesName, name: label, source },
        } as NodeMessage);

      const set = (action: SwitchAction, source: SwitchSource): boolean => {
        const next = applySwitch(on, action);
        const changed = next !== on;
        on = next;
        if (changed) save();
        // a change from any side is said; "status" asks for the state without changing it
        if (changed || action === 'status') output(source);
        showStatus();
        return on;
      };

      try {
        registerSwitch(key, node.id, { view: () => ({ key, name: label, on }), set });
      } catch (e) {
        return fail(t(c.mode === 'alarm' ? 'errors.secondAlarm' : 'errors.second', { n: c.number, other: (e as Error).message }));
      }
      let closed = false;
      onClose(() => {
        closed = true;
        unregisterSwitch(key, node.id);
      });
      save();
      showStatus();
      // Flows downstream learn the state at start, as from a relay.
      setImmediate(() => {
        if (!closed) output('start');
      });

      onInput((msg) => {
        const parsed = parseSwitchCommand(msg.payload);
        if (!parsed.ok) throw new Error(explain(parsed.error));
        set(parsed.action, 'input');
      });
    },
  });
};
