import { defineMessages } from './define.ts';

/** What a patron is told when their card may not borrow or reserve (blocked or expired), on the account page and in the flow. */
export const cardStandingMessages = defineMessages(
  {
    'refusal.patronBlocked': 'ご利用が停止されているため予約できません。図書館のカウンターにお問い合わせください',
    'refusal.patronExpired': '利用カードの有効期限が切れているため予約できません。図書館のカウンターで更新してください',
    'standing.patronBlocked': 'ご利用が停止されているため、現在は貸出と予約ができません。図書館のカウンターにお問い合わせください。',
    'standing.patronExpired':
      '利用カードの有効期限（{date}）が切れているため、貸出と予約ができません。図書館のカウンターで更新してください。',
  },
  {
    'refusal.patronBlocked': 'Your card is blocked, so you cannot reserve. Please ask at a library counter',
    'refusal.patronExpired': 'Your library card has expired, so you cannot reserve. Please renew it at a library counter',
    'standing.patronBlocked': 'Your card is blocked: you cannot borrow or reserve at present. Please ask at a library counter.',
    'standing.patronExpired': 'Your library card expired on {date}: you cannot borrow or reserve. Please renew it at a library counter.',
  },
);
