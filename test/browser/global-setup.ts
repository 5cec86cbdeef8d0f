// vitest globalSetup of the browser project: one real app for every journey, its address given to tests as `baseUrl`.
import type { TestProject } from 'vitest/node';
import { startTestApp } from './app.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Address of the running app, e.g. `http://127.0.0.1:41234`. */
    baseUrl: string;
    /** A demo officer (handler, no second factor) with a password known to the journeys. */
    officer: { username: string; password: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const app = await startTestApp();
  project.provide('baseUrl', app.url);
  const officer = { username: 'xuly.sogtvt', password: 'Mật-khẩu-thử-nghiệm-2026' };
  try {
    await app.setPassword(officer.username, officer.password);
  } catch (error) {
    await app.stop();
    throw error;
  }
  project.provide('officer', officer);
  return () => app.stop();
}
