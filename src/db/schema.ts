/**
 * Kysely's view of the tables the migrations create. Dates (`date` columns)
 * arrive as 'YYYY-MM-DD' strings on both drivers (see database.ts), because a
 * due date is a calendar date in the library's time zone, not an instant.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A calendar date 'YYYY-MM-DD'. */
export type CalendarDate = string;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type Material = 'book' | 'magazine' | 'av';
export type CopyStatus = 'on_shelf' | 'on_loan' | 'in_transit' | 'on_hold_shelf' | 'lost' | 'withdrawn';
export type HoldStatus = 'pending' | 'in_transit' | 'ready' | 'fulfilled' | 'cancelled' | 'expired';
export type ContactMethod = 'phone' | 'none' | 'email';
export type PlacedVia = 'web' | 'counter';
export type StaffRole = 'desk' | 'admin';
export type MailStatus = 'queued' | 'sending' | 'sent' | 'failed';

export interface PickupPlacesTable {
  code: string;
  name_ja: string;
  name_en: string;
  kind: 'library' | 'bookmobile';
  sort_order: Generated<number>;
  active: Generated<boolean>;
}

export interface PatronsTable {
  id: Generated<number>;
  card_number: string;
  name: string;
  name_kana: Generated<string>;
  birth_date: CalendarDate;
  phone: Generated<string>;
  email: string | null;
  email_confirmed_at: Timestamp | null;
  email_undeliverable_at: Timestamp | null;
  email_undeliverable_reason: string | null;
  password_hash: string | null;
  legacy_birth_date_password: Generated<boolean>;
  password_changed_at: Timestamp | null;
  blocked_reason: string | null;
  expires_on: CalendarDate | null;
  locale: Generated<'ja' | 'en'>;
  created_at: Generated<Timestamp>;
  /** The patron chose to keep a reading record (読書記録): their returned loans keep naming them. */
  keep_reading_record: Generated<boolean>;
  /** 「返却期限のお知らせ」 wanted (/account/notices). */
  notify_due_soon: Generated<boolean>;
  /** Overdue notices wanted. */
  notify_overdue: Generated<boolean>;
  /** 利用者区分: a code of LIBRARY_CONFIG patronCategories; null: the library's own terms. */
  category: string | null;
  /** The day the last 新着資料のお知らせ went to the patron: one a day. */
  new_arrivals_mailed_on: CalendarDate | null;
}

