// MAP_TILE_URL and MAP_TILE_ATTRIBUTION: OpenStreetMap by default, off on request, and a template checked so
// that the CSP can name exactly its server (one wildcard level for {s}, nothing wider).
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseTileUrl } from '../../src/platform/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the background map settings', () => {
  it("default to OpenStreetMap's tiles with its attribution", () => {
    expect(loadConfig({}).mapTiles).toEqual({
      url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      attribution: '© OpenStreetMap',
      cspSource: 'https://tile.openstreetmap.org',
    });
  });

  it('turn the background off with off, whatever the attribution', () => {
    expect(loadConfig({ MAP_TILE_URL: 'off' }).mapTiles).toBeNull();
    expect(loadConfig({ MAP_TILE_URL: 'OFF', MAP_TILE_ATTRIBUTION: 'x' }).mapTiles).toBeNull();
  });

  it('take a province tile server, its port and its attribution', () => {
    expect(
      loadConfig({
        MAP_TILE_URL: 'https://bando.bacgiang.gov.vn:8443/tiles/{z}/{x}/{y}.png?style=light',
        MAP_TILE_ATTRIBUTION: '© Sở Tài nguyên và Môi trường',
      }).mapTiles,
    ).toEqual({
      url: 'https://bando.bacgiang.gov.vn:8443/tiles/{z}/{x}/{y}.png?style=light',
      attribution: '© Sở Tài nguyên và Môi trường',
      cspSource: 'https://bando.bacgiang.gov.vn:8443',
    });
  });

  it('allow {s} as the first label of the host only, as one wildcard level in the CSP', () => {
    expect(parseTileUrl('https://{s}.tile.example.org/{z}/{x}/{y}{r}.png')).toEqual({
      cspSource: 'https://*.tile.example.org',
    });
    expect(parseTileUrl('https://tiles-{s}.example.org/{z}/{x}/{y}.png')).toMatch(/\{s\}/);
    expect(parseTileUrl('https://{z}.example.org/{z}/{x}/{y}.png')).toMatch(/host/);
  });

  it('allow http only for a tile server on this machine', () => {
    expect(parseTileUrl('http://127.0.0.1:8080/{z}/{x}/{y}.png')).toEqual({
      cspSource: 'http://127.0.0.1:8080',
    });
    expect(parseTileUrl('http://tiles.example.org/{z}/{x}/{y}.png')).toMatch(/https/);
  });

  it('refuse a template without {z}, {x}, {y}, with other placeholders, or not a URL, naming the problem', () => {
    expect(parseTileUrl('https://tiles.example.org/{z}/{x}.png')).toMatch(/\{z\}, \{x\} and \{y\}/);
    expect(parseTileUrl('https://tiles.example.org/{z}/{x}/{y}.png?key={apikey}')).toMatch(/\{apikey\}/);
    expect(parseTileUrl('tiles/{z}/{x}/{y}.png')).toMatch(/not a URL/);
    expect(parseTileUrl('javascript:alert(1)//{z}{x}{y}')).toMatch(/https/);
    expect(problemsOf({ MAP_TILE_URL: 'ftp://tiles.example.org/{z}/{x}/{y}.png' })).toEqual([
      'MAP_TILE_URL="ftp://tiles.example.org/{z}/{x}/{y}.png" must be an https:// address (http:// only on 127.0.0.1 or localhost), or off',
    ]);
  });

  it('never echo a template that carries a user name and password', () => {
    const problems = problemsOf({ MAP_TILE_URL: 'https://user:hunter2@tiles.example.org/{z}/{x}/{y}.png' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^MAP_TILE_URL must not carry a user name or password$/);
  });

  it('limit the attribution to 300 characters', () => {
    expect(problemsOf({ MAP_TILE_ATTRIBUTION: 'x'.repeat(301) })).toEqual([
      'MAP_TILE_ATTRIBUTION must be at most 300 characters',
    ]);
  });
});
