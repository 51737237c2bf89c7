/** bench:profile's reading of a V8 CPU profile: only the window's samples, per request, by place and by the service's functions. */
import { describe, expect, it } from 'vitest';
import { type CpuProfile, summarise } from '../../scripts/cpu-profile.ts';

const root = '/repo';
const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });

/** (root) → accountPage (src) → query (pg) → writev (native); render (src) → escape (hono/utils/html); idle; GC. */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 6, 7, 8] },
    { id: 2, callFrame: frame('accountPage', 'file:///repo/src/account/account.routes.tsx'), children: [3, 5] },
    { id: 3, callFrame: frame('query', 'file:///repo/node_modules/pg/lib/client.js'), children: [4] },
    { id: 4, callFrame: frame('writev', '') },
    { id: 5, callFrame: frame('escapeToBuffer', 'file:///repo/node_modules/hono/dist/utils/html.js') },
    { id: 6, callFrame: frame('(idle)', '') },
    { id: 7, callFrame: frame('(garbage collector)', '') },
    { id: 8, callFrame: frame('writeHead', 'node:_http_server') },
  ],
  startTime: 1_000,
  endTime: 2_000,
  // Samples every 100 µs from 1,100 (query); the window 1,150–1,750 holds 1,200 and 1,300 (writev), 1,400 (escape),
  // 1,500 (idle), 1,600 (GC) and 1,700 (writeHead), and not 1,800 (accountPage) or 1,900 (query).
  samples: [3, 4, 4, 5, 6, 7, 8, 2, 3],
  timeDeltas: [100, 100, 100, 100, 100, 100, 100, 100, 100],
};

describe('summarise', () => {
  const summary = summarise(profile, { fromUs: 1_150, toUs: 1_750 }, 2, root);

  it('counts the samples of the window only, idle left out, per request', () => {
    // Five samples of 100 µs, over two requests.
    expect(summary.total).toBeCloseTo(0.25);
  });

  it('names where each sample ran, a native frame by its caller', () => {
    expect(summary.places).toEqual([
      { place: 'pg → writev (native)', ms: 0.1 },
      { place: 'hono/utils/html', ms: 0.05 },
      { place: 'garbage collection', ms: 0.05 },
      { place: 'node:_http_server', ms: 0.05 },
    ]);
  });

  it('names the busiest functions with their place', () => {
    expect(summary.functions).toEqual([
      { name: 'writev (pg)', ms: 0.1 },
      { name: 'escapeToBuffer (hono/utils/html)', ms: 0.05 },
      { name: '(garbage collector) (garbage collection)', ms: 0.05 },
      { name: 'writeHead (node:_http_server)', ms: 0.05 },
    ]);
  });

  it("gives the service's own functions everything they called", () => {
    expect(summary.ownFunctions).toEqual([{ name: 'accountPage (src/account/account.routes.tsx)', ms: 0.15 }]);
  });
});
