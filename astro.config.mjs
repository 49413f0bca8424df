// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import { randomUUID } from 'node:crypto';

/**
 * `__BEACON_BUILD__`: an identity of each `astro build`, so HTML a build rendered and kept on disk
 * (the front page's rows) is never used by another build's code. Null under the dev server, whose
 * code changes without a build.
 */
const BUILD_ID = randomUUID();
const buildIdentity = {
  name: 'beacon-build-identity',
  /** @param {unknown} _config @param {{ command: string }} env */
  config: (_config, env) => ({ define: { __BEACON_BUILD__: JSON.stringify(env.command === 'build' ? BUILD_ID : null) } }),
};

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
    plugins: [buildIdentity],
    // Native addon: loaded from node_modules at run time, never bundled.
    ssr: { external: ['better-sqlite3'] },
    // Scripts always as files, never inlined: the pages' CSP allows no inline script.
    build: { assetsInlineLimit: 0 },
  },
});
