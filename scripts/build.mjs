// Builds what `npm start` runs: the web app into dist/web (Vite) and the server into dist/server
// (TypeScript → JavaScript, one file per module, no bundling, same layout as the sources). With --if-needed, each part is rebuilt
// only when one of its sources is newer than its last build.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ifNeeded = process.argv.includes('--if-needed');
const lockMtime = fs.statSync(path.join(root, 'package-lock.json')).mtimeMs;

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full) : [full];
  });
}
const newest = (list) => Math.max(lockMtime, ...list.map((f) => fs.statSync(f).mtimeMs));
const stale = (marker, sources) =>
  !ifNeeded || !fs.existsSync(marker) || newest(sources) > fs.statSync(marker).mtimeMs;

const webMarker = path.join(root, 'dist', 'web', 'index.html');
if (stale(webMarker, files(path.join(root, 'web')))) {
  process.stdout.write('Building the web app…\n');
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}

// The server also renders the no-JavaScript home page from the web app's message catalogues: vi.ts, en.ts and
// the per-feature catalogues they spread in (compiled one file per module, so every one of them is needed).
const serverSources = [
  ...files(path.join(root, 'src')),
  ...files(path.join(root, 'web', 'src', 'i18n')).filter((f) => !f.endsWith('.tsx')),
].filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
const serverMarker = path.join(root, 'dist', 'server', 'src', 'server.js');
if (stale(serverMarker, serverSources)) {
  process.stdout.write('Building the server…\n');
  fs.rmSync(path.join(root, 'dist', 'server'), { recursive: true, force: true });
  const { build } = await import('esbuild');
  await build({
    entryPoints: serverSources,
    outdir: path.join(root, 'dist', 'server'),
    outbase: root,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: true,
    logLevel: 'warning',
  });
}
