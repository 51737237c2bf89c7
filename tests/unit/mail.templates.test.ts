import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { mailContentOf, mailSubject, renderMail } from '../../src/mail/mail.templates.ts';

const config = loadConfig({ MAIL_FROM: 'info@lib.city.example.jp', BASE_URL: 'https://lib.city.example.jp' });

describe('mail templates', () => {
  it('writes the e-mail confirmation in Japanese with its link, send-only note and filter domain', () => {
    const mail = renderMail(
      { template: 'email-confirmation', data: { url: 'https://lib.city.example.jp/account/email/confirm?token=abc' } },
      'ja',
      config,
    );
    expect(mail.subject).toBe('Eメールアドレスの確認のお願い');
    expect(mail.text).toMatch(/^みなと市立図書館をご利用いただきありがとうございます。\n\n/);
    expect(mail.text).toContain('\nhttps://lib.city.example.jp/account/email/confirm?token=abc\n');
    expect(mail.text).toContain('送信専用のアドレスから送信しています。ご返信いただいても読むことができません。');
    expect(mail.text).toContain('「@lib.city.example.jp」からのメールを受信できるよう設定してください。');
    expect(mail.text.endsWith('みなと市立図書館\nhttps://lib.city.example.jp\n')).toBe(true);
  });

  it('announces the registered address with 「メール登録完了のお知らせ」, in both languages', () => {
    const content = { template: 'email-registered', data: {} } as const;
    const ja = renderMail(content, 'ja', config);
    expect(ja.subject).toBe('メール登録完了のお知らせ');
    expect(ja.text).toContain('Eメールアドレスの登録が完了しました。');
    expect(renderMail(content, 'en', config).subject).toBe('Your e-mail address has been registered');
    expect(mailContentOf('email-registered', {})).toEqual(content);
  });

  it('names the title, the pickup place in the locale and the deadline with its weekday', () => {
    const content = { template: 'hold-ready', data: { title: 'こころ', place: 'minami', deadline: '2026-12-08' } } as const;
    const ja = renderMail(content, 'ja', config);
    expect(ja.subject).toBe('予約資料のご用意ができました');
    expect(ja.text).toContain('資料名: こころ\n受取場所: 南分館\n取置期限: 2026年12月8日(火)\n');
    const en = renderMail(content, 'en', config);
    expect(en.subject).toBe('Your reserved item is ready for pickup');
    expect(en.text).toContain('Title: こころ\nPickup place: South Branch\nPickup deadline: Tue, 8 December 2026\n');
    expect(en.text).toContain('Replies are not read.');
    expect(en.text).toContain('"@lib.city.example.jp"');
  });

  it('has subjects for the password notices and the test mail', () => {
    expect(mailSubject('password-registered', 'ja')).toBe('パスワード登録のお知らせ');
    expect(mailSubject('password-changed', 'ja')).toBe('パスワード変更のお知らせ');
    expect(mailSubject('test', 'ja')).toBe('テストメール');
    expect(renderMail({ template: 'password-changed', data: {} }, 'ja', config).text).toContain('パスワードが変更されました');
  });

  it('writes the unlock mail with its link and the lock’s end in the library’s time, in Japanese and in English', () => {
    const content = {
      template: 'sign-in-unlock' as const,
      data: { url: 'https://library.example.jp/login/unlock/abc', until: '2026-12-01T01:30:00.000Z' },
    };
    const ja = renderMail(content, 'ja', config);
    expect(ja.subject).toBe('ログインのロック解除のご案内');
    expect(ja.text).toContain('2026/12/01 10:30 まで図書館 Web サービスにログインできなくなっています');
    expect(ja.text).toContain('https://library.example.jp/login/unlock/abc\n');
    const en = renderMail(content, 'en', config);
    expect(en.subject).toBe('Unlocking your library sign-in');
    expect(en.text).toContain('https://library.example.jp/login/unlock/abc\n');
    expect(mailContentOf('sign-in-unlock', { url: 'x' })).toBeNull();
  });

  it('reads back only known templates with their fields', () => {
    expect(mailContentOf('hold-ready', { title: 'a', place: 'main', deadline: '2026-12-08' })).toEqual({
      template: 'hold-ready',
      data: { title: 'a', place: 'main', deadline: '2026-12-08' },
    });
    expect(mailContentOf('hold-ready', { title: 'a' })).toBeNull();
    expect(mailContentOf('newsletter', {})).toBeNull();
    expect(mailContentOf('toString', {})).toBeNull();
    expect(mailContentOf('test', {})).toEqual({ template: 'test', data: {} });
  });

  it('lists the dates a closure moved, each saying which kind it is, in both languages', () => {
    const items = [
      { kind: 'due', title: '坊っちゃん', date: '2026-12-18' },
      { kind: 'pickup', title: 'こころ', date: '2026-12-18' },
    ] as const;
    const content = mailContentOf('dates-moved', { items })!;
    const ja = renderMail(content, 'ja', config);
    expect(ja.subject).toBe('返却期限・取置期限変更のお知らせ');
    expect(ja.text).toContain('・坊っちゃん（返却期限 2026年12月18日(金)）\n・こころ（取置期限 2026年12月18日(金)）\n');
    const en = renderMail(content, 'en', config);
    expect(en.subject).toBe('Your due dates or pickup deadlines have moved');
    expect(en.text).toContain('- 坊っちゃん (now due Fri, 18 December 2026)\n- こころ (pick up by Fri, 18 December 2026)\n');
    expect(mailContentOf('dates-moved', { items: [] })).toBeNull();
    expect(mailContentOf('dates-moved', { items: [{ kind: 'renewal', title: 'a', date: '2026-12-18' }] })).toBeNull();
  });
});
