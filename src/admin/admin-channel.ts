/**
 * The embedded database belongs to one process (SPEC §9), so an admin
 * command run while the server holds it is forwarded to the server: a Unix
 * socket in DATA_DIR that only the data folder's owner can open (mode 0600),
 * and a token beside it (0600 too) that the command must present. Messages
 * are JSON lines: the command goes in; its output lines, stderr text, a
 * request for stdin (only when the command reads it) and the exit code come back.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { log } from '../ops/log.ts';
import type { AdminIo } from './admin-command.ts';
import { type CommandDeps, executeCommand, runsBesideServer } from './run-command.ts';

export interface ForwardedCommand {
  token: string;
  command: string;
  args: string[];
  cwd: string;
  errIsTTY: boolean;
}

type ServerMessage = { out: string } | { err: string } | { want: 'stdin' } | { exit: number };
type ClientMessage = ForwardedCommand | { stdin: string };

const socketPath = (dataDir: string) => path.join(dataDir, 'admin.sock');
const tokenPath = (dataDir: string) => path.join(dataDir, 'admin-channel.token');

export interface AdminChannel {
  close(): Promise<void>;
}

/** Listens for forwarded commands while this process holds the embedded database; null (and a warning) if it cannot. */
export async function openAdminChannel(dataDir: string, deps: CommandDeps): Promise<AdminChannel | null> {
  const token = randomBytes(32).toString('hex');
  // This process holds the data folder's lock, so a socket left there is a crashed owner's.
  for (const file of [socketPath(dataDir), tokenPath(dataDir)]) if (existsSync(file)) unlinkSync(file);
  writeFileSync(tokenPath(dataDir), token, { mode: 0o600 });
  const server = net.createServer((socket) => serveOne(socket, token, deps));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath(dataDir), resolve);
    });
    chmodSync(socketPath(dataDir), 0o600);
  } catch (error) {
    log.warn({ err: error }, 'admin commands cannot be forwarded to this process; they must wait until it stops');
    unlinkSync(tokenPath(dataDir));
    return null;
  }
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const file of [socketPath(dataDir), tokenPath(dataDir)]) if (existsSync(file)) unlinkSync(file);
      }),
  };
}

function serveOne(socket: net.Socket, token: string, deps: CommandDeps): void {
  const send = (message: ServerMessage) => socket.write(`${JSON.stringify(message)}\n`);
  const lines = readline.createInterface({ input: socket });
  let stdinWaiter: ((text: string) => void) | null = null;
  let started = false;
  socket.on('error', () => socket.destroy());
  lines.on('line', (line) => {
    const message = parseMessage(line);
    if (message && 'stdin' in message && stdinWaiter) return stdinWaiter(message.stdin);
    if (started || !message || !('token' in message) || !sameToken(message.token, token)) return void socket.destroy();
    started = true;
    const io: AdminIo = {
      cwd: message.cwd,
      out: (text) => void send({ out: text }),
      err: { isTTY: message.errIsTTY, write: (text: string) => send({ err: text }) },
      stdin: () =>
        new Promise<string>((resolve) => {
          stdinWaiter = resolve;
          send({ want: 'stdin' });
        }),
    };
    if (!runsBesideServer(message.command)) return void socket.end(`${JSON.stringify({ exit: 2 })}\n`);
    log.info({ command: message.command }, 'admin command forwarded');
    void executeCommand(message.command, message.args, deps, io).then((exit) => socket.end(`${JSON.stringify({ exit })}\n`));
  });
}

function parseMessage(line: string): ClientMessage | null {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null ? (value as ClientMessage) : null;
  } catch {
    return null;
  }
}

function sameToken(given: unknown, token: string): boolean {
  return typeof given === 'string' && given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

/**
 * Sends the command to the server holding `dataDir` and relays its output;
 * its exit code, or null when no server listens there (no socket, or a stale one).
 */
export async function forwardToRunningServer(dataDir: string, command: Omit<ForwardedCommand, 'token'>): Promise<number | null> {
  if (!existsSync(socketPath(dataDir))) return null;
  const token = readFileSync(tokenPath(dataDir), 'utf8');
  const socket = net.connect(socketPath(dataDir));
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
  } catch {
    return null;
  }
  socket.write(`${JSON.stringify({ token, ...command })}\n`);
  return relay(socket);
}

function relay(socket: net.Socket): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let exit: number | null = null;
    socket.once('error', reject);
    socket.once('close', () => (exit === null ? reject(new Error('the running server closed the admin channel')) : resolve(exit)));
    readline.createInterface({ input: socket }).on('line', (line) => {
      const message = JSON.parse(line) as ServerMessage;
      if ('out' in message) process.stdout.write(`${message.out}\n`);
      else if ('err' in message) process.stderr.write(message.err);
      else if ('want' in message) void readAll(process.stdin).then((stdin) => socket.write(`${JSON.stringify({ stdin })}\n`));
      else exit = message.exit;
    });
  });
}

export async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
