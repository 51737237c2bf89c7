import { defineMessages } from './define.ts';

/** Strings of 貸出中一覧 on the account page and of the renewal (貸出延長). */
export const loanMessages = defineMessages(
  {
    'loans.heading': '貸出中一覧',
    'loans.lead':
      '延長は{renewals}回まで、延長した日から{days}日後が新しい返却期限です。予約が入っている資料、返却期限を過ぎた資料、視聴覚資料は延長できません。',
    'loans.none': '借りている資料はありません。',
    'loans.barcode': '資料番号',
    'loans.checkedOut': '貸出日',
    'loans.due': '返却期限',
    'loans.left': '残り',
    'loans.renewal': '延長',
    'loans.daysLeft': 'あと{days}日',
    'loans.dueToday': '今日が返却期限です',
    'loans.overdue': '延滞中：返却期限を{days}日過ぎています',
    'loans.renew': '延長する（新しい返却期限: {date}）',
    'loans.renewed': '延長しました',
    'loans.reason.alreadyRenewed': '延長済みです',
    'loans.reason.overdue': '返却期限を過ぎています',
    'loans.reason.held': '予約が入っています',
    'loans.reason.audiovisual': '視聴覚資料は延長できません',
    'loans.done.renewed': '「{title}」の貸出を延長しました。新しい返却期限は{date}です。',
    'loans.done.refused': '「{title}」は延長できませんでした。{reason}。',
    'loans.notFound.title': '延長できませんでした',
    'loans.notFound':
      'この貸出は見つかりません。返却済みか、番号が正しくありません。利用照会を開き直して、いま借りている資料をご確認ください。',
    'loans.toAccount': '利用照会へ',
  },
  {
    'loans.heading': 'Items on loan',
    'loans.lead':
      'Renewals allowed per loan: {renewals}. The new due date is {days} days after the day you renew. Items someone has reserved, overdue items and audiovisual items cannot be renewed.',
    'loans.none': 'You have nothing on loan.',
    'loans.barcode': 'Item number',
    'loans.checkedOut': 'Borrowed on',
    'loans.due': 'Due',
    'loans.left': 'Time left',
    'loans.renewal': 'Renewal',
    'loans.daysLeft': '{days} days left',
    'loans.dueToday': 'Due today',
    'loans.overdue': 'Overdue: {days} days past the due date',
    'loans.renew': 'Renew (new due date: {date})',
    'loans.renewed': 'Renewed',
    'loans.reason.alreadyRenewed': 'Already renewed',
    'loans.reason.overdue': 'Past its due date',
    'loans.reason.held': 'Reserved by someone else',
    'loans.reason.audiovisual': 'Audiovisual items cannot be renewed',
    'loans.done.renewed': '“{title}” has been renewed. The new due date is {date}.',
    'loans.done.refused': '“{title}” could not be renewed. {reason}.',
    'loans.notFound.title': 'Not renewed',
    'loans.notFound':
      'This loan cannot be found: it has been returned, or the number is wrong. Open My account again to see what you have on loan.',
    'loans.toAccount': 'My account',
  },
);
