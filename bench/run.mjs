// `npm run bench`: runs every benchmark (bounded, a few minutes), prints a table, and writes
// bench/results/latest.json with the machine it ran on. Run one with `npm run bench -- dispatch`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { runAccept } from './accept.mjs';
import { runCluster } from './cluster.mjs';
import { runDispatch } from './dispatch.mjs';
import { runFootprint } from './footprint.mjs';
import { runQueueDepth } from './queue-depth.mjs';

const all = { accept: runAccept, dispatch: runDispatch, 'queue-depth': runQueueDepth, footprint: runFootprint, cluster: runCluster };
const only = process.argv.slice(2);
const results = [];
for (const [name, run] of Object.entries(all)) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stdout.write(`running ${name}...\n`);
  const started = performance.now();
  const result = await run();
  result.seconds = Math.round((performance.now() - started) / 1000);
  results.push(result);
  process.stdout.write(`${result.met ? 'MET   ' : 'MISSED'} ${name}: ${result.goal}\n`);
  for (const [key, value] of Object.entries(result.figures)) process.stdout.write(`         ${key.padEnd(30)} ${value}\n`);
}
const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
// Results of benchmarks not run this time stay, each with the time it ran.
const file = new URL('./results/latest.json', import.meta.url);
const ranAt = new Date().toISOString();
const earlier = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { results: [] };
const kept = earlier.results.filter((r) => !results.some((n) => n.name === r.name)).map((r) => ({ ranAt: earlier.ranAt, ...r }));
const merged = [...kept, ...results.map((r) => ({ ranAt, ...r }))];
writeFileSync(file, JSON.stringify({ ranAt, machine, results: merged }, null, 2) + '\n');
process.stdout.write(`\nwritten to bench/results/latest.json (${machine.cpus} × ${machine.cpuModel}, Node ${machine.node})\n`);
process.exit(0);
