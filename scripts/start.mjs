// `npm start`: build what is missing or out of date, then run the server in this same process.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.argv.push('--if-needed');
await import('./build.mjs');
process.argv.pop();
process.setSourceMapsEnabled(true);
await import(pathToFileURL(path.join(root, 'dist', 'server', 'src', 'server.js')).href);
