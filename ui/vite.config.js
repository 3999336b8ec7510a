import { defineConfig } from 'vite';

// Built into the gateway's classpath: the jar serves it at /ui, no node at run time.
export default defineConfig({
  base: '/ui/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../src/main/resources/ui',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 200,
  },
});
