/** Types for hoodiecrow-imap (a scriptable IMAP server for tests, by imapflow's author), limited to what the tests call. */
declare module 'hoodiecrow-imap' {
  import type { Server } from 'node:net';
  interface StoredMessage {
    raw: string;
    flags?: string[];
  }
  interface Options {
    plugins?: string[];
    users?: Record<string, { password: string }>;
    storage: Record<string, { messages: StoredMessage[] }>;
  }
  export default function hoodiecrow(options: Options): Server;
}
