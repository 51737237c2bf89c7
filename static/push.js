// 「この端末に通知する」 (/account/notices only): shows the button where the
// browser can receive pushes and, only when it is pressed, asks for
// permission, subscribes through the service worker with the library's VAPID
// key and posts the subscription with the page's own form (CSRF included).
(function () {
  var form = document.getElementById('push-form');
  var button = document.getElementById('push-button');
  var status = document.getElementById('push-status');
  if (!form || !button || !status) return;

  function say(name) {
    status.textContent = name ? status.getAttribute('data-' + name) : '';
  }

  // iPadOS says "Macintosh"; its touch screen tells it apart.
  var ios = /iPhone|iPad|iPod/.test(navigator.userAgent) || (/Macintosh/.test(navigator.userAgent) && navigator.maxTouchPoints > 1);
  var supported = 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  if (!supported) {
    // On iOS and iPadOS, push exists only in an app added to the home screen (16.4 and later).
    say(ios && !navigator.standalone ? 'ios' : 'unsupported');
    return;
  }
  button.hidden = false;
  say(null);

  /** The key as applicationServerKey wants it: bytes from base64url. */
  function keyBytes(base64url) {
    var base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
    var text = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    return Uint8Array.from(text, function (c) {
      return c.charCodeAt(0);
    });
  }

  /** The service worker, or a refusal after a while (it may have failed to install). */
  function serviceWorker() {
    return Promise.race([
      navigator.serviceWorker.ready,
      new Promise(function (_, reject) {
        setTimeout(function () {
          reject(new Error('no service worker'));
        }, 10000);
      }),
    ]);
  }

  async function subscribe() {
    button.disabled = true;
    say('working');
    try {
      var permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        say('denied');
        return;
      }
      var registration = await serviceWorker();
      var subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(form.getAttribute('data-vapid-key')),
      });
      var json = subscription.toJSON();
      form.elements.endpoint.value = json.endpoint;
      form.elements.p256dh.value = json.keys.p256dh;
      form.elements.auth.value = json.keys.auth;
      form.submit();
    } catch (error) {
      say('failed');
    } finally {
      button.disabled = false;
    }
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    void subscribe();
  });
})();
