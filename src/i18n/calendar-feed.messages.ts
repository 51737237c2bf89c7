import { defineMessages } from './define.ts';

/** The calendar feed: its events and the /account/calendar page. */
export const calendarFeedMessages = defineMessages(
  {
    'calendarFeed.name': '{library} 返却期限・取置期限',
    'calendarFeed.due': '返却期限（{count}点）',
    'calendarFeed.dueTitles': '返却期限：{titles}',
    'calendarFeed.pickup': '予約資料の取置期限（{count}点・{place}）',
    'calendarFeed.pickupTitles': '取置期限（{place}）：{titles}',
    'calendarFeed.separator': '、',
    'calendarFeed.noTitles': '書名は表示していません。利用照会でご確認ください。',
    'calendarFeed.title': 'カレンダー連携（返却期限・取置期限）',
    'calendarFeed.link': 'カレンダー連携（返却期限・取置期限）',
    'calendarFeed.lead':
      '返却期限と予約資料の取置期限を、スマートフォンなどのカレンダーアプリに終日の予定として表示できます。専用のURLをカレンダーアプリの「URLで照会・購読」に登録してください。',
    'calendarFeed.private':
      'このURLを知っている人は誰でも予定を見られます。他の人に教えないでください。URLを新しくすると、今までのURLは使えなくなります。',
    'calendarFeed.none': 'まだURLを発行していません。',
    'calendarFeed.issued':
      '{date}に発行したURLが使われています。URLは発行したときにだけ表示されます。もう一度見るには新しいURLを発行してください。',
    'calendarFeed.urlLabel': 'カレンダー用のURL（今だけ表示されます。コピーしてください）',
    'calendarFeed.subscribe': 'カレンダーアプリで開く',
    'calendarFeed.make': 'URLを発行する',
    'calendarFeed.reset': '新しいURLを発行する（今までのURLは使えなくなります）',
    'calendarFeed.stop': 'カレンダー連携をやめる（URLを無効にする）',
    'calendarFeed.titles': '予定に書名を表示する（表示しないときは「返却期限（2点）」のように点数だけを表示します）',
    'calendarFeed.save': '設定する',
    'calendarFeed.done.made': '新しいURLを発行しました。今までのURLは使えなくなりました。',
    'calendarFeed.done.titles': '書名の表示の設定を保存しました。',
    'calendarFeed.done.stopped': 'カレンダー連携をやめました。URLは使えなくなりました。',
    'calendarFeed.badTitles': '書名を表示するかどうかはチェックボックスで選んでください。',
    'calendarFeed.noFeed': '先にURLを発行してください。',
  },
  {
    'calendarFeed.name': '{library}: due dates and pickup deadlines',
    'calendarFeed.due': 'Items due ({count})',
    'calendarFeed.dueTitles': 'Due: {titles}',
    'calendarFeed.pickup': 'Reserved items to pick up ({count}, {place})',
    'calendarFeed.pickupTitles': 'Pick up at {place}: {titles}',
    'calendarFeed.separator': ', ',
    'calendarFeed.noTitles': 'Titles are not shown. See your account page.',
    'calendarFeed.title': 'Calendar feed (due dates and pickup deadlines)',
    'calendarFeed.link': 'Calendar feed (due dates and pickup deadlines)',
    'calendarFeed.lead':
      'Your due dates and pickup deadlines can appear as all-day events in the calendar app of your phone or computer. Add your private URL to the app as a subscribed calendar.',
    'calendarFeed.private':
      'Anyone who knows this URL can see the events: do not share it. Making a new URL stops the old one from working.',
    'calendarFeed.none': 'You have no calendar URL yet.',
    'calendarFeed.issued': 'The URL made on {date} is in use. A URL is shown only when it is made; to see one again, make a new URL.',
    'calendarFeed.urlLabel': 'Your calendar URL (shown only now: copy it)',
    'calendarFeed.subscribe': 'Open in your calendar app',
    'calendarFeed.make': 'Make a URL',
    'calendarFeed.reset': 'Make a new URL (the old one stops working)',
    'calendarFeed.stop': 'Stop the calendar feed (the URL stops working)',
    'calendarFeed.titles': 'Show titles in the events (otherwise only the count, such as "Items due (2)")',
    'calendarFeed.save': 'Save',
    'calendarFeed.done.made': 'A new URL was made. The old one no longer works.',
    'calendarFeed.done.titles': 'Your choice about titles was saved.',
    'calendarFeed.done.stopped': 'The calendar feed was stopped. Its URL no longer works.',
    'calendarFeed.badTitles': 'Choose with the checkbox whether to show titles.',
    'calendarFeed.noFeed': 'Make a URL first.',
  },
);
