// 1. Accept path: sendButtons at saturation against Waypost and against a baseline that parses the same
// body on the same framework and stores nothing. Goal: Waypost >= 0.6x the baseline's requests/s, with
// every answered message committed (counted in the database afterwards).
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { startChild, stopChild, tempDir } from './lib.mjs';

export const body = JSON.stringify({
  chatId: '79990000002@c.us',
  message: 'Your order #4521 is ready. Would you like it delivered today or will you pick it up?',
  footer: 'Reply with a button or its number',
  buttons: [
    { buttonId: 'deliver', buttonText: 'Deliver today' },
    { buttonId: 'pickup', buttonText: 'I will pick it up' },
    { buttonId: 'later', buttonText: 'Ask me later' },
  ],
});

export function load(url, durationSeconds) {
  return autocannon({ url, method: 'POST', body, headers: { 'content-type': 'application/json' }, connections: 64, pipelining: 1, duration: durationSeconds });
}

export async function runAccept({ durationSeconds = 10 } = {}) {
  const baseline = await startChild(['bench/baseline-server.mjs'], /is listening on (\S+)/);
  const baseUrl = `${baseline.match[1]}/waInstance1101000001/sendButtons/${'0'.repeat(50)}`;
  await load(baseUrl, 2);
  const base = await load(baseUrl, durationSeconds);
  await stopChild(baseline.child);

  const dataDir = tempDir('accept');
  const waypost = await startChild(['bin/waypost.js', 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'], /apiTokenInstance\s+([0-9a-f]{50})[\s\S]*?apiUrl\s+(\S+)/);
  const id = /idInstance\s+(\d+)/.exec(waypost.output())[1];
  const url = `${waypost.match[2]}/waInstance${id}/sendButtons/${waypost.match[1]}`;
  const warm = await load(url, 2);
  const ours = await load(url, durationSeconds);
  await stopChild(waypost.child);

  const db = new Database(join(dataDir, 'waypost.sqlite'), { readonly: true });
  const committed = db.prepare('SELECT count(*) AS n FROM outgoing_messages').get().n;
  db.close();
  // Requests cut off when a run ends may be committed without their answer being counted: allow that many.
  const answered = warm['2xx'] + ours['2xx'];
  const everyAnsweredCommitted = committed >= answered && committed <= answered + 2 * 64;
  const ratio = ours.requests.average / base.requests.average;
  return {
    name: 'accept',
    figures: {
      baselineRequestsPerSecond: Math.round(base.requests.average),
      waypostRequestsPerSecond: Math.round(ours.requests.average),
      ratio: Number(ratio.toFixed(2)),
      waypostLatencyP50Ms: ours.latency.p50,
      waypostLatencyP99Ms: ours.latency.p99,
      baselineLatencyP50Ms: base.latency.p50,
      baselineLatencyP99Ms: base.latency.p99,
      answered2xx: answered,
      committedRows: committed,
      non2xx: ours.non2xx,
    },
    goal: 'Waypost >= 0.6x baseline requests/s, every answered message committed',
    met: ratio >= 0.6 && everyAnsweredCommitted && ours.non2xx === 0,
  };
}
