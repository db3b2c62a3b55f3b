// wes-alarms: the alarm history of the supervisor. It takes the events the other nodes already
// send (TIC lost/back and overload from wes-tic-in, shed/restored from wes-load-shed, leaks from
// wes-pulse-in, mains cut/back from wes-ct-meter, a logger's write failure through a Catch node),
// keeps a bounded list in its state file and sends the list with its count of active alarms.
// The list and its rules: nodes/core/alarms/alarms.ts; which message is which alarm: from-message.ts.
import type { NodeAPI, NodeMessage } from 'node-red';
import type { JSONSchemaType } from 'ajv';
import {
  activeCount,
  emptyAlarms,
  isActive,
  restoreAlarms,
  stepAlarms,
  type Alarm,
  type AlarmInput,
  type AlarmsState,
} from '../core/alarms/alarms';
import { alarmInputOf } from '../core/alarms/from-message';
import { problem } from '../core/problem';
import { ThrottledWriter, readJson } from '../io/state/atomic-json';
import { explain, runtimeLang } from '../shared/problems';
import { defineNode } from '../shared/define-node';
import { defineConfig } from '../shared/node-config';

interface AlarmsConfig {
  name: string;
  max: number;
  /** '' = the runtime's language. */
  lang: '' | 'fr' | 'en';
  /** Lines `tic2 = Meter 2`: the names the sentences use for each source. */
  sources: string;
}

const schema: JSONSchemaType<AlarmsConfig> = {
  type: 'object',
  properties: {
    name: { type: 'string', default: '' },
    max: { type: 'number', minimum: 10, maximum: 5000, default: 500 },
    lang: { type: 'string', enum: ['', 'fr', 'en'], default: '' },
    sources: { type: 'string', default: '' },
  },
  required: [],
};

/** A source line is `key = name`; blank lines and lines starting with # are comments. */
function sourceNames(text: string): { names: Map<string, string>; bad: string | null } {
  const names = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([^=\s]+)\s*=\s*(.+)$/.exec(line);
    if (!m) return { names, bad: line };
    names.set(m[1], m[2].trim());
  }
  return { names, bad: null };
}

const configSpec = defineConfig<AlarmsConfig>({
  type: 'wes-alarms',
  schema,
  checks: [(c) => (sourceNames(c.sources).bad !== null ? `sources: "${sourceNames(c.sources).bad}" is not "key = name"` : null)],
});

/** How long a change may wait in memory before it is on disk: what a SIGKILL or a power cut can lose. */
const SAVE_WITHIN_MS = 1000;

export = function (RED: NodeAPI): void {
  defineNode<AlarmsConfig>(RED, {
    type: 'wes-alarms',
    dir: __dirname,
    config: configSpec,
    setup({ node, config: c, t, status, stateFile, onInput, onClose }) {
      const lang = c.lang === 'fr' || (c.lang === '' && /^fr/i.test(runtimeLang(RED) ?? '')) ? 'fr' : 'en-US';
      const names = sourceNames(c.sources).names;
      const options = { max: c.max };
      let state: AlarmsState = emptyAlarms();
      const stored = readJson(stateFile);
      if (stored && 'error' in stored) node.warn(t('errors.stateFile', { text: stored.error }));
      else if (stored) state = restoreAlarms(stored.value, options);
      const writer = new ThrottledWriter(
        stateFile,
        () => ({ v: 1, ...state }),
        SAVE_WITHIN_MS,
        (text) => node.error(t('errors.save', { text })),
      );

      const view = (a: Alarm) => {
        const source = names.get(a.source) ?? a.source;
        return {
          id: a.id,
          code: a.code,
          source: a.source,
          params: a.params,
          text: explain(problem(`alarms.${a.code}`, { ...a.params, source }), lang),
          active: isActive(a),
          raisedAt: new Date(a.raisedMs).toISOString(),
          clearedAt: a.clearedMs === null ? null : new Date(a.clearedMs).toISOString(),
        };
      };
      const showStatus = (): void => {
        const n = activeCount(state);
        if (n === 0) status.set('idle', t('status.none', { total: state.alarms.length }));
        else status.set('lost', t('status.active', { n, text: view(state.alarms.find(isActive) as Alarm).text }));
      };
      const listMessage = (): NodeMessage =>
        ({
          topic: 'alarms',
          payload: { active: activeCount(state), total: state.alarms.length, alarms: state.alarms.map(view) },
        }) as NodeMessage;

      const apply = (input: AlarmInput): void => {
        const r = stepAlarms(state, input, Date.now(), options);
        if (!r.changed) return;
        state = r.state;
        writer.markDirty();
        const one = r.alarm
          ? ({ topic: isActive(r.alarm) ? 'alarms/raised' : 'alarms/cleared', payload: view(r.alarm) } as NodeMessage)
          : null;
        node.send([listMessage(), one]);
        showStatus();
      };

      onInput((msg) => {
        if (msg.payload === 'status') {
          node.send([listMessage(), null]);
          return;
        }
        if (msg.payload === 'acknowledge') {
          apply({ kind: 'acknowledge' });
          return;
        }
        const r = alarmInputOf(msg);
        if (!r.ok) throw new Error(t('errors.input'));
        if (r.value) apply(r.value);
      });
      // The dashboard gets the list restored from the file without asking.
      const first = setTimeout(() => node.send([listMessage(), null]), 100);
      onClose(() => clearTimeout(first));
      // registered last, so it runs first on close: whatever is in memory goes to the file now
      onClose(() => writer.flush());
      showStatus();
    },
  });
};
