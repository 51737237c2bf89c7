/**
 * Starts the real service as a child process (Node through tsx, or Deno) and
 * waits for its "ready at" line, so tests exercise exactly what `npm start` runs.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = (name: string) => path.join(repoRoot, 'node_modules/.bin', name);

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Milliseconds from spawn to the ready line. */
  startupMs: number;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export type Runtime = 'node' | 'deno';

/** The service's own variables, dropped from the inherited environment (Vitest sets BASE_URL, for one). */
const SERVICE_VARIABLES = [
  'PORT',
  'HOST',
  'BASE_URL',
  'DATA_DIR',
  'DATABASE_URL',
  'DATABASE_REPLICA_URL',
  'DATABASE_REPLICA_MAX_LAG_SECONDS',
  'SMTP_URL',
  'MAIL_FROM',
  'MAIL_TRANSPORT',
  'LIBRARY_CONFIG',
  'NODE_ENV',
  'DEMO',
  'WORKER',
  'DATABASE_POOL_SIZE',
  'DATABASE_STATEMENT_TIMEOUT_MS',
  'SLOW_QUERY_MS',
  'TRUSTED_PROXY',
  'WEB_PROCESSES',
];

function serviceEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  for (const name of SERVICE_VARIABLES) delete inherited[name];
  return { ...inherited, ...env };
}

/** The command running `entry`; on Node, `nodeFlags` go to the node process tsx starts (NODE_OPTIONS refuses some, such as --cpu-prof). */
export function commandFor(runtime: Runtime, entry: string, nodeFlags: string[] = []): [string, string[]] {
  if (runtime === 'deno') {
    return [bin('deno'), ['run', '--allow-net', '--allow-read', '--allow-write', '--allow-env', '--allow-ffi', '--allow-sys', entry]];
  }
  return [bin('tsx'), [...nodeFlags, entry]];
}

/** The node flags `npm start` runs the service with (package.json), so tests and benchmarks run it as a library does. */
function startFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
}

export function startService(
  env: Record<string, string>,
  runtime: Runtime = 'node',
  timeoutMs = 60_000,
  nodeFlags: string[] = [],
): Promise<ServiceProcess> {
  const flags = [...startFlags(), ...nodeFlags];
  return startUntilReady('src/main.ts', /ready at (http:\/\/[^/\s]+\/)/, { PORT: '0', ...env }, runtime, timeoutMs, flags);
}

/** `npm run worker` (the background jobs alone); its `url` is empty. */
export function startWorkerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServiceProcess> {
  return startUntilReady('src/jobs/worker-main.ts', /Worker running()/, env, 'node', timeoutMs);
}

/** Spawns `entry` and resolves once its output matches `ready` (the first group is the URL). */
function startUntilReady(
  entry: string,
  ready: RegExp,
  env: Record<string, string>,
  runtime: Runtime,
  timeoutMs: number,
  nodeFlags: string[] = [],
): Promise<ServiceProcess> {
  const [command, args] = commandFor(runtime, entry, nodeFlags);
  const started = Date.now();
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: serviceEnv(env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    let isReady = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // Matched only until ready: a regular expression flattens the whole output first, and a service under load
      // logs a line a request, so matching every chunk made the benchmarks' load generator copy megabytes a request.
      if (isReady) return;
      const match = ready.exec(output);
      if (match) {
        isReady = true;
        clearTimeout(timer);
        resolve({
          url: match[1] ?? '',
          child,
          output: () => output,
          startupMs: Date.now() - started,
          stop: async (signal = 'SIGTERM') => {
            // The signal goes to the wrapper (tsx, the deno launcher), which
            // passes it on; the group is killed only if it has not ended in time.
            child.kill(signal);
            const fallback = setTimeout(() => {
              try {
                process.kill(-child.pid!, 'SIGKILL');
              } catch {
                // Already gone.
              }
            }, 10_000);
            const code = await exited;
            clearTimeout(fallback);
            return code;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/** runAdmin without blocking this process: a benchmark keeps sending requests while the command runs. */
export function runAdminAsync(args: string[], env: Record<string, string>): Promise<{ status: number | null; output: string }> {
  const [command, commandArgs] = commandFor('node', path.join(repoRoot, 'src/cli.ts'));
  const child = spawn(command, [...commandArgs, ...args], { cwd: repoRoot, env: serviceEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (status) => resolve({ status, output })));
}

/** Runs an admin command to completion (from `cwd`, with `input` on stdin): its exit code and everything it printed. */
export function runAdmin(
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string; input?: string } = {},
): { status: number | null; output: string } {
  const [command, commandArgs] = commandFor('node', path.join(repoRoot, 'src/cli.ts'));
  const result = spawnSync(command, [...commandArgs, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input,
    env: serviceEnv(env),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
