import { brotliCompressSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { firstLoad, FIRST_LOAD_BUDGET_BYTES, kilobytes } from '../src/first-load';

/**
 * Prints the first load (entry chunk and its static imports, gzip) and fails the build above the
 * budget; writes .gz and .br next to each asset, which the console server sends when asked.
 */
function firstLoadBudget(): Plugin {
  return {
    name: 'first-load-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const { files, gzipBytes } = firstLoad(bundle);
      const line = `first-load JavaScript: ${kilobytes(gzipBytes)} gzip (budget ${kilobytes(FIRST_LOAD_BUDGET_BYTES)}) in ${files.join(', ')}`;
      if (gzipBytes > FIRST_LOAD_BUDGET_BYTES) this.error(`${line}: over budget`);
      this.info(line);
      for (const output of Object.values(bundle)) {
        const source = output.type === 'chunk' ? output.code : output.source;
        if (!/\.(js|css|svg|json|html)$/.test(output.fileName)) continue;
        this.emitFile({
          type: 'asset',
          fileName: `${output.fileName}.gz`,
          source: gzipSync(source, { level: 9 }),
        });
        this.emitFile({
          type: 'asset',
          fileName: `${output.fileName}.br`,
          source: brotliCompressSync(source),
        });
      }
    },
  };
}

const consoleServer = process.env.CONSOLE_DEV_SERVER ?? 'http://127.0.0.1:3005';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), firstLoadBudget()],
  build: {
    outDir: join(import.meta.dirname, '../../../dist/console/web'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 700,
  },
  // `npx vite apps/console/web`: hot reload against a running console server (npm start).
  server: { proxy: { '/api': consoleServer, '/config.json': consoleServer } },
});
