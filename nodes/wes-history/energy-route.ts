// GET /wes/energy?logger=&source=&period=day|month|year&date=YYYY-MM-DD[&contract=<wes-contract id or name>]
// Energy (Wh) and cost (€) per hour of a day, day of a month or month of a year, per tariff period,
// with the injection beside the withdrawal and the previous period's totals for a comparison.
// On RED.httpNode, so httpNodeAuth and httpNodeMiddleware apply as to every /wes route. Bounded by
// construction: one period is at most 25 hour rows or 366 day rows, twice (this one, the one before).
import type { Express, Request, Response } from 'express';
import type { NodeAPI } from 'node-red';
import { SOURCE_RE } from '../core/csv/paths';
import { changePercent, energyRange, energyReport, type EnergyPeriod, type EnergyReport, type EnergyRange } from '../core/energy/energy';
import type { Contract } from '../core/rules/costs';
import { isProblem } from '../core/problem';
import { readHistory } from '../io/files/history-reader';
import { findLogger, type LoggerEntry } from '../wes-logger/registry';
import type { WesContractNode } from '../wes-contract/contract-node';
import { explain } from '../shared/problems';

const registered = new WeakSet<object>();

const str = (req: Request, name: string): string | undefined => {
  const v = (req.query as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : undefined;
};

/** A wes-contract by id, then by name; undefined when none is named. */
function contractOf(RED: NodeAPI, ref: string | undefined): Contract | undefined | string {
  if (!ref) return undefined;
  let node = RED.nodes.getNode(ref) as WesContractNode | null;
  if (!node) {
    const named: WesContractNode[] = [];
    RED.nodes.eachNode((n) => {
      if (n.type === 'wes-contract' && (n as { name?: string }).name === ref) {
        const live = RED.nodes.getNode(n.id) as WesContractNode | null;
        if (live) named.push(live);
      }
    });
    if (named.length !== 1) return `no single wes-contract with id or name "${ref}"`;
    node = named[0] as WesContractNode;
  }
  if (node.type !== 'wes-contract') return `"${ref}" is not a wes-contract`;
  return node.contract ?? `wes-contract "${ref}" has no valid contract: ${node.contractError ?? 'invalid configuration'}`;
}

async function report(entry: LoggerEntry, source: string, range: EnergyRange, contract?: Contract): Promise<EnergyReport> {
  const rows = await readHistory(entry.store, { source, from: range.from, to: range.to, resolution: range.resolution });
  return energyReport(range, rows, contract, Date.now());
}

export interface EnergyAnswer extends EnergyReport {
  source: string;
  unit: 'Wh';
  previousTotals: EnergyReport['totals'];
  change: { importPct: number | null; exportPct: number | null; costPct: number | null };
}

async function handle(RED: NodeAPI, req: Request, res: Response): Promise<void> {
  const bad = (status: number, error: string): void => {
    res.status(status).json({ error });
  };
  const entry = findLogger(str(req, 'logger') ?? '');
  if (typeof entry === 'string') return bad(404, entry);
  const source = str(req, 'source') ?? '';
  // HTTP answers are for the programs that call them: in English, as the rest of the API.
  if (!SOURCE_RE.test(source)) return bad(400, `"${source}" is not a source name (letters, digits, "_", "-")`);
  const range = energyRange((str(req, 'period') ?? 'day') as EnergyPeriod, str(req, 'date') ?? '');
  if (isProblem(range)) return bad(400, explain(range));
  const contract = contractOf(RED, str(req, 'contract'));
  if (typeof contract === 'string') return bad(404, contract);
  const now = await report(entry, source, range, contract);
  const prevRange = energyRange(range.period, range.previous) as EnergyRange;
  const before = await report(entry, source, prevRange, contract);
  const answer: EnergyAnswer = {
    source,
    unit: 'Wh',
    ...now,
    previousTotals: before.totals,
    change: {
      importPct: changePercent(now.totals.importWh, before.totals.importWh),
      exportPct: changePercent(now.totals.exportWh, before.totals.exportWh),
      costPct:
        now.totals.costEur === null || before.totals.costEur === null ? null : changePercent(now.totals.costEur, before.totals.costEur),
    },
  };
  res.json(answer);
}

export function registerEnergyRoute(RED: NodeAPI): void {
  const app = RED.httpNode as unknown as Express;
  if (!app || registered.has(app)) return;
  registered.add(app);
  app.get('/wes/energy', (req: Request, res: Response) => {
    handle(RED, req, res).catch((e: unknown) => {
      if (res.headersSent) res.destroy();
      else res.status(500).json({ error: e instanceof Error ? e.message : String(e) });
    });
  });
}
