import { defineMessages } from './define.ts';

/** The library card on the phone (/account/card). */
export const cardMessages = defineMessages(
  {
    'card.title': '利用カード',
    'card.link': '利用カードを表示（スマートフォン）',
    'card.lead': 'カウンターや自動貸出機でこの画面をお見せください。読み取りにくいときは画面を明るくしてください。',
    'card.barcodeLabel': '利用カードのバーコード（番号 {number}）',
    'card.number': '利用カードの番号',
    'card.noBarcode': 'この番号はバーコードで表示できません。カウンターで番号をお伝えください。',
    'card.offline': '一度表示すると、電波の届かない所でもこの端末で表示できます（ログアウトすると消えます）。',
  },
  {
    'card.title': 'Library card',
    'card.link': 'Show your library card (phone)',
    'card.lead': 'Show this screen at the counter or the self-checkout. If it does not scan, turn up the screen brightness.',
    'card.barcodeLabel': 'Barcode of your library card (number {number})',
    'card.number': 'Card number',
    'card.noBarcode': 'This number cannot be shown as a barcode. Please tell the staff your card number.',
    'card.offline': 'Once shown, this device can show it without a connection too (it is deleted when you log out).',
  },
);
