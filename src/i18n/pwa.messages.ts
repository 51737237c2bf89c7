import { defineMessages } from './define.ts';

/** Strings of the installed app: the home-screen name, the offline page and the offline account banner. */
export const pwaMessages = defineMessages(
  {
    'pwa.shortName': '図書館',
    'pwa.description': '資料の検索・予約と、貸出・予約状況の確認ができます。',
    'pwa.offlineAsOf': '{time} 時点の情報です（オフライン）',
    'pwa.needsConnection': '予約の取消・変更や貸出延長などの操作には、インターネット接続が必要です。',
    'offline.title': 'オフラインです',
    'offline.body': 'インターネットに接続されていないため、このページを表示できません。接続を確認してから、もう一度お試しください。',
    'offline.account': '最後に表示した利用照会を見る',
  },
  {
    'pwa.shortName': 'Library',
    'pwa.description': 'Search and reserve titles, and check your loans and reservations.',
    'pwa.offlineAsOf': 'Information as of {time} (offline)',
    'pwa.needsConnection': 'Cancelling or changing reservations, renewing loans and other actions need an internet connection.',
    'offline.title': 'You are offline',
    'offline.body': 'This page cannot be shown without an internet connection. Check your connection and try again.',
    'offline.account': 'See your account as last shown',
  },
);
