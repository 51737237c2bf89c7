/**
 * Web Push in the worker (SPEC §14): a push from the library shows its
 * notification (the server writes title, body, the page to open and a tag
 * per hold, so a repeated notice replaces the first rather than piling up);
 * tapping it opens /account, in a window of this app already open if any.
 */

interface NoticePayload {
  title: string;
  body: string;
  url: string;
  tag: string;
}

/** Only a same-origin path is opened: the payload is the server's, but a tap must never leave the app. */
function pathToOpen(url: unknown): string {
  return typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') ? url : '/account';
}

function readPayload(event: PushEvent): NoticePayload | null {
  try {
    const data = event.data?.json() as Partial<NoticePayload> | undefined;
    if (!data || typeof data.title !== 'string') return null;
    return { title: data.title, body: String(data.body ?? ''), url: pathToOpen(data.url), tag: String(data.tag ?? '') };
  } catch {
    return null;
  }
}

async function openPage(path: string, scope: ServiceWorkerGlobalScope): Promise<void> {
  const url = new URL(path, scope.location.origin).href;
  const windows = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((client) => new URL(client.url).origin === scope.location.origin);
  if (open) {
    await open.focus();
    await open.navigate(url);
  } else {
    await scope.clients.openWindow(url);
  }
}

/** Listens for pushes and taps on their notifications. */
export function listenForPushes(scope: ServiceWorkerGlobalScope): void {
  scope.addEventListener('push', (event) => {
    const payload = readPayload(event);
    // A push must show a notification (browsers penalise silent ones), so an unreadable one still says something.
    const title = payload?.title ?? scope.registration.scope;
    event.waitUntil(
      scope.registration.showNotification(title, {
        body: payload?.body ?? '',
        tag: payload?.tag || undefined,
        data: { url: payload?.url ?? '/account' },
      }),
    );
  });
  scope.addEventListener('notificationclick', (event) => {
    event.notification.close();
    event.waitUntil(openPage(pathToOpen((event.notification.data as { url?: unknown } | null)?.url), scope));
  });
}
