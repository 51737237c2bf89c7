import { defineMessages } from './define.ts';

/** Reminders (返却期限のお知らせ, overdue notices), the patron's notice settings and the staff overdue call list (電話督促). */
export const noticeMessages = defineMessages(
  {
    'mail.dueSoon.subject': '返却期限のお知らせ',
    'mail.dueSoon.body':
      'お借りの資料の返却期限が近づいています。返却期限までにご返却ください。\n\n' +
      '{loans}\n\n' +
      '延長できる資料は、利用照会のページから貸出延長ができます（予約のある資料などは延長できません）。',
    'mail.overdue.subject': '返却期限を過ぎた資料があります',
    'mail.overdue.body':
      '次の資料の返却期限が過ぎています。お早めにご返却ください。\n\n' +
      '{loans}\n\n' +
      '返却期限を過ぎた資料があると、新しく借りられないことがあります。すでにご返却いただいた場合は、行き違いですのでご容赦ください。',
    'mail.reminderLine': '・{title}（返却期限 {due}）',
    'notices.title': 'お知らせメールの設定',
    'notices.intro': '貸出中の資料について、確認済みのEメールアドレスへお知らせをお送りします。',
    'notices.dueSoon': '返却期限の{days}日前に「返却期限のお知らせ」を受け取る',
    'notices.dueSoonSameDay': '返却期限の当日に「返却期限のお知らせ」を受け取る',
    'notices.overdue': '返却期限を過ぎたときに「返却期限を過ぎた資料があります」を受け取る（翌日から1週間ごと、最大{times}回）',
    'notices.noAddress': '確認済みのEメールアドレスがないため、お知らせは届きません。Eメールアドレスを登録してください。',
    'notices.undeliverable': 'Eメールアドレスにメールが届かないため、お知らせは送られていません。',
    'notices.save': '設定する',
    'notices.saved': 'お知らせメールの設定を保存しました。',
    'notices.badValue': 'お知らせの設定はチェックボックスで選んでください。',
    'notices.link': 'お知らせメールの設定',
    'calls.overdue.title': '督促の電話（返却期限切れ・メールなし）',
    'calls.overdue.none': '電話で督促する利用者はいません。',
    'calls.overdue.patron': '利用者',
    'calls.overdue.phone': '電話番号',
    'calls.overdue.loans': '返却期限を過ぎた資料',
    'calls.overdue.days': '{days}日超過',
  },
  {
    'mail.dueSoon.subject': 'Your loans are due soon',
    'mail.dueSoon.body':
      'The items you borrowed are due soon. Please return them by the due date.\n\n' +
      '{loans}\n\n' +
      'You can renew items on your account page (items reserved by others cannot be renewed).',
    'mail.overdue.subject': 'You have overdue items',
    'mail.overdue.body':
      'The following items are past their due date. Please return them soon.\n\n' +
      '{loans}\n\n' +
      'While items are overdue you may not be able to borrow more. If you have already returned them, please disregard this notice.',
    'mail.reminderLine': '- {title} (due {due})',
    'notices.title': 'Notice e-mails',
    'notices.intro': 'We send notices about your loans to your confirmed e-mail address.',
    'notices.dueSoon': 'Send "Your loans are due soon" {days} days before the due date',
    'notices.dueSoonSameDay': 'Send "Your loans are due soon" on the due date',
    'notices.overdue': 'Send "You have overdue items" when items are overdue (the next day, then weekly, at most {times} times)',
    'notices.noAddress': 'You have no confirmed e-mail address, so no notices can reach you. Please register an e-mail address.',
    'notices.undeliverable': 'Mail to your e-mail address does not arrive, so no notices are being sent.',
    'notices.save': 'Save',
    'notices.saved': 'Your notice settings were saved.',
    'notices.badValue': 'Choose your notice settings with the checkboxes.',
    'notices.link': 'Notice e-mails',
    'calls.overdue.title': 'Overdue calls (patrons without e-mail)',
    'calls.overdue.none': 'No overdue patrons to call.',
    'calls.overdue.patron': 'Patron',
    'calls.overdue.phone': 'Phone',
    'calls.overdue.loans': 'Overdue items',
    'calls.overdue.days': '{days} days overdue',
  },
);
