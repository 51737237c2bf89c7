import { defineMessages } from './define.ts';

/** 予約の保留, 予約の有効期限, 順番予約 and renewing every loan at once (SPEC §14). */
export const holdExtraMessages = defineMessages(
  {
    'holds.needByValue': '有効期限 {date}',
    'holds.status.suspended': '保留中（{date}まで）',
    'holds.series': '順番予約 {position}/{size}',
    'holds.suspend.legend': '予約の保留',
    'holds.suspend.until': '保留する期限',
    'holds.suspend.hint':
      '選んだ「予約中」の予約は、順番を保ったまま、この日の前日まで資料の用意を見送ります。この日になると自動で再開します。例: 2026-12-24',
    'holds.suspend.submit': '保留する',
    'holds.resume.submit': '保留を解除する',
    'holds.suspended': '{count}件の予約を{date}まで保留しました。',
    'holds.resumed': '{count}件の予約の保留を解除しました。',
    'holds.error.suspendPending': '保留と解除ができるのは「予約中」の予約だけです。移送中の予約を選択から外してください',
    'holds.error.until.missing': '保留する期限を入力してください（例: 2026-12-24）',
    'holds.error.until.format': '保留する期限は 2026-12-24 のように年-月-日で入力してください',
    'holds.error.until.notFuture': '保留する期限は明日以降の日付にしてください',
    'holds.error.until.tooFar': '保留する期限は1年以内の日付にしてください',
    'reserve.needBy': '予約の有効期限（任意）',
    'reserve.needByHint': 'この日までに用意できなかった予約は取り消して、お知らせします。例: 2026-12-24',
    'reserve.inOrder': '順番予約（カートの順に1点ずつ用意する）',
    'reserve.inOrderHint': '前の資料を受け取るか、取り消されるまで、次の資料は用意しません。シリーズを巻数順に読むときに。',
    'reserve.error.needBy.missing': '予約の有効期限を入力してください',
    'reserve.error.needBy.format': '予約の有効期限は 2026-12-24 のように年-月-日で入力してください',
    'reserve.error.needBy.notFuture': '予約の有効期限は明日以降の日付にしてください',
    'reserve.error.needBy.tooFar': '予約の有効期限は1年以内の日付にしてください',
    'reserve.error.inOrder': '順番予約はチェックボックスで選んでください',
    'reserve.confirm.needByNone': '指定なし',
    'reserve.confirm.inOrder': '順番予約',
    'reserve.confirm.inOrderYes': 'カートの順に1点ずつ用意します',
    'mail.holdNeedBy.subject': '予約を取り消しました（有効期限切れ）',
    'mail.holdNeedBy.body':
      'ご指定の有効期限までに資料をご用意できなかったため、次の予約を取り消しました。\n\n' +
      '資料名: {title}\n' +
      '有効期限: {needBy}\n\n' +
      '必要なときは、改めて予約してください。',
    'loans.renewAll': 'まとめて延長する',
    'loans.renewAll.done': '{renewed}点を延長しました。{refused}点は延長できませんでした（理由は各資料に表示しています）。',
    'loans.renewAll.doneAll': '{renewed}点を延長しました。',
    'loans.renewAll.none': '延長できる資料はありませんでした（理由は各資料に表示しています）。',
  },
  {
    'holds.needByValue': 'Needed by {date}',
    'holds.status.suspended': 'Suspended (until {date})',
    'holds.series': 'In order {position}/{size}',
    'holds.suspend.legend': 'Suspend reservations',
    'holds.suspend.until': 'Suspend until',
    'holds.suspend.hint':
      'The ticked waiting reservations keep their place in the queue, but no copy is set aside for them before this day. They resume by themselves on it. Example: 2026-12-24',
    'holds.suspend.submit': 'Suspend',
    'holds.resume.submit': 'Resume',
    'holds.suspended': '{count} reservation(s) suspended until {date}.',
    'holds.resumed': '{count} reservation(s) resumed.',
    'holds.error.suspendPending': 'Only waiting reservations can be suspended or resumed. Untick the ones in transit',
    'holds.error.until.missing': 'Enter the date to suspend until (for example 2026-12-24)',
    'holds.error.until.format': 'Enter the date as year-month-day, for example 2026-12-24',
    'holds.error.until.notFuture': 'The date to suspend until must be tomorrow or later',
    'holds.error.until.tooFar': 'The date to suspend until must be within a year',
    'reserve.needBy': 'Needed by (optional)',
    'reserve.needByHint': 'Reservations not ready by this day are cancelled, and we tell you. Example: 2026-12-24',
    'reserve.inOrder': 'In order (one title at a time, in the order of the cart)',
    'reserve.inOrderHint':
      'The next title is set aside only once you have collected the one before it, or it was cancelled. For reading a series volume by volume.',
    'reserve.error.needBy.missing': 'Enter the date the items are needed by',
    'reserve.error.needBy.format': 'Enter the date needed by as year-month-day, for example 2026-12-24',
    'reserve.error.needBy.notFuture': 'The date needed by must be tomorrow or later',
    'reserve.error.needBy.tooFar': 'The date needed by must be within a year',
    'reserve.error.inOrder': 'Choose “in order” with its checkbox',
    'reserve.confirm.needByNone': 'None',
    'reserve.confirm.inOrder': 'In order',
    'reserve.confirm.inOrderYes': 'One title at a time, in the order of the cart',
    'mail.holdNeedBy.subject': 'Your reservation has been cancelled (needed-by date passed)',
    'mail.holdNeedBy.body':
      'We could not get the item ready by the date you needed it, so this reservation has been cancelled.\n\n' +
      'Title: {title}\n' +
      'Needed by: {needBy}\n\n' +
      'If you still want it, please reserve it again.',
    'loans.renewAll': 'Renew all',
    'loans.renewAll.done': '{renewed} item(s) renewed. {refused} could not be renewed (the reason is shown with each item).',
    'loans.renewAll.doneAll': '{renewed} item(s) renewed.',
    'loans.renewAll.none': 'No item could be renewed (the reason is shown with each item).',
  },
);
