import { defineMessages } from './define.ts';

/**
 * Mail texts (plain text; `\n` breaks lines) and the development mailbox.
 * Every mail is greeting + body + footer; the footer says replies are not
 * read and names the domain to allow in a phone's mail filter.
 */
export const mailMessages = defineMessages(
  {
    'mail.greeting': '{library}をご利用いただきありがとうございます。',
    'mail.footer':
      '――――――――――――――――――――\n' +
      'このメールは送信専用のアドレスから送信しています。ご返信いただいても読むことができません。\n' +
      'お問い合わせは{library}の窓口またはお電話でお願いします。\n' +
      '携帯電話で迷惑メール対策（ドメイン指定受信）をされている方は、「@{domain}」からのメールを受信できるよう設定してください。\n' +
      '{library}',
    'mail.emailConfirmation.subject': 'Eメールアドレスの確認のお願い',
    'mail.emailRegistered.subject': 'メール登録完了のお知らせ',
    'mail.emailRegistered.body':
      'Eメールアドレスの登録が完了しました。\n\n' + 'これから、予約資料のご用意ができたときなどに、このアドレスへお知らせをお送りします。',
    'mail.emailConfirmation.body':
      'Eメールアドレスの登録を受け付けました。\n\n' +
      '次のリンクを開いて、登録を完了してください。リンクを開くまで、予約資料のご用意のお知らせはこのアドレスに届きません。\n' +
      '{url}\n\n' +
      'お心当たりのない場合は、このメールを破棄してください。',
    'mail.holdReady.subject': '予約資料のご用意ができました',
    'mail.holdReady.body':
      'ご予約の資料のご用意ができました。取置期限までに受取場所でお受け取りください。\n\n' +
      '資料名: {title}\n' +
      '受取場所: {place}\n' +
      '{stop}' +
      '取置期限: {deadline}\n\n' +
      '取置期限を過ぎると予約は解除されます。お受け取りの際は利用カードをお持ちください。',
    'mail.holdReady.stop': '次の停車日: {date}（移動図書館がこの日に受取場所へお届けします）',
    'mail.passwordRegistered.subject': 'パスワード登録のお知らせ',
    'mail.passwordRegistered.body':
      '図書館 Web サービスのパスワードが新しく登録されました。\n\n' + 'お心当たりのない場合は、すぐに図書館へご連絡ください。',
    'mail.passwordChanged.subject': 'パスワード変更のお知らせ',
    'mail.passwordChanged.body':
      '図書館 Web サービスのパスワードが変更されました。\n\n' + 'お心当たりのない場合は、すぐに図書館へご連絡ください。',
    'mail.signInUnlock.subject': 'ログインのロック解除のご案内',
    'mail.signInUnlock.body':
      'パスワードを続けて間違えたため、あなたの利用カードは {until} まで図書館 Web サービスにログインできなくなっています。\n\n' +
      'ご自身の操作であれば、次のリンクを開き、表示される「ロックを解除する」ボタンを押すと、すぐにログインできるようになります。リンクは一度だけ、{until} まで使えます。\n' +
      '{url}\n\n' +
      'お心当たりのない場合は、だれかがあなたの利用カードの番号でログインを試みた可能性があります。リンクは開かずにこのメールを破棄し、ご心配なら図書館へご連絡ください。',
    'mail.test.subject': 'テストメール',
    'mail.test.body':
      'このメールは、登録されたアドレスにメールが届くかを確かめるためのテストメールです。\n' +
      'このメールが届いていれば、予約資料のご用意のお知らせも受け取れます。',
    'mailbox.title': '開発用メールボックス',
    'mailbox.lead':
      'SMTP サーバーが設定されていないため、メールは送信されず、{folder} に .eml ファイルとして保存されます。新しいものから {count} 件まで表示します。',
    'mailbox.leadSmtp': 'メールは SMTP サーバーへ送信されます。送信の記録を新しいものから {count} 件まで表示します。',
    'mailbox.empty': 'メールはまだありません。',
    'mailbox.to': '宛先',
    'mailbox.queuedAt': '作成',
    'mailbox.status': '状態',
    'mailbox.status.queued': '送信待ち',
    'mailbox.status.sending': '送信中',
    'mailbox.status.sent': '送信済み',
    'mailbox.status.failed': '送信失敗',
    'mailbox.lastError': '最後のエラー',
    'mailbox.raw': '.eml ファイル',
    'mailbox.linkRemoved': '（一回限りのリンクは送信後に削除しました。.eml ファイルにあります）',
  },
  {
    'mail.greeting': 'Thank you for using {library}.',
    'mail.footer':
      '--------------------\n' +
      'This mail was sent from a send-only address. Replies are not read.\n' +
      'For questions, please contact {library} at the counter or by phone.\n' +
      'If your phone filters mail by domain, please allow mail from "@{domain}".\n' +
      '{library}',
    'mail.emailConfirmation.subject': 'Please confirm your e-mail address',
    'mail.emailRegistered.subject': 'Your e-mail address has been registered',
    'mail.emailRegistered.body':
      'Your e-mail address is now registered.\n\n' + 'We will send notices here, such as when a reserved item is ready for pickup.',
    'mail.emailConfirmation.body':
      'We have received your e-mail address.\n\n' +
      'Please open the link below to complete the registration. Until you do, notices that your reserved items are ready will not be sent to this address.\n' +
      '{url}\n\n' +
      'If you did not request this, please ignore this mail.',
    'mail.holdReady.subject': 'Your reserved item is ready for pickup',
    'mail.holdReady.body':
      'An item you reserved is ready. Please collect it at the pickup place by the pickup deadline.\n\n' +
      'Title: {title}\n' +
      'Pickup place: {place}\n' +
      '{stop}' +
      'Pickup deadline: {deadline}\n\n' +
      'After the deadline the reservation is cancelled. Please bring your library card.',
    'mail.holdReady.stop': 'Next bookmobile stop: {date} (the bookmobile brings it to the pickup place that day)',
    'mail.passwordRegistered.subject': 'Your password has been registered',
    'mail.passwordRegistered.body':
      'A new password has been registered for the library Web service.\n\n' + 'If this was not you, please contact the library at once.',
    'mail.passwordChanged.subject': 'Your password has been changed',
    'mail.passwordChanged.body':
      'Your password for the library Web service has been changed.\n\n' + 'If this was not you, please contact the library at once.',
    'mail.signInUnlock.subject': 'Unlocking your library sign-in',
    'mail.signInUnlock.body':
      'After too many wrong passwords, your library card cannot sign in to the library Web service until {until}.\n\n' +
      'If that was you, open the link below and press the “Unlock” button it shows; you can then sign in at once. The link works once, until {until}.\n' +
      '{url}\n\n' +
      'If it was not you, someone may have tried to sign in with your card number. Do not open the link; delete this mail, and contact the library if you are concerned.',
    'mail.test.subject': 'Test mail',
    'mail.test.body':
      'This is a test mail, to check that mail reaches your registered address.\n' +
      'If you received it, you will also receive the notices that your reserved items are ready.',
    'mailbox.title': 'Development mailbox',
    'mailbox.lead':
      'No SMTP server is configured, so mail is not sent: it is saved as .eml files in {folder}. The newest {count} are shown.',
    'mailbox.leadSmtp': 'Mail is sent to the SMTP server. The newest {count} mails in the outbox are shown.',
    'mailbox.empty': 'No mail yet.',
    'mailbox.to': 'To',
    'mailbox.queuedAt': 'Created',
    'mailbox.status': 'Status',
    'mailbox.status.queued': 'Waiting',
    'mailbox.status.sending': 'Sending',
    'mailbox.status.sent': 'Sent',
    'mailbox.status.failed': 'Failed',
    'mailbox.lastError': 'Last error',
    'mailbox.raw': '.eml file',
    'mailbox.linkRemoved': '(the one-time link was removed after sending; the .eml file has it)',
  },
);
