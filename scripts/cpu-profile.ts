/**
 * Reads a V8 CPU profile (`node --cpu-prof`) for bench:profile: the samples
 * taken between two moments, as milliseconds a request, by where the
 * sampled code lives (self time: each sample counts once, where it was
 * running) and by the service's own functions that were on the stack
 * (inclusive time: a function counts the samples of everything it called).
 * The profile's timestamps are microseconds of the monotonic clock that
 * process.hrtime reads, so the moments are taken in the benchmark process.
 */
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

export interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Milliseconds a request of samples in the window (idle excluded). */
  total: number;
  /** Self time by place, largest first. */
  places: { place: string; ms: number }[];
  /** Self time by function (named with its place), largest first. */
  functions: { name: string; ms: number }[];
  /** Inclusive time of the service's own functions (src/, templates/), largest first. */
  ownFunctions: { name: string; ms: number }[];
}

/** Where a frame's code lives: a package, a Node module, a file of the service, or V8 itself; null for native frames (named by their caller). */
function placeOf(frame: CallFrame, root: string): string | null {
  switch (frame.functionName) {
    case '(garbage collector)':
      return 'garbage collection';
    case '(program)':
    case '(root)':
      return 'V8 and native code outside JavaScript';
  }
  const { url } = frame;
  if (url === '') return null;
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/[^/]+|[^/]+).*$/, 'node:$1');
  const file = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  const inPackage = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(file);
  // Hono is the web layer itself: its parts (jsx, utils/html, the router…) are told apart.
  if (inPackage?.[1] === 'hono') return `hono/${inPackage[2]!.replace(/^dist\/(?:cjs\/)?(jsx|[^.]+)(?:\/.*|\.js)$/, '$1')}`;
  if (inPackage) return inPackage[1]!;
  return path.relative(root, file);
}

const isOwn = (place: string | null) => place !== null && /^(src|templates)\//.test(place);

/** The samples of `profile` taken between `fromUs` and `toUs`, per request of `requests`; `root` is the repository. */
export function summarise(profile: CpuProfile, window: { fromUs: number; toUs: number }, requests: number, root: string): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const weight = profile.timeDeltas[i + 1] ?? 0;
    const leaf = byId.get(id);
    if (!leaf || at < window.fromUs || at > window.toUs || leaf.callFrame.functionName === '(idle)') return;
    total += weight;
    const stack: CallFrame[] = [];
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) stack.push(byId.get(node)!.callFrame);
    const callerPlace = stack.map((frame) => placeOf(frame, root)).find((place) => place !== null) ?? 'native';
    const place = placeOf(stack[0]!, root) ?? `${callerPlace} → ${stack[0]!.functionName || '(anonymous)'} (native)`;
    self.set(place, (self.get(place) ?? 0) + weight);
    const leafName = `${stack[0]!.functionName || '(anonymous)'} (${placeOf(stack[0]!, root) ?? callerPlace})`;
    selfByFunction.set(leafName, (selfByFunction.get(leafName) ?? 0) + weight);
    const seen = new Set<string>();
    for (const frame of stack) {
      const where = placeOf(frame, root);
      if (!isOwn(where)) continue;
      const name = `${frame.functionName || '(anonymous)'} (${where})`;
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + weight);
    }
  });
  const perRequest = (us: number) => us / 1000 / Math.max(1, requests);
  const sorted = <K extends string>(map: Map<string, number>, key: K) =>
    [...map].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ [key]: name, ms: perRequest(us) }) as Record<K, string> & { ms: number });
  return {
    total: perRequest(total),
    places: sorted(self, 'place'),
    functions: sorted(selfByFunction, 'name'),
    ownFunctions: sorted(inclusive, 'name'),
  };
}
