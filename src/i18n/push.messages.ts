import { defineMessages } from './define.ts';

/** Web Push (この端末に通知する): the notice itself, the device list on /account/notices and the staff patron page. */
export const pushMessages = defineMessages(
  {
    'push.holdReady.title': '予約資料のご用意ができました',
    'push.holdReady.body': '{title}（{place}、取置期限 {deadline}）',
    'push.holdReady.bodyAtStop': '{title}（{place}、{stop}の停車でお届け、取置期限 {deadline}）',
    'push.title': 'この端末に通知する',
    'push.intro':
      'ご予約の資料のご用意ができたとき、この端末（スマートフォンやパソコン）に通知でお知らせします。メールやお電話によるご連絡はこれまでどおりです（ご連絡方法が「連絡不要」の予約は通知しません）。',
    'push.button': 'この端末に通知する',
    'push.needsScript':
      '通知を受け取るには、JavaScriptが使えるブラウザーでこのページを開いてください。「この端末に通知する」ボタンが表示されます。',
    'push.unsupported': 'このブラウザーは通知に対応していません。',
    'push.iosHomeScreen':
      'iPhone・iPadでは、共有メニューの「ホーム画面に追加」でこのサービスをホーム画面に追加し、そこから開いてからボタンを押してください（iOS 16.4以降）。',
    'push.denied': '通知が許可されませんでした。ブラウザーの設定でこのサイトの通知を許可してから、もう一度お試しください。',
    'push.failed': '通知の登録ができませんでした。時間をおいてもう一度お試しください。',
    'push.working': '登録しています…',
    'push.subscribed': 'この端末に通知します。',
    'push.devices': '通知する端末',
    'push.noDevices': '通知する端末はありません。',
    'push.device': '{browser}（{date}に登録）',
    'push.remove': '通知をやめる',
    'push.removeLabel': '{browser}（{date}に登録）への通知をやめる',
    'push.removed': 'この端末への通知をやめました。',
    'push.notFound': 'その端末は登録されていません。',
    'push.badEndpoint': '通知の送り先（endpoint）が正しくありません。ボタンからもう一度登録してください。',
    'push.endpointInsecure': '通知の送り先はhttpsのアドレスでなければなりません。',
    'push.badP256dh': '通知の暗号鍵（p256dh）が正しくありません。ボタンからもう一度登録してください。',
    'push.badAuth': '通知の認証鍵（auth）が正しくありません。ボタンからもう一度登録してください。',
    'push.staffDevices': '通知する端末',
    'push.staffDevicesCount': '{count}台（予約資料のご用意を通知）',
    'push.staffNoDevices': 'なし',
  },
  {
    'push.holdReady.title': 'Your reserved item is ready for pickup',
    'push.holdReady.body': '{title} ({place}, pick up by {deadline})',
    'push.holdReady.bodyAtStop': '{title} ({place}, on the bookmobile stop of {stop}; pick up by {deadline})',
    'push.title': 'Notify this device',
    'push.intro':
      'When an item you reserved is ready, we notify this device (phone or computer). Mail and phone calls go on as before (holds with the contact method "no contact" are not notified).',
    'push.button': 'Notify this device',
    'push.needsScript':
      'To receive notifications, open this page in a browser with JavaScript turned on: a “Notify this device” button appears.',
    'push.unsupported': 'This browser does not support notifications.',
    'push.iosHomeScreen':
      'On iPhone and iPad, first add this service to the home screen (Share, then "Add to Home Screen"), open it from there and press the button (iOS 16.4 or later).',
    'push.denied': 'Notifications were not allowed. Allow notifications for this site in the browser settings and try again.',
    'push.failed': 'This device could not be registered for notifications. Please try again later.',
    'push.working': 'Registering…',
    'push.subscribed': 'This device will be notified.',
    'push.devices': 'Devices notified',
    'push.noDevices': 'No devices are notified.',
    'push.device': '{browser} (registered {date})',
    'push.remove': 'Stop notifying',
    'push.removeLabel': 'Stop notifying {browser} (registered {date})',
    'push.removed': 'That device will no longer be notified.',
    'push.notFound': 'That device is not registered.',
    'push.badEndpoint': 'The notification address (endpoint) is not valid. Please register again with the button.',
    'push.endpointInsecure': 'The notification address must be an https address.',
    'push.badP256dh': 'The notification key (p256dh) is not valid. Please register again with the button.',
    'push.badAuth': 'The notification secret (auth) is not valid. Please register again with the button.',
    'push.staffDevices': 'Devices notified',
    'push.staffDevicesCount': '{count} (notified when a hold is ready)',
    'push.staffNoDevices': 'None',
  },
);
