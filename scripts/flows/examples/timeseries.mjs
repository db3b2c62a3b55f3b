// examples/wes-timeseries.json: a simulated meter written to InfluxDB 1.x / VictoriaMetrics, and
// served to Prometheus on /wes/metrics.
import { Flow } from '../builders.mjs';
import { ticPort } from '../sections/meters.mjs';

export function timeseriesExample() {
  const f = new Flow('ex-ts');
  f.plainTab('tab', {
    label: 'Time series',
    info:
      'The meter into a time-series database: VictoriaMetrics (http://127.0.0.1:8428, line protocol on /write) or InfluxDB 1.x ' +
      '(port 8086, database "wes"); for InfluxDB 2.x choose the 2.x API and give org, bucket and token. While the database is away ' +
      'points wait in memory up to the bound set in the node; the status says how many were dropped beyond it. Prometheus can also ' +
      'scrape /wes/metrics (behind httpNodeAuth when set). Grafana then reads either: see docs/many-boxes.md.',
  });
  ticPort(f, 'port', 'simulated meter', {
    sim: { simMode: 'standard', simPhases: 1, simProducer: false, simOption: 'HC', simKva: 9, simSeed: 2 },
  });
  f.comment('c', 380, 40, 'Every meter frame as a point: measurement wes_meter, tags box, source, period.');
  f.node('tic', 'wes-tic-in', 130, 120, { name: '', topic: 'tic1', port: f.id('port'), output: 'every', interval: 10, lostAfter: 10 }, [
    ['ts'],
    [],
  ]);
  f.node('ts', 'wes-timeseries', 380, 120, {
    name: '',
    box: 'maison',
    api: 'v1',
    url: 'http://127.0.0.1:8428',
    database: 'wes',
    retentionPolicy: '',
    org: '',
    bucket: 'wes',
    intervalS: 0,
    batchSize: 5000,
    flushS: 10,
    bufferPoints: 100000,
    prometheus: true,
  });
  return f.nodes;
}
