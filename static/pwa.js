// Registers the service worker (the offline account page and offline page)
// and, at logout, tells it to forget the kept account page. Every page works
// the same without this file.
if ('serviceWorker' in navigator) {
  addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js');
  });
  addEventListener('submit', (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && new URL(form.action).pathname === '/logout') {
      // The message name is PURGE_ACCOUNT_MESSAGE in sw/offline-copy.ts.
      navigator.serviceWorker.controller?.postMessage('purge-account');
    }
  });
}
