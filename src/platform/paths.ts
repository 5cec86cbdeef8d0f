// Locations inside the installation, the same whether the code runs from src/ (tsx) or dist/server/ (compiled).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'migrations')))
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`PAKN installation root not found above ${start}`);
  }
}

export const ROOT_DIR = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const MIGRATIONS_DIR = path.join(ROOT_DIR, 'migrations');
export const DEMO_DATA_DIR = path.join(ROOT_DIR, 'data-demo');
/** Content shipped with the system and then edited by the province (the guides and the FAQ). */
export const CONTENT_DIR = path.join(ROOT_DIR, 'content');
export const WEB_DIR = path.join(ROOT_DIR, 'dist', 'web');
