// Builds, then runs every *.test.ts under src/ with Node's own test runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [--reliability] [substring-filter]
// --reliability runs the *.reliability.ts suites instead (crash, outage, fuzz, access, load).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const reliability = process.argv.includes('--reliability');
const suffix = reliability ? '.reliability.ts' : '.test.ts';

function findTests(dir) {
  let found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found = found.concat(findTests(path));
    else if (name.endsWith(suffix)) found.push(path);
  }
  return found;
}

// The PostgreSQL suites need a server: start the local one if it is installed but stopped.
spawnSync('bash', ['scripts/ensure-postgres.sh'], { stdio: 'inherit' });
// The console's tests drive a real Chromium (Debian's package): install it when missing and possible.
spawnSync('bash', ['scripts/ensure-chromium.sh'], { stdio: 'inherit' });

// End-to-end tests run the built command, as users do: build first.
const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const filter = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
const files = ['src']
  .flatMap((dir) => { try { return findTests(dir); } catch { return []; } })
  .filter((file) => !filter || file.includes(filter))
  .sort();
// Reliability suites load the machine: one at a time.
const concurrency = reliability ? 1 : 2;
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
