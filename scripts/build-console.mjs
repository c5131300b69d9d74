// Builds the console (console/src, Preact) into dist/console-ui: one minified script and its stylesheet.
// Run by `npm run build` (and so by `npm start` and `npm test`); esbuild takes well under a second.
import { build } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';

mkdirSync('dist/console-ui', { recursive: true });
await build({
  entryPoints: ['console/src/main.tsx'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outfile: 'dist/console-ui/app.js',
  logLevel: 'warning',
  legalComments: 'none',
});
cpSync('console/src/app.css', 'dist/console-ui/app.css');
