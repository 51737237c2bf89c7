import { defineMessages } from './define.ts';

/** Strings of the checkout limits and blocks, and of the staff override. */
export const loanLimitMessages = defineMessages(
  {
    'desk.refusal.loanLimit': '貸出点数の上限に達しています。返却を待つか、理由を記録して貸し出してください。',
    'desk.refusal.avLoanLimit': '視聴覚資料の貸出点数の上限に達しています。',
    'desk.refusal.overdueBlock': '返却期限を大きく過ぎた資料があるため、貸出を停止しています。先に返却をお願いしてください。',
    'desk.override.reason': '上書きの理由',
    'desk.override.hint': 'この理由は操作記録に残ります（例：館長の許可、延滞資料は本日返却済み）。',
    'desk.override.submit': '理由を記録して貸し出す',
    'desk.override.empty': '上書きして貸し出すには、理由を入力してください。',
    'desk.override.tooLong': '理由は200文字以内で入力してください。',
  },
  {
    'desk.refusal.loanLimit': 'This patron has reached the loan limit. Wait for a return, or lend with a recorded reason.',
    'desk.refusal.avLoanLimit': 'This patron has reached the audiovisual loan limit.',
    'desk.refusal.overdueBlock': 'Borrowing is stopped: an item is long overdue. Ask for it to be returned first.',
    'desk.override.reason': 'Reason for the override',
    'desk.override.hint':
      'The audit log keeps this reason (for example: approved by the head librarian, the overdue item was returned today).',
    'desk.override.submit': 'Record the reason and lend',
    'desk.override.empty': 'Enter a reason to lend despite the refusal.',
    'desk.override.tooLong': 'Keep the reason to 200 characters.',
  },
);
