// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

export default defineConfig({
  output: 'server',
  // BEACON_OUT_DIR lets parallel test runs build side by side (relative to the project root).
  outDir: process.env.BEACON_OUT_DIR || './dist',
  // HOST and PORT are read at run time by the standalone server (defaults localhost:4321).
  adapter: node({ mode: 'standalone' }),
  // Our middleware refuses cross-site form posts instead (src/server/auth/csrf.ts): without
  // security.allowedDomains Astro sees every request as http://localhost, so its own check would
  // refuse same-site posts on any other host or port.
  security: { checkOrigin: false },
  vite: {
    // Native addon: loaded from node_modules at run time, never bundled.
    ssr: { external: ['better-sqlite3'] },
    // Scripts always as files, never inlined: the pages' CSP allows no inline script.
    build: { assetsInlineLimit: 0 },
  },
});
