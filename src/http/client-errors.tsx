/**
 * Node answers a request it could not parse before Hono sees it. For headers beyond its limit (a very long
 * address, a huge cookie) that answer was an empty 431; this gives it the words of the other error pages.
 * Nothing of the request was read, so the page speaks Japanese and English at once.
 */
import type { Socket } from 'node:net';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { BilingualErrorPage } from '../../templates/errors.tsx';
import { translator } from '../i18n/index.ts';

const BAD_REQUEST = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';

/** The whole 431 response, rendered once when the server starts: the page is the same for every request. */
const headerTooLarge: Promise<string> = (async () => {
  const page: JSX.Element = (
    <BilingualErrorPage
      wordings={(['ja', 'en'] as const).map((lang) => {
        const t = translator(lang);
        return { lang, title: t('error.headerTooLarge.title'), body: t('error.headerTooLarge.body'), home: t('error.home') };
      })}
    />
  );
  const html = `<!DOCTYPE html>${(await page).toString()}`;
  return [
    'HTTP/1.1 431 Request Header Fields Too Large',
    'Content-Type: text/html; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(html)}`,
    'Cache-Control: no-store',
    'Connection: close',
    '',
    html,
  ].join('\r\n');
})();

/** The server's 'clientError' listener: a page for oversized headers, Node's own bare 400 otherwise. */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A peer that already hung up (or a response already under way) can be told nothing more.
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const answer = error.code === 'HPE_HEADER_OVERFLOW' ? headerTooLarge : Promise.resolve(BAD_REQUEST);
  // Closed once written: what would follow on the connection is the rest of a request that could not be read.
  void answer.then((response) => socket.end(response, () => socket.destroy()));
}
