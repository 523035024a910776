import { writeFileSync } from 'node:fs';
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
    // After every plugin has finished the chunks (Vite fills in its preload lists late).
    writeBundle(options, bundle) {
      const { files, gzipBytes } = firstLoad(bundle);
      const line = `first-load JavaScript: ${kilobytes(gzipBytes)} gzip (budget ${kilobytes(FIRST_LOAD_BUDGET_BYTES)}) in ${files.join(', ')}`;
      if (gzipBytes > FIRST_LOAD_BUDGET_BYTES) this.error(`${line}: over budget`);
      this.info(line);
      for (const output of Object.values(bundle)) {
        if (!/\.(js|css|svg|json|html)$/.test(output.fileName)) continue;
        const source = output.type === 'chunk' ? output.code : output.source;
        const file = join(options.dir ?? '', output.fileName);
        writeFileSync(`${file}.gz`, gzipSync(source, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(source));
      }
    },
  };
}

const consoleServer = process.env.CONSOLE_DEV_SERVER ?? 'http://127.0.0.1:3005';

export default defineConfig(({ command }) => ({
  root: import.meta.dirname,
  // A build is for production whatever NODE_ENV the caller has (Jest sets "test", which would
  // otherwise bundle React's development build).
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  plugins: [react(), firstLoadBudget()],
  build: {
    outDir: join(import.meta.dirname, '../../../dist/console/web'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 700,
  },
  // `npx vite apps/console/web`: hot reload against a running console server (npm start).
  server: { proxy: { '/api': consoleServer, '/config.json': consoleServer } },
}));
