import { defineMessages } from './define.ts';

/** The library calendar: its admin page (closures over several days, explicit open days) and the mail about moved dates. */
export const calendarMessages = defineMessages(
  {
    'mail.datesMoved.subject': '返却期限・取置期限変更のお知らせ',
    'mail.datesMoved.body':
      '臨時休館日が決まったため、次の期限を休館明けの開館日に延ばしました。\n\n' +
      '{items}\n\n' +
      '新しい期限は利用照会のページでもご確認いただけます。',
    'mail.datesMoved.due': '・{title}（返却期限 {date}）',
    'mail.datesMoved.pickup': '・{title}（取置期限 {date}）',
    'admin.calendar.closures': '臨時休館',
    'admin.calendar.noClosures': '今日以降の臨時休館はありません。',
    'admin.calendar.closureRange': '{from}～{to}',
    'admin.calendar.from': '初日',
    'admin.calendar.to': '最終日（1日だけなら空欄）',
    'admin.calendar.dateHint': '例: 2026-12-29',
    'admin.calendar.note': 'メモ（任意。例: 年末年始、蔵書点検）',
    'admin.calendar.add': '臨時休館を追加',
    'admin.calendar.addHint':
      '期間中に返却期限・取置期限がある資料は、期限を次の開館日に延ばします。休館を取り消しても期限は短くなりません。',
    'admin.calendar.remove': '{date}からの休館を取り消す',
    'admin.calendar.toBeforeFrom': '最終日は初日と同じ日か、それより後にしてください。',
    'admin.calendar.tooLong': '1回に登録できる休館は{max}日までです。期間を分けて登録してください。',
    'admin.calendar.noteTooLong': 'メモは{max}文字以内で入力してください。',
    'admin.calendar.openDays': '特別開館日',
    'admin.calendar.openDaysHint': '毎週の休館日・祝日・臨時休館の日でも開館する日です。',
    'admin.calendar.noOpenDays': '今日以降の特別開館日はありません。',
    'admin.calendar.openDate': '日付',
    'admin.calendar.addOpenDay': '特別開館日を追加',
    'admin.calendar.removeOpenDay': '{date}の特別開館を取り消す',
    'admin.calendar.done.added': '臨時休館を追加しました。',
    'admin.calendar.done.removed': '臨時休館を取り消しました。すでに延ばした期限はそのままです。',
    'admin.calendar.done.notFound': 'その臨時休館は登録されていません。',
    'admin.calendar.done.openAdded': '特別開館日を追加しました。',
    'admin.calendar.done.openRemoved': '特別開館日を取り消しました。',
    'admin.calendar.done.openNotFound': 'その特別開館日は登録されていません。',
    'admin.calendar.moved': '返却期限 {loans}件、取置期限 {holds}件を次の開館日に延ばしました。',
  },
  {
    'mail.datesMoved.subject': 'Your due dates or pickup deadlines have moved',
    'mail.datesMoved.body':
      'The library will be closed on some days, so the following dates now fall on the next day it is open.\n\n' +
      '{items}\n\n' +
      'Your account page shows the new dates too.',
    'mail.datesMoved.due': '- {title} (now due {date})',
    'mail.datesMoved.pickup': '- {title} (pick up by {date})',
    'admin.calendar.closures': 'Closures',
    'admin.calendar.noClosures': 'No closures from today on.',
    'admin.calendar.closureRange': '{from} to {to}',
    'admin.calendar.from': 'First day',
    'admin.calendar.to': 'Last day (leave empty for one day)',
    'admin.calendar.dateHint': 'For example 2026-12-29',
    'admin.calendar.note': 'Note (optional, for example New Year or stocktaking)',
    'admin.calendar.add': 'Add closure',
    'admin.calendar.addHint':
      'Due dates and pickup deadlines inside the closure move to the next open day. Removing a closure later shortens nothing.',
    'admin.calendar.remove': 'Remove the closure from {date}',
    'admin.calendar.toBeforeFrom': 'The last day must be the first day or later.',
    'admin.calendar.tooLong': 'One closure can cover at most {max} days. Enter a longer one in parts.',
    'admin.calendar.noteTooLong': 'Keep the note to {max} characters.',
    'admin.calendar.openDays': 'Special opening days',
    'admin.calendar.openDaysHint': 'Days the library opens even on a weekly closed day, a holiday or inside a closure.',
    'admin.calendar.noOpenDays': 'No special opening days from today on.',
    'admin.calendar.openDate': 'Date',
    'admin.calendar.addOpenDay': 'Add opening day',
    'admin.calendar.removeOpenDay': 'Remove the special opening on {date}',
    'admin.calendar.done.added': 'The closure is added.',
    'admin.calendar.done.removed': 'The closure is removed. Dates already moved stay as they are.',
    'admin.calendar.done.notFound': 'That closure was not listed.',
    'admin.calendar.done.openAdded': 'The special opening day is added.',
    'admin.calendar.done.openRemoved': 'The special opening day is removed.',
    'admin.calendar.done.openNotFound': 'That special opening day was not listed.',
    'admin.calendar.moved': 'Moved {loans} due dates and {holds} pickup deadlines to the next open day.',
  },
);