export interface EmailConfirmationsTable {
  token_hash: string;
  patron_id: number;
  email: string;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface StaffTable {
  id: Generated<number>;
  username: string;
  display_name: Generated<string>;
  password_hash: string;
  role: StaffRole;
  disabled_at: Timestamp | null;
  created_at: Generated<Timestamp>;
}

export interface SessionsTable {
  id: string;
  patron_id: number | null;
  staff_id: number | null;
  csrf_token: string;
  shared_device: Generated<boolean>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface SerialsTable {
  id: Generated<number>;
  source_id: string;
  title: string;
  title_kana: Generated<string>;
}

export interface RecordsTable {
  id: Generated<number>;
  source_id: string;
  material: Material;
  av_format: 'cd' | 'dvd' | null;
  title: string;
  title_kana: Generated<string>;
  author: Generated<string>;
  author_kana: Generated<string>;
  publisher: Generated<string>;
  pub_year: number | null;
  isbn: string | null;
  ndc: Generated<string>;
  subject: Generated<string>;
  serial_id: number | null;
  issue_label: string | null;
  issue_date: CalendarDate | null;
  search_text: Generated<string>;
  series: Generated<string>;
  series_kana: Generated<string>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  /** The OAI-PMH datestamp: the record or its disseminated copies last changed (whole seconds; a trigger keeps it). */
  changed_at: ColumnType<Date, never, never>;
}

/** One row per (1- or 2-character gram, record), kept by a trigger on records: see migration 20261128_1001. */
export interface SearchPostingsTable {
  gram: string;
  in_title: boolean;
  /** '0' and the reading's first four characters, or '1' when there is no reading. */
  title_key: string;
  material: Material;
  record_id: number;
}

/** How many records hold a gram, by material (the postings' sizes). */
export interface SearchGramCountsTable {
  gram: string;
  material: Material;
  records: number;
}

/** How many records the catalog holds of each material (20261209_1002), and the stamp of what a search finds in them (20261210_0002). */
export interface RecordCountsTable {
  material: Material;
  records: number;
  stamp: Generated<string>;
}

export interface CopiesTable {
  id: Generated<number>;
  barcode: string;
  record_id: number;
  home_place: string;
  current_place: string;
  shelf_mark: Generated<string>;
  status: Generated<CopyStatus>;
  reference_only: Generated<boolean>;
}

export interface LoansTable {
  id: Generated<number>;
  copy_id: number;
  /** Null once returned, unless the patron keeps a reading record (SPEC §12); never null while out. */
  patron_id: number | null;
  checked_out_at: Timestamp;
  due_date: CalendarDate;
  renewals: Generated<number>;
  last_renewed_at: Timestamp | null;
  returned_at: Timestamp | null;
  checked_out_by: number | null;
  returned_by: number | null;
  /** Where it was lent and returned, for the anonymous statistics; null for loans made before these were kept. */
  checkout_place: string | null;
  return_place: string | null;
}

export interface HoldsTable {
  id: Generated<number>;
  /** Null once the hold has been finished for longer than the retention period (SPEC §12); never null while active. */
  patron_id: number | null;
  record_id: number;
  status: Generated<HoldStatus>;
  pickup_place: string;
  contact: ContactMethod;
  placed_via: PlacedVia;
  placed_at: Timestamp;
  placed_by: number | null;
  copy_id: number | null;
  trapped_at: Timestamp | null;
  ready_at: Timestamp | null;
  notified_at: Timestamp | null;
  pickup_deadline: CalendarDate | null;
  call_needed: Generated<boolean>;
  called_at: Timestamp | null;
  called_by: number | null;
  closed_at: Timestamp | null;
  closed_reason: string | null;
  /** 予約の保留: checkin passes the hold over while the library's date is before this day (SPEC §14). */
  suspended_until: CalendarDate | null;
  /** 予約の有効期限: still pending after this day, the daily job cancels it. */
  need_by: CalendarDate | null;
  /** 順番予約: the hold of the series that must be finished before this one may be made ready. */
  series_after: number | null;
  /** 順番予約 position/size, as 「順番予約 2/3」 shows it; both null outside a series. */
  series_position: number | null;
  series_size: number | null;
  /** For a 「BM」 station: the stop the ready copy rides to (次の停車日); null elsewhere or with no timetable. */
  pickup_stop_on: CalendarDate | null;
}

export interface ReservationConfirmationsTable {
  key: string;
  patron_id: number;
  created_at: Timestamp;
  result: Json<unknown> | null;
}

export interface CartItemsTable {
  session_id: string;
  record_id: number;
  added_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  message_id: string;
  patron_id: number | null;
  to_address: string;
  template: string;
  locale: Generated<'ja' | 'en'>;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  status: Generated<MailStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  last_attempt_at: Timestamp | null;
}

/** A returned mail, one per outbox mail: hard (5.x.x) or soft (4.x.x). */
export interface MailBouncesTable {
  outbox_id: number;
  severity: 'hard' | 'soft';
  status: string;
  diagnostic: Generated<string>;
  received_at: Timestamp;
}

/** A device's Web Push subscription (SPEC §14): the browser's PushSubscription, kept for one patron. */
export interface PushSubscriptionsTable {
  id: Generated<number>;
  patron_id: number;
  endpoint: string;
  p256dh: string;
  auth: string;
  /** A label shown in the device list ("Chrome", "Safari"…), read from the User-Agent. */
  browser: string;
  /** The sign-in that subscribed the device: its logout removes the subscription. */
  session_id: string | null;
  /** SHA-256 of the browser's push-device cookie: that device's logout in a later sign-in removes it too. */
  device_key: string;
  created_at: Timestamp;
}

/** What a hold-ready push says; cleared once the notice is finished. */
export interface HoldReadyPushData {
  title: string;
  place: string;
  deadline: CalendarDate;
  /** The bookmobile stop the copy rides to, for a 「BM」 station with a timetable. */
  stop?: CalendarDate;
}

/** A push notice waiting for the worker, one per hold and device. */
export interface PushOutboxTable {
  id: Generated<number>;
  subscription_id: number;
  hold_id: number;
  locale: 'ja' | 'en';
  data: ColumnType<HoldReadyPushData | null, string | null, string | null>;
  status: Generated<MailStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  last_attempt_at: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export type LoanReminderKind = 'due_soon' | 'overdue';

/** A reminder sent for a loan and due date: seq 0 the due-soon one, 1… the overdue notices. */
export interface LoanRemindersTable {
  loan_id: number;
  due_date: CalendarDate;
  kind: LoanReminderKind;
  seq: number;
  sent_on: CalendarDate;
}

/** Whose name a sign-in count is kept under: a patron's card number or a staff username. */
export type SignInRealm = 'patron' | 'staff';

/** Consecutive failed sign-ins and the lock, per well-formed name whether or not an account has it (SPEC §1). */
export interface SignInCountsTable {
  realm: SignInRealm;
  name: string;
  failures: Generated<number>;
  /** Locks since the last success: the staff back-off doubles with each. */
  locks: Generated<number>;
  locked_until: Timestamp | null;
  last_attempt_at: Timestamp;
}

/** A one-time link that ends a card's lock early, mailed to the patron's confirmed address; only the token's hash is kept. */
export interface SignInUnlocksTable {
  token_hash: string;
  card_number: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface LoginThrottlesTable {
  address: string;
  window_started_at: Timestamp;
  failures: Generated<number>;
}

/** A closure from `closed_on` to `closed_until`, both days closed; `reason` is the admin's note; `place` null for the whole library. */
export interface LibraryClosuresTable {
  closed_on: CalendarDate;
  closed_until: CalendarDate;
  reason: Generated<string>;
  place: string | null;
}

/** A day open whatever the weekly days, holidays and closures say. */
export interface LibraryOpenDaysTable {
  open_on: CalendarDate;
  note: Generated<string>;
}

/** A 「BM」 station's timetable: a stop on `first_stop_on`, then every one or two weeks until `last_stop_on` (none: no end). */
export interface BookmobileTimetablesTable {
  station: string;
  first_stop_on: CalendarDate;
  every_weeks: 1 | 2;
  last_stop_on: CalendarDate | null;
  /** 'HH:MM', both or neither. */
  arrives_at: string | null;
  departs_at: string | null;
}

/** A dated exception to a station's timetable: an extra stop, or a stop cancelled. */
export interface BookmobileStopChangesTable {
  station: string;
  stop_on: CalendarDate;
  kind: 'extra' | 'cancelled';
  note: Generated<string>;
}

export interface LibrarySettingsTable {
  key: string;
  value: Json<unknown>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  staff_id: number | null;
  action: string;
  patron_id: number | null;
  copy_id: number | null;
  record_id: number | null;
  hold_id: number | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

/** Facts about the database's own history, such as `demo-library` (it holds the demo). */
export interface LibraryFactsTable {
  fact: string;
  recorded_at: Timestamp;
}

/** Secrets shared by every web process, by name (`csrf`: the key of anonymous CSRF tokens). */
export interface SiteSecretsTable {
  name: string;
  value: string;
}

/** A card number a reissue took out of use: never issued again. */
export interface RetiredCardNumbersTable {
  card_number: string;
  patron_id: number | null;
  retired_at: Timestamp;
}

/** A record a patron marked as お気に入り (今度読みたい本). */
export interface FavouritesTable {
  patron_id: number;
  record_id: number;
  added_at: Timestamp;
}

/** A patron's private calendar feed: only the hash of its URL's token is kept. */
export interface CalendarFeedsTable {
  patron_id: number;
  token_hash: string;
  /** The patron chose to see titles in the events; otherwise 「返却期限（2点）」. */
  show_titles: Generated<boolean>;
  created_at: Timestamp;
}

/** 新着資料のお知らせ: a saved search; records catalogued after `checked_up_to` are new to it. */
export interface NewArrivalAlertsTable {
  id: Generated<number>;
  patron_id: number;
  query: string;
  material: Material | null;
  created_at: Timestamp;
  checked_up_to: Timestamp;
  last_mailed_on: CalendarDate | null;
}

export interface JobRunsTable {
  name: string;
  last_run_on: CalendarDate;
}

export type ImportKind = 'catalog' | 'patrons' | 'copies';
export type ImportJobStatus = 'queued' | 'running' | 'done' | 'failed';

/** What an import job did, as its page shows it. */
export interface ImportReport {
  read: number;
  /** Named counts in the order shown: imported, updated, … */
  counts: Record<string, number>;
  rejected: { position: string; reason: string }[];
  warnings: { position: string; reason: string }[];
}

export interface ImportJobsTable {
  id: Generated<number>;
  kind: ImportKind;
  file_name: string;
  content: Buffer | null;
  status: Generated<ImportJobStatus>;
  done: Generated<number>;
  total: Generated<number>;
  report: ColumnType<ImportReport | null, string | null, string | null>;
  error: string | null;
  staff_id: number | null;
  created_at: Timestamp;
  /** Written at the claim and after each chunk: a running job without one for long has lost its worker. */
  heartbeat_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface Database {
  pickup_places: PickupPlacesTable;
  patrons: PatronsTable;
  email_confirmations: EmailConfirmationsTable;
  staff: StaffTable;
  sessions: SessionsTable;
  serials: SerialsTable;
  records: RecordsTable;
  search_postings: SearchPostingsTable;
  search_gram_counts: SearchGramCountsTable;
  record_counts: RecordCountsTable;
  copies: CopiesTable;
  loans: LoansTable;
  holds: HoldsTable;
  reservation_confirmations: ReservationConfirmationsTable;
  cart_items: CartItemsTable;
  outbox: OutboxTable;
  login_throttles: LoginThrottlesTable;
  sign_in_counts: SignInCountsTable;
  sign_in_unlocks: SignInUnlocksTable;
  library_closures: LibraryClosuresTable;
  library_open_days: LibraryOpenDaysTable;
  bookmobile_timetables: BookmobileTimetablesTable;
  bookmobile_stop_changes: BookmobileStopChangesTable;
  library_settings: LibrarySettingsTable;
  audit_log: AuditLogTable;
  job_runs: JobRunsTable;
  library_facts: LibraryFactsTable;
  site_secrets: SiteSecretsTable;
  import_jobs: ImportJobsTable;
  mail_bounces: MailBouncesTable;
  loan_reminders: LoanRemindersTable;
  retired_card_numbers: RetiredCardNumbersTable;
  favourites: FavouritesTable;
  calendar_feeds: CalendarFeedsTable;
  new_arrival_alerts: NewArrivalAlertsTable;
  push_subscriptions: PushSubscriptionsTable;
  push_outbox: PushOutboxTable;
}

export type Patron = Selectable<PatronsTable>;
export type NewPatron = Insertable<PatronsTable>;
export type PatronUpdate = Updateable<PatronsTable>;
export type Staff = Selectable<StaffTable>;
export type Session = Selectable<SessionsTable>;
export type CatalogRecord = Selectable<RecordsTable>;
export type NewCatalogRecord = Insertable<RecordsTable>;
export type Copy = Selectable<CopiesTable>;
export type Loan = Selectable<LoansTable>;
export type Hold = Selectable<HoldsTable>;
export type OutboxMail = Selectable<OutboxTable>;
export type PushSubscriptionRow = Selectable<PushSubscriptionsTable>;
export type PushNotice = Selectable<PushOutboxTable>;
