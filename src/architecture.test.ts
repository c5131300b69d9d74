// Holds the dependency directions of docs/architecture.md: the domain never reaches for an adapter,
// adapters never reach for each other, and only config/ reads the environment.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const srcDir = dirname(fileURLToPath(import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.contract.ts') ? [path] : [];
  });
}

/** Every import of a file, as a src-relative path for local modules or a package name. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => {
    const target = m[1] as string;
    return target.startsWith('.') ? relative(srcDir, resolve(dirname(file), target)).replace(/\.js$/, '.ts') : target;
  });
}

const files = sourceFiles(srcDir)
  .map((file) => ({ path: relative(srcDir, file), imports: importsOf(file) }))
  .filter((f) => !f.path.startsWith('testing/') && !f.path.startsWith('reliability/'));

const domain = ['core/', 'files/', 'instances/', 'messages/', 'notifications/', 'queue/', 'store/stores.ts', 'transports/transport.ts'];
const adapterOnly = [/^http\//, /^cli\//, /^store\/sqlite\//, /^store\/postgres\//, /^transports\/sandbox\//, /^transports\/offline\//, /^transports\/whatsapp-web\//, /^app\.ts$/];
const adapterPackages = ['fastify', 'better-sqlite3', 'pg', 'baileys', 'pino'];

describe('architecture', () => {
  it('finds the source files it checks', () => {
    assert.ok(files.length > 30);
  });

  it('keeps the domain free of adapters, frameworks and drivers', () => {
    for (const file of files.filter((f) => domain.some((d) => f.path.startsWith(d)))) {
      for (const target of file.imports) {
        assert.ok(!adapterOnly.some((pattern) => pattern.test(target)), `${file.path} imports ${target}`);
        assert.ok(!adapterPackages.includes(target), `${file.path} imports ${target}`);
      }
    }
  });

  it('keeps adapters from importing each other', () => {
    const groups = ['store/sqlite/', 'store/postgres/', 'transports/sandbox/', 'transports/offline/', 'transports/whatsapp-web/', 'http/', 'sandbox/'];
    for (const file of files) {
      const own = groups.find((g) => file.path.startsWith(g));
      if (!own) continue;
      for (const target of file.imports) {
        const other = groups.find((g) => target.startsWith(g) && g !== own);
        // The HTTP layer serves the sandbox's control API, and the sandbox transport speaks the
        // sandbox network's language: those two edges are the design.
        const allowed = (own === 'http/' && other === 'sandbox/') || (own === 'transports/sandbox/' && other === 'sandbox/');
        assert.ok(!other || allowed, `${file.path} imports ${target}`);
      }
    }
  });

  it('lets only the composition root and the CLI pick concrete stores and transports', () => {
    for (const file of files) {
      if (file.path === 'app.ts' || /^store\/(sqlite|postgres)\//.test(file.path) || file.path.startsWith('transports/')) continue;
      for (const target of file.imports) {
        assert.ok(!/^store\/(sqlite|postgres)\/|^transports\/(sandbox|offline|whatsapp-web)\//.test(target), `${file.path} imports ${target}`);
      }
    }
  });

  it('reads process.env only in config/', () => {
    for (const file of files.filter((f) => !f.path.startsWith('config/'))) {
      const text = readFileSync(join(srcDir, file.path), 'utf8');
      assert.ok(!/process\.env\b/.test(text.replace(/NodeJS\.ProcessEnv/g, '')), `${file.path} reads process.env`);
    }
  });
});
