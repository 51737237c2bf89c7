/** The demo's patrons and staff account; the README lists these cards and passwords. */
import type { StaffRole } from '../db/schema.ts';

export interface DemoPatron {
  key: string;
  cardNumber: string;
  name: string;
  nameKana: string;
  birthDate: string;
  phone: string;
  email?: string;
  emailState?: 'confirmed' | 'unconfirmed' | 'undeliverable';
  password?: string;
  legacyPassword?: boolean;
}

export const demoPatrons: DemoPatron[] = [
  {
    key: 'hanako',
    cardNumber: '01000001',
    name: '山田 花子',
    nameKana: 'やまだ はなこ',
    birthDate: '1985-04-12',
    phone: '0312345678',
    email: 'hanako@example.jp',
    emailState: 'confirmed',
    password: 'hanako1',
  },
  {
    key: 'taro',
    cardNumber: '01000002',
    name: '佐藤 太郎',
    nameKana: 'さとう たろう',
    birthDate: '1972-11-03',
    phone: '09011112222',
    password: 'taro22',
  },
  {
    key: 'ichiro',
    cardNumber: '01000003',
    name: '鈴木 一郎',
    nameKana: 'すずき いちろう',
    birthDate: '1950-01-20',
    phone: '0453334444',
    legacyPassword: true,
  },
  {
    key: 'misaki',
    cardNumber: '01000004',
    name: '高橋 美咲',
    nameKana: 'たかはし みさき',
    birthDate: '1998-07-07',
    phone: '08055556666',
    email: 'misaki@example.jp',
    emailState: 'unconfirmed',
    password: 'misaki4',
  },
  {
    key: 'ken',
    cardNumber: '01000005',
    name: '田中 健',
    nameKana: 'たなか けん',
    birthDate: '1990-02-28',
    phone: '0667778888',
    email: 'ken@invalid.example.jp',
    emailState: 'undeliverable',
    password: 'kenken5',
  },
  {
    key: 'reader1',
    cardNumber: '01000011',
    name: '伊藤 さくら',
    nameKana: 'いとう さくら',
    birthDate: '2001-03-03',
    phone: '0701231234',
    password: 'sakura11',
  },
  {
    key: 'reader2',
    cardNumber: '01000012',
    name: '渡辺 誠',
    nameKana: 'わたなべ まこと',
    birthDate: '1966-09-09',
    phone: '0701235678',
    password: 'makoto12',
  },
];

export interface DemoStaff {
  username: string;
  displayName: string;
  password: string;
  role: StaffRole;
}

export const demoStaff: DemoStaff[] = [{ username: 'librarian', displayName: '図書館 職員', password: 'counter2026', role: 'admin' }];
