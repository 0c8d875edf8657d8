// Builds the desktop app into out/: main (Node, ESM), preload (sandboxed, so one CommonJS file) and
// renderer (React). The CLI has its own build (scripts/build-cli.mjs).

import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY, contentSecurityPolicy } from './src/main/security/content-security-policy';

/** The React refresh preamble is the one inline script of the dev page; the dev policy allows it by hash. */
const DEV_INLINE_SCRIPT_HASHES = [sha256(react.preambleCode.replace('__BASE__', '/'))];

export default defineConfig(({ command }) => ({
  main: {
    build: {
      rolldownOptions: {
        // job-worker runs imports off the main thread; services/app-services.ts finds it beside index.js.
        input: {
          index: resolve('src/main/index.ts'),
          'job-worker': resolve('src/main/services/jobs/job-worker.ts'),
          'stage-worker': resolve('src/main/ingest/stage-worker.ts'),
        },
        // Native modules load from node_modules, built for Electron (scripts/native-modules.mjs).
        external: ['better-sqlite3', 'keytar'],
      },
    },
    define: {
      SSHLENS_DEV_SCRIPT_HASHES: JSON.stringify(command === 'serve' ? DEV_INLINE_SCRIPT_HASHES : []),
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron': bundle everything else into the one file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
    plugins: [react(), contentSecurityPolicyMeta()],
  },
}));

/**
 * index.html carries the policy as a <meta> tag (a file:// page gets no response headers). The
 * build refuses a tag that differs from CONTENT_SECURITY_POLICY; the dev server swaps in the
 * development policy, which also names the dev server and the refresh preamble.
 */
function contentSecurityPolicyMeta(): Plugin {
  const tag = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/;
  return {
    name: 'sshlens:content-security-policy',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const found = tag.exec(html);
        if (!found) throw new Error('src/renderer/index.html has no Content-Security-Policy <meta> tag');
        const server = context.server;
        if (!server) {
          if (found[1] !== CONTENT_SECURITY_POLICY) {
            throw new Error(
              'the Content-Security-Policy <meta> in src/renderer/index.html differs from CONTENT_SECURITY_POLICY ' +
                `in src/main/security/content-security-policy.ts; it should read:\n${CONTENT_SECURITY_POLICY}`,
            );
          }
          return html;
        }
        const url = server.resolvedUrls?.local[0];
        if (!url) throw new Error('the dev server has no local URL yet');
        const policy = contentSecurityPolicy({
          dev: { origin: new URL(url).origin, inlineScriptHashes: DEV_INLINE_SCRIPT_HASHES },
        });
        return html.replace(found[0], `<meta http-equiv="Content-Security-Policy" content="${policy}" />`);
      },
    },
  };
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text).digest('base64')}`;
}
