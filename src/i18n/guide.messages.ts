import { defineMessages } from './define.ts';

/**
 * Strings of 「Webサービスについて」 (/guide). Every number and label in them
 * is a placeholder filled from the settings or from the service's own
 * messages, so the guide says exactly what the service does.
 */
export const guideMessages = defineMessages(
  {
    'guide.title': 'Webサービスについて',
    'guide.link': 'ご利用案内',
    'guide.listSeparator': '、',
    'guide.homeLink': 'Webサービスのご利用案内（予約の件数・取置期間・延長など）',
    'guide.lead': '{library}のWebサービスでは、パソコンやスマートフォンから次のことができます。',
    'guide.offer.register': 'パスワードの登録（初めての方・忘れた方）',
    'guide.offer.search': '資料の検索と予約',
    'guide.offer.account': '借りている資料・予約の確認、貸出延長、パスワードとメールアドレスの変更',
    'guide.needs.heading': 'ご利用に必要なもの',
    'guide.needs.lead': '図書館の利用カードの番号と、Webサービス用のパスワードが必要です。',
    'guide.needs.card': '利用カードの番号: {hint}',
    'guide.needs.password': 'パスワード: {rules}',
    'guide.needs.birthDate':
      '生年月日を初期パスワードとする方式は2015年7月29日に廃止しました。パスワードを登録していない方、生年月日をパスワードにしていた方は、新規パスワード登録で登録してください。',
    'guide.needs.lockout':
      'パスワードを{threshold}回続けて間違えると、その利用カードは{minutes}分間ログインできなくなります。確認済みのEメールアドレスを登録している方には、ロックを解除するリンクをメールでお送りします。図書館の窓口やお電話でも解除できます。',
    'guide.reserve.heading': 'Web予約',
    'guide.reserve.who': '利用カードをお持ちで、パスワードを登録した方が予約できます。',
    'guide.reserve.what':
      'すべての所蔵が貸出中などで書架にない資料を予約できます（書架にある資料は図書館でお借りください）。雑誌は最新号を予約できます。',
    'guide.reserve.limits':
      '予約できるのは、図書{book}点・視聴覚資料{av}点、合わせて{total}点までです。窓口で申し込んだ予約も含めて数えます。雑誌は図書に数えます。',
    'guide.steps.heading': '予約の手順',
    'guide.step.1': '「{search}」で資料を探します。',
    'guide.step.2': '資料の詳細ページで「{addToCart}」を押します。',
    'guide.step.3': '「{cart}」で「{reserve}」を押します。',
    'guide.step.4': 'ログインしていなければログインします。ログインすると予約の手続きに戻ります。',
    'guide.step.5': '「{pickup}」と「{contact}」（{contacts}）を選びます。',
    'guide.step.6': '「{next}」を押します。',
    'guide.step.7': '確認画面で内容を確かめ、「{confirm}」を押します。',
    'guide.step.8': '結果の画面に、予約できた資料は順位が、できなかった資料は理由が表示されます。「{done}」で終わります。',
    'guide.pickup.heading': '受け取り',
    'guide.pickup.body':
      '資料をご用意できたら、選んだ方法でお知らせします。利用カードを持って、受取場所のカウンターでお受け取りください。取置期間は、お知らせした日から{days}日間です。期間を過ぎると予約は取り消され、次の方に回ります。',
    'guide.pickup.delay': '返却された資料の確認や移送があるため、ご用意できてからお知らせが届くまで時間がかかることがあります。',
    'guide.pickup.libraries': '図書館のカウンター: {places}',
    'guide.pickup.bookmobile': '移動図書館（「BM」で始まる停車場所）: {places}',
    'guide.change.heading': '予約の取消・変更',
    'guide.change.body':
      '「{account}」の「{waiting}」で資料を選び、「取消」または「変更」（受取場所・ご連絡方法）ができます。「{ready}」の資料は取消・変更できません。',
    'guide.renew.heading': '貸出延長',
    'guide.renew.body':
      '貸出期間は{loanDays}日間です。「{account}」から、1冊につき{maxRenewals}回まで延長できます。延長後の返却期限は、延長した日から{renewalDays}日後です（休館日にあたるときは次の開館日）。',
    'guide.renew.refused': '次の場合は延長できません: 返却期限を過ぎている、ほかの方の予約がある、視聴覚資料である。',
    'guide.categories.heading': '利用者区分ごとの貸出・予約',
    'guide.categories.lead': '貸出できる点数や期間は、利用者区分によって次のとおりです。ご自分の区分は「利用照会」で確かめられます。',
    'guide.mail.heading': 'メールについて',
    'guide.mail.one': '予約の連絡などに使うメールアドレスを1つ（パソコンか携帯電話）登録できます。',
    'guide.mail.confirm':
      '登録すると確認のメールが届きます。メールのリンクを開くと確認済みになり、「{registered}」が届きます。確認済みのアドレスだけにお知らせを送ります。',
    'guide.mail.domain':
      '迷惑メール対策でドメイン指定受信をしている方は「@{domain}」からのメールを受信できるよう設定してください。メールは送信専用のアドレスから送るため、返信はできません。',
    'guide.mail.test': '「{account}」から、登録したアドレスにテストメールを送れます（24時間に{limit}回まで）。',
    'guide.mail.filters':
      'フリーメールや携帯電話のアドレスでは、迷惑メールとして扱われたり、機種変更のあとで受信設定が変わって届かなくなったりすることがあります。',
    'guide.mail.bounce':
      '届かなかったメールは図書館で分かるようになっています。届かないアドレスは「{account}」でお知らせし、予約のご連絡は電話に切り替えます。',
    'guide.push.heading': 'スマートフォンへの通知',
    'guide.push.body':
      '予約の資料のご用意ができたことを、メールや電話のほかに、スマートフォンやパソコンへの通知でも受け取れます。ログインして「{notices}」のページを開き、通知を受け取りたい端末で「{button}」を押して、通知を許可してください。',
    'guide.push.devices':
      'Android・Windows・macのChrome、Edge、Firefoxと、macOS 13以降のSafariで受け取れます。iPhone・iPad（iOS 16.4以降）では、Safariの共有メニューから「ホーム画面に追加」をして、ホーム画面のアイコンから開いたときだけ受け取れます。ログアウトやパスワードの変更で通知は止まります。',
    'guide.closed.heading': '休館日',
    'guide.closed.weekly': '毎週{days}',
    'guide.closed.holidaysClosed': '国民の祝日・休日も休館します。',
    'guide.closed.holidaysOpen': '国民の祝日・休日は開館します。',
    'guide.closed.holidayShift': '休館日が祝日・休日にあたるときは開館し、その次の平日に休館します。',
    'guide.closed.more':
      'ほかに年末年始や館内整理日などの休館日があります。返却期限や取置期限が休館日にあたるときは、次の開館日までになります。',
    'guide.password.heading': 'パスワードの管理',
    'guide.password.body':
      '他人に推測されないよう、パスワードは定期的に変更してください。「{account}」の「パスワードの変更」から変更できます。共用のパソコンでは、使い終わったら必ずログアウトしてください。',
  },
  {
    'guide.title': 'About the Web service',
    'guide.link': 'Guide',
    'guide.listSeparator': ', ',
    'guide.homeLink': 'How the Web service works (reservation limits, pickup period, renewal…)',
    'guide.lead': 'On the Web service of {library} you can, from a computer or a phone:',
    'guide.offer.register': 'Register a password (first time, or forgotten)',
    'guide.offer.search': 'Search the catalog and reserve',
    'guide.offer.account': 'See your loans and reservations, renew loans, change your password and e-mail address',
    'guide.needs.heading': 'What you need',
    'guide.needs.lead': 'Your library card number and a password for the Web service.',
    'guide.needs.card': 'Library card number: {hint}',
    'guide.needs.password': 'Password: {rules}',
    'guide.needs.birthDate':
      'The birth date is no longer accepted as the initial password (since 29 July 2015). If you have not registered a password, or used your birth date, register one under New password registration.',
    'guide.needs.lockout':
      'After {threshold} wrong passwords in a row, the card cannot sign in for {minutes} minutes. If you have a confirmed e-mail address, we mail you a link that unlocks it; the library can also unlock it at the counter or by phone.',
    'guide.reserve.heading': 'Web reservations',
    'guide.reserve.who': 'Anyone with a library card and a registered password can reserve.',
    'guide.reserve.what':
      'You can reserve titles with no copy on the shelf (all on loan or otherwise away); titles on the shelf can be borrowed at the library. For magazines, the latest issue can be reserved.',
    'guide.reserve.limits':
      'You can have up to {book} books and {av} audiovisual item(s) reserved, {total} in all, counting reservations made at the counter. Magazines count as books.',
    'guide.steps.heading': 'How to reserve',
    'guide.step.1': 'Find the title with “{search}”.',
    'guide.step.2': 'On its page, press “{addToCart}”.',
    'guide.step.3': 'In the “{cart}”, press “{reserve}”.',
    'guide.step.4': 'Sign in if you have not; you then return to the reservation.',
    'guide.step.5': 'Choose the “{pickup}” and the “{contact}” ({contacts}).',
    'guide.step.6': 'Press “{next}”.',
    'guide.step.7': 'Check the confirmation page and press “{confirm}”.',
    'guide.step.8': 'The result page shows each title’s queue position, or why it could not be reserved. “{done}” ends the reservation.',
    'guide.pickup.heading': 'Picking up',
    'guide.pickup.body':
      'When your item is ready, we tell you the way you chose. Bring your library card to the counter of the pickup place. We keep the item for {days} days from the day we tell you; after that the reservation ends and the item goes to the next patron.',
    'guide.pickup.delay':
      'Returned items are checked and sometimes moved between places, so the notice can take a while after an item is ready.',
    'guide.pickup.libraries': 'Library counters: {places}',
    'guide.pickup.bookmobile': 'Bookmobile stops (names beginning with “BM”): {places}',
    'guide.change.heading': 'Cancelling and changing',
    'guide.change.body':
      'In “{account}”, under “{waiting}”, select titles and cancel them or change their pickup place or contact method. Items under “{ready}” cannot be cancelled or changed.',
    'guide.renew.heading': 'Renewal',
    'guide.renew.body':
      'Loans are for {loanDays} days. In “{account}” each loan can be renewed {maxRenewals} time(s); the new due date is {renewalDays} days from the day you renew (or the next open day).',
    'guide.renew.refused':
      'A loan cannot be renewed when it is overdue, when someone else has reserved the title, or for audiovisual items.',
    'guide.categories.heading': 'Loans and holds by patron category',
    'guide.categories.lead':
      'How many items you may borrow, and for how long, depends on your patron category as follows. “My account” shows yours.',
    'guide.mail.heading': 'About e-mail',
    'guide.mail.one': 'You can register one e-mail address (computer or phone) for notices.',
    'guide.mail.confirm':
      'Saving it sends a mail asking you to confirm; opening its link confirms the address and we send “{registered}”. Notices go only to confirmed addresses.',
    'guide.mail.domain':
      'If your phone filters mail by domain, allow “@{domain}”. Our mail comes from a send-only address: replies are not read.',
    'guide.mail.test': 'In “{account}” you can send yourself a test mail (at most {limit} in 24 hours).',
    'guide.mail.filters':
      'Free-mail services and phone carriers sometimes treat our mail as spam, and a new phone often comes with new mail filters.',
    'guide.mail.bounce':
      'The library learns when mail does not arrive. “{account}” then tells you, and notices of ready reservations come by phone instead.',
    'guide.push.heading': 'Notifications on your phone',
    'guide.push.body':
      'Besides mail or a phone call, you can be notified on your phone or computer when a reserved item is ready. Sign in, open “{notices}” and press “{button}” on each device you want notified, then allow notifications.',
    'guide.push.devices':
      'Notifications work in Chrome, Edge and Firefox on Android, Windows and macOS, and in Safari on macOS 13 or later. On iPhone and iPad (iOS 16.4 or later) they work only once you have added this service to the home screen (Safari, Share, “Add to Home Screen”) and opened it from there. Signing out or changing your password stops them.',
    'guide.closed.heading': 'Closed days',
    'guide.closed.weekly': 'Every {days}',
    'guide.closed.holidaysClosed': 'The library is also closed on national holidays.',
    'guide.closed.holidaysOpen': 'The library is open on national holidays.',
    'guide.closed.holidayShift':
      'When a weekly closed day is a national holiday, the library opens and closes on the next weekday instead.',
    'guide.closed.more':
      'The library also closes over the New Year and for stocktaking. A due date or pickup deadline on a closed day moves to the next open day.',
    'guide.password.heading': 'Your password',
    'guide.password.body':
      'Change your password from time to time (“Change password” in “{account}”). On a shared computer, always sign out when you finish.',
  },
);
