// Runs the console's unit tests (src/**/*.test.ts) with Node's own test
// runner: Vite bundles each test file for Node first, since Node cannot load
// TypeScript or extension-less imports by itself.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

function findTests(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...findTests(p));
    else if (/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

const tests = findTests(join(root, 'src'));
if (!tests.length) {
  console.error('no test files under src/');
  process.exit(1);
}
const outDir = mkdtempSync(join(tmpdir(), 'openwatch-console-tests-'));
try {
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    ssr: { noExternal: true },
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      minify: false,
      rollupOptions: {
        // Node's builtins stay imports: bundling would swap node:test for a
        // userland package of the same name.
        external: [/^node:/],
        input: Object.fromEntries(tests.map((t) => [relative(join(root, 'src'), t).replace(/\.tsx?$/, '').replace(/[\\/]/g, '__'), t])),
        output: { format: 'es', entryFileNames: '[name].mjs' },
      },
    },
  });
  const files = readdirSync(outDir).filter((f) => f.endsWith('.test.mjs')).map((f) => join(outDir, f));
  const res = spawnSync(process.execPath, ['--test', ...files], { stdio: 'inherit' });
  process.exitCode = res.status ?? 1;
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
