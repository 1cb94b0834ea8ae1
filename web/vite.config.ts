import { defineConfig } from 'vite';

declare const process: { env: Record<string, string | undefined> };

// The bundle is embedded in the Go binary and compared byte for byte with a
// fresh build in CI, so output names keep only content hashes and the build
// directory is fully replaced on every run.
export default defineConfig({
  base: '/',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  // `npm run dev` serves the sources with hot reload and sends the console
  // API to a running server, so the session cookie stays same-origin.
  server: {
    host: '127.0.0.1',
    proxy: {
      '/console/api': { target: process.env.OPENWATCH_ENDPOINT || 'http://127.0.0.1:4590', changeOrigin: false },
    },
  },
  build: {
    // The bundle check in internal/console builds into a temporary folder.
    outDir: process.env.OPENWATCH_CONSOLE_OUTDIR || '../internal/console/dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1024,
  },
});
