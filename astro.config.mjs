// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  // Cross-origin form posts are refused before any handler runs.
  security: { checkOrigin: true },
  server: { host: process.env.HOST ?? 'localhost', port: Number(process.env.PORT ?? 4321) },
  vite: {
    // Native addon: loaded from node_modules at run time, never bundled.
    ssr: { external: ['better-sqlite3'] },
  },
});
