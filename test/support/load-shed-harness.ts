// Steps the load-shedding reducer in sequence for the unit tests and the bench, with the calls
// they were written against (sample, tick, route…), and turns reason codes into the en-US text
// the node would show, so a test reads the same sentence a user does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  initialLoadShedState,
  rankOf,
  shedLoads,
  stepLoadShed,
  nextDeadlineMs,
  type Decision,
  type EngineSnapshot,
  type LoadShedState,
  type LoadState,
  type Reason,
  type ShedInputEvent,
  type ShedOptions,
  type ShedSample,
} from '../../nodes/core/rules/load-shed';
import type { ShedInputError } from '../../nodes/core/rules/shed-input';

const catalog = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'nodes', 'wes-load-shed', 'locales', 'en-US', 'wes-load-shed.json'), 'utf8'),
) as {
  'wes-load-shed': { reason: Record<string, string>; errors: { input: Record<string, string> } };
};

function render(template: string | undefined, code: string, params: Record<string, string | number>): string {
  if (template === undefined) throw new Error(`no en-US text for ${code}`);
  return template.replace(/__(\w+)__/g, (_, name: string) => String(params[name] ?? ''));
}

/** A decision's reason in English, as the node's catalog renders it. */
export function reasonText(r: Reason): string {
  return render(catalog['wes-load-shed'].reason[r.code], r.code, r.params);
}

/** A refused input (shed-input's code) in English, as the node's catalog renders it. */
export function inputErrorText(e: ShedInputError): string {
  return render(catalog['wes-load-shed'].errors.input[e.code], e.code, e.params);
}

export class LoadShedEngine {
  state: LoadShedState;

  constructor(
    private readonly o: ShedOptions,
    tMs: number,
    restored?: Partial<LoadShedState> | EngineSnapshot,
  ) {
    this.state = initialLoadShedState(o, tMs, restored);
  }

  private step(input: ShedInputEvent, tMs: number): Decision[] {
    const r = stepLoadShed(this.state, input, tMs, this.o);
    this.state = r.state;
    return r.effects.map((e) => e.decision);
  }

  sample(s: ShedSample): Decision[] {
    return this.step({ kind: 'sample', sample: s }, s.tMs);
  }

  tick(tMs: number): Decision[] {
    return this.step({ kind: 'tick' }, tMs);
  }

  feedLost(tMs: number): Decision[] {
    return this.step({ kind: 'lost' }, tMs);
  }

  override(load: number, untilMs: number | null, tMs: number): Decision[] {
    return this.step({ kind: 'override', load, untilMs }, tMs);
  }

  route(load: number, on: boolean, tMs: number, text: string): Decision[] {
    return this.step({ kind: 'route', load, on, text }, tMs);
  }

  setPriority(order: readonly number[]): boolean {
    const r = stepLoadShed(this.state, { kind: 'priority', order }, 0, this.o);
    this.state = r.state;
    return r.refused !== true;
  }

  priorityOrder(): readonly number[] {
    return this.state.priority;
  }

  rankOf(load: number): number {
    return rankOf(this.state, load);
  }

  shedLoads(): number[] {
    return shedLoads(this.state, this.o);
  }

  snapshot(): LoadShedState {
    return this.state;
  }

  get states(): readonly LoadState[] {
    return this.state.loads;
  }

  get isLost(): boolean {
    return this.state.lost;
  }

  recentDecisions(): readonly Decision[] {
    return this.state.log;
  }

  nextDeadlineMs(): number | null {
    return nextDeadlineMs(this.state, this.o);
  }
}
