import { describe, expect, it } from 'vitest';
import {
  classifySmtpFailure,
  emlFileName,
  failureReason,
  GIVE_UP_AFTER_MS,
  mailDomain,
  newMessageId,
  nextAttemptAt,
  retryDelayMs,
  smtpFailureOf,
} from '../../src/mail/mail.rules.ts';

const minutes = (n: number) => n * 60_000;
const hours = (n: number) => minutes(n * 60);

describe('retry schedule', () => {
  it('waits 1 min, 5 min, 30 min, 2 h, then every 6 h', () => {
    expect([1, 2, 3, 4, 5, 6, 12].map(retryDelayMs)).toEqual([minutes(1), minutes(5), minutes(30), hours(2), hours(6), hours(6), hours(6)]);
  });

  it('schedules the next attempt from now', () => {
    const queuedAt = new Date('2026-12-01T01:00:00Z');
    const now = new Date(queuedAt.getTime() + minutes(1));
    expect(nextAttemptAt(2, queuedAt, now)).toEqual(new Date(now.getTime() + minutes(5)));
  });

  it('gives up once the next attempt would come more than two days after queueing', () => {
    const queuedAt = new Date('2026-12-01T01:00:00Z');
    const late = new Date(queuedAt.getTime() + GIVE_UP_AFTER_MS - hours(6));
    expect(nextAttemptAt(10, queuedAt, late)).toEqual(new Date(queuedAt.getTime() + GIVE_UP_AFTER_MS));
    expect(nextAttemptAt(10, queuedAt, new Date(late.getTime() + 1))).toBeNull();
  });
});

describe('SMTP failure classification', () => {
  it('treats a refused recipient (5xx to RCPT TO) as permanent for the address', () => {
    expect(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', message: 'x' })).toBe('recipient');
    expect(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 553, command: 'RCPT TO', message: 'x' })).toBe('recipient');
  });

  it('treats 4xx replies as transient, wherever they come', () => {
    for (const command of ['CONN', 'MAIL FROM', 'RCPT TO', 'DATA']) {
      expect(classifySmtpFailure({ responseCode: 451, command, message: 'x' })).toBe('transient');
    }
    expect(classifySmtpFailure({ responseCode: 421, command: 'CONN', message: 'x' })).toBe('transient');
  });

  it('treats connection failures and timeouts as transient', () => {
    expect(classifySmtpFailure({ code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:25' })).toBe('transient');
    expect(classifySmtpFailure({ code: 'ETIMEDOUT', command: 'CONN', message: 'Greeting never received' })).toBe('transient');
    expect(classifySmtpFailure({ code: 'ECONNECTION', command: 'CONN', message: 'Connection closed' })).toBe('transient');
  });

  it('fails a message refused after DATA, naming the recipient only for address status codes', () => {
    expect(classifySmtpFailure({ responseCode: 554, command: 'DATA', response: '554 5.7.1 Message rejected as spam', message: 'x' })).toBe(
      'message',
    );
    expect(classifySmtpFailure({ responseCode: 550, command: 'DATA', response: '550 5.1.1 <a@b.jp>: user unknown', message: 'x' })).toBe(
      'recipient',
    );
    expect(classifySmtpFailure({ responseCode: 550, command: 'DATA', response: '550 5.2.1 Mailbox disabled', message: 'x' })).toBe(
      'recipient',
    );
  });

  it('keeps retrying when our own relay refuses us (a configuration an operator can fix)', () => {
    expect(classifySmtpFailure({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN', message: 'Invalid login' })).toBe('transient');
    expect(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 553, command: 'MAIL FROM', message: 'sender rejected' })).toBe(
      'transient',
    );
    expect(classifySmtpFailure({ responseCode: 554, command: 'CONN', message: 'no service' })).toBe('transient');
  });

  it('reads the fields of a nodemailer error and keeps the server reply as the reason', () => {
    const error = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 unknown"), {
      code: 'EENVELOPE',
      responseCode: 550,
      command: 'RCPT TO',
      response: '550 5.1.1 unknown',
    });
    const failure = smtpFailureOf(error);
    expect(failure).toMatchObject({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 unknown' });
    expect(failureReason(failure)).toBe('550 5.1.1 unknown');
    expect(failureReason(smtpFailureOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' })))).toBe(
      'ESOCKET: connect ECONNREFUSED',
    );
    expect(failureReason(smtpFailureOf('odd'))).toBe('odd');
    expect(failureReason({ message: 'x'.repeat(2000) })).toHaveLength(500);
  });
});

describe('names', () => {
  it('makes Message-IDs on the sender domain and file names from them', () => {
    const id = newMessageId('no-reply@library.example.jp');
    expect(id).toMatch(/^<[0-9a-f-]{36}@library\.example\.jp>$/);
    expect(newMessageId('no-reply@library.example.jp')).not.toBe(id);
    expect(emlFileName(id)).toBe(`${id.slice(1, -1)}.eml`);
    expect(emlFileName('<../../etc/passwd@x>')).toBe('.._.._etc_passwd@x.eml');
    expect(mailDomain('no-reply@library.example.jp')).toBe('library.example.jp');
  });
});
