import { describe, expect, it } from 'vitest';
import { defaultRules } from '../../src/config.ts';
import { byPatron, dueSoonDate, overdueNoticeDue } from '../../src/notices/reminders.rules.ts';
import { type MailFacts, readBounce } from '../../src/mail/bounce.rules.ts';
import { messageIdOfTag, verpAddress, verpTagOf } from '../../src/mail/verp.ts';

const settings = defaultRules.reminders;
const uuid = '0f8e2c4a-1b3d-4e5f-8a9b-0c1d2e3f4a5b';

describe('VERP addresses', () => {
  it("tags the bounce address with the Message-ID's UUID and reads the tag back in any case", () => {
    const address = verpAddress('bounce@lib.example.jp', `<${uuid}@lib.example.jp>`);
    expect(address).toBe(`bounce+${uuid}@lib.example.jp`);
    expect(verpTagOf(`<${address.toUpperCase()}>`, 'bounce@lib.example.jp')).toBe(uuid);
    expect(messageIdOfTag(uuid, 'no-reply@lib.example.jp')).toBe(`<${uuid}@lib.example.jp>`);
  });

  it('reads no tag from another mailbox, another domain or a tag that is not a UUID', () => {
    expect(verpTagOf(`other+${uuid}@lib.example.jp`, 'bounce@lib.example.jp')).toBeNull();
    expect(verpTagOf(`bounce+${uuid}@evil.example`, 'bounce@lib.example.jp')).toBeNull();
    expect(verpTagOf('bounce+1234@lib.example.jp', 'bounce@lib.example.jp')).toBeNull();
    expect(verpAddress('bounce@lib.example.jp', '<not-ours@elsewhere>')).toBe('bounce@lib.example.jp');
  });
});

describe('reminder days', () => {
  it('reminds N days before the due date', () => {
    expect(dueSoonDate('2026-12-06', settings)).toBe('2026-12-08');
    expect(dueSoonDate('2026-12-08', { ...settings, dueSoonDays: 0 })).toBe('2026-12-08');
  });

  it('sends the first overdue notice the day after, then one a week, three at most', () => {
    const due = (today: string, sent: number, lastSentOn: string | null) =>
      overdueNoticeDue('2026-12-08', today, { sent, lastSentOn }, settings);
    expect(due('2026-12-08', 0, null)).toBe(false);
    expect(due('2026-12-09', 0, null)).toBe(true);
    expect(due('2026-12-15', 1, '2026-12-09')).toBe(false);
    expect(due('2026-12-16', 1, '2026-12-09')).toBe(true);
    expect(due('2026-12-23', 2, '2026-12-16')).toBe(true);
    expect(due('2026-12-30', 3, '2026-12-23')).toBe(false);
  });

  it('makes up a missed day with one notice, never two within a week', () => {
    expect(overdueNoticeDue('2026-12-08', '2026-12-30', { sent: 0, lastSentOn: null }, settings)).toBe(true);
    expect(overdueNoticeDue('2026-12-08', '2026-12-30', { sent: 1, lastSentOn: '2026-12-30' }, settings)).toBe(false);
  });

  it('groups loans by patron in the order they came', () => {
    const rows = [
      { patronId: 2, loanId: 1 },
      { patronId: 1, loanId: 2 },
      { patronId: 2, loanId: 3 },
    ];
    expect(byPatron(rows).map((group) => group.map((row) => row.loanId))).toEqual([[1, 3], [2]]);
  });
});

describe('plain bounces', () => {
  const facts = (text: string): MailFacts => ({
    headers: { from: ['MAILER-DAEMON@mx.example.jp'] },
    contentType: 'text/plain',
    reportType: undefined,
    subject: 'Undelivered Mail Returned to Sender',
    from: 'MAILER-DAEMON@mx.example.jp',
    text,
    attachments: [],
  });

  it('reads the status code, not an IP address that looks like one', () => {
    const reading = readBounce(facts('<hanako@example.jp>: host 5.6.7.8 said: 452 4.2.2 Mailbox full\n'));
    expect(reading).toMatchObject({ kind: 'bounce', recipients: [{ address: 'hanako@example.jp', status: '4.2.2', severity: 'soft' }] });
  });

  it('calls a bounce without a code soft when its words say the condition is temporary, else hard', () => {
    expect(readBounce(facts('hanako@example.jp: mailbox is full\n'))).toMatchObject({
      recipients: [{ severity: 'soft', status: '4.0.0' }],
    });
    expect(readBounce(facts('hanako@example.jp: rejected by the domain filter\n'))).toMatchObject({
      recipients: [{ severity: 'hard', status: '5.0.0' }],
    });
  });
});
