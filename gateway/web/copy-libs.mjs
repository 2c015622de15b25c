// Copies the browser builds of the npm dependencies into gateway/wwwroot/lib (git-ignored),
// so that `npm ci` alone (no separate build) gives the pages everything they import.
import { copyFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const lib = join(here, '..', 'wwwroot', 'lib');
mkdirSync(lib, { recursive: true });

const files = [
  ['hls.js/dist/hls.min.mjs', 'hls.mjs'],
  ['@microsoft/signalr/dist/browser/signalr.min.js', 'signalr.min.js'],
  ['tus-js-client/dist/tus.min.js', 'tus.min.js'],
];
for (const [from, to] of files) {
  const source = join(here, 'node_modules', from);
  if (!existsSync(source)) {
    console.error(`copy-libs: ${source} is missing; run npm ci in gateway/web`);
    process.exit(1);
  }
  copyFileSync(source, join(lib, to));
}
console.log(`copy-libs: ${files.length} files in ${lib}`);
