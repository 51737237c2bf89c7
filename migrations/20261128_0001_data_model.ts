/**
 * The whole data model of SPEC.md. Frozen: later changes come as new
 * migrations. Plain SQL, one statement at a time (PGlite's extended protocol
 * takes one statement per query), valid on PostgreSQL 15 and PGlite (18).
 * The database enforces what it can: formats, status values, one open loan
 * per copy, one active hold per patron and record, foreign keys.
 */
import { type Kysely, sql } from 'kysely';

const statements = [
  `CREATE TABLE pickup_places (
     code text PRIMARY KEY CHECK (code ~ '^[a-z0-9-]{1,32}$'),
     name_ja text NOT NULL,
     name_en text NOT NULL,
     kind text NOT NULL CHECK (kind IN ('library', 'bookmobile')),
     sort_order integer NOT NULL DEFAULT 0,
     active boolean NOT NULL DEFAULT true,
     CHECK (kind <> 'bookmobile' OR name_ja LIKE 'BM%')
   )`,

  `CREATE TABLE patrons (
     id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     card_number text NOT NULL UNIQUE CHECK (card_number ~ '^0[0-9]{7}$'),
     name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
     name_kana text NOT NULL DEFAULT '' CHECK (length(name_kana) <= 200),
     birth_date date NOT NULL,
     phone text NOT NULL DEFAULT '' CHECK (phone ~ '^[0-9]{0,15}$'),
     email text CHECK (email IS NULL OR (length(email) <= 254 AND email LIKE '%_@_%')),
     email_confirmed_at timestamptz,
     email_undeliverable_at timestamptz,
     email_undeliverable_reason text,
     password_hash text,
     legacy_birth_date_password boolean NOT NULL DEFAULT false,
     password_changed_at timestamptz,
     failed_logins integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
     locked_until timestamptz,
     blocked_reason text,
     expires_on date,
     locale text NOT NULL DEFAULT 'ja' CHECK (locale IN ('ja', 'en')),
     created_at timestamptz NOT NULL DEFAULT now(),
     CHECK (email_confirmed_at IS NULL OR email IS NOT NULL)
   )`,

  `CREATE TABLE email_confirmations (
     token_hash text PRIMARY KEY,
     patron_id integer NOT NULL REFERENCES patrons (id) ON DELETE CASCADE,
     email text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz NOT NULL,
     used_at timestamptz
   )`,
  `CREATE INDEX email_confirmations_patron ON email_confirmations (patron_id)`,

  `CREATE TABLE staff (
     id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{2,32}$'),
     display_name text NOT NULL DEFAULT '',
     password_hash text NOT NULL,
     role text NOT NULL CHECK (role IN ('desk', 'admin')),
     failed_logins integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
     locked_until timestamptz,
     disabled_at timestamptz,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,

  // A session is anonymous (a cart, a CSRF token), a patron's, or staff's;
  // only the SHA-256 of the cookie's token is stored.
  `CREATE TABLE sessions (
     id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
     patron_id integer REFERENCES patrons (id) ON DELETE CASCADE,
     staff_id integer REFERENCES staff (id) ON DELETE CASCADE,
     csrf_token text NOT NULL,
     shared_device boolean NOT NULL DEFAULT false,
     created_at timestamptz NOT NULL,
     last_seen_at timestamptz NOT NULL,
     expires_at timestamptz NOT NULL,
     CHECK (patron_id IS NULL OR staff_id IS NULL)
   )`,
  `CREATE INDEX sessions_patron ON sessions (patron_id) WHERE patron_id IS NOT NULL`,
  `CREATE INDEX sessions_staff ON sessions (staff_id) WHERE staff_id IS NOT NULL`,
  `CREATE INDEX sessions_expires ON sessions (expires_at)`,

  `CREATE TABLE serials (
     id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     source_id text NOT NULL UNIQUE,
     title text NOT NULL,
     title_kana text NOT NULL DEFAULT ''
   )`,

  `CREATE TABLE records (
     id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     source_id text NOT NULL UNIQUE CHECK (length(source_id) BETWEEN 1 AND 64),
     material text NOT NULL CHECK (material IN ('book', 'magazine', 'av')),
     av_format text CHECK (av_format IN ('cd', 'dvd')),
     title text NOT NULL CHECK (length(title) BETWEEN 1 AND 1000),
     title_kana text NOT NULL DEFAULT '',
     author text NOT NULL DEFAULT '',
     author_kana text NOT NULL DEFAULT '',
     publisher text NOT NULL DEFAULT '',
     pub_year integer CHECK (pub_year BETWEEN 0 AND 9999),
     isbn text CHECK (isbn ~ '^97[89][0-9]{10}$'),
     ndc text NOT NULL DEFAULT '',
     subject text NOT NULL DEFAULT '',
     serial_id integer REFERENCES serials (id),
     issue_label text,
     issue_date date,
     search_text text NOT NULL DEFAULT '',
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     CHECK ((material = 'magazine') = (serial_id IS NOT NULL)),
     CHECK (material = 'magazine' OR (issue_label IS NULL AND issue_date IS NULL)),
     CHECK (material = 'av' OR av_format IS NULL)
   )`,
  `CREATE INDEX records_isbn ON records (isbn) WHERE isbn IS NOT NULL`,
  `CREATE INDEX records_serial_issue ON records (serial_id, issue_date) WHERE serial_id IS NOT NULL`,

  `CREATE TABLE copies (
     id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     barcode text NOT NULL UNIQUE CHECK (barcode ~ '^[0-9A-Za-z-]{1,32}$'),
     record_id integer NOT NULL REFERENCES records (id) ON DELETE CASCADE,
     home_place text NOT NULL REFERENCES pickup_places (code),
     current_place text NOT NULL REFERENCES pickup_places (code),
     shelf_mark text NOT NULL DEFAULT '',
     status text NOT NULL DEFAULT 'on_shelf'
       CHECK (status IN ('on_shelf', 'on_loan', 'in_transit', 'on_hold_shelf', 'lost', 'withdrawn')),
     reference_only boolean NOT NULL DEFAULT false,
     CHECK (NOT (reference_only AND status IN ('on_loan', 'on_hold_shelf')))
   )`,
  `CREATE INDEX copies_record ON copies (record_id)`,

  `CREATE TABLE loans (
     id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     copy_id integer NOT NULL REFERENCES copies (id),
     patron_id integer NOT NULL REFERENCES patrons (id),
     checked_out_at timestamptz NOT NULL,
     due_date date NOT NULL,
     renewals integer NOT NULL DEFAULT 0 CHECK (renewals >= 0),
     last_renewed_at timestamptz,
     returned_at timestamptz,
     checked_out_by integer REFERENCES staff (id),
     returned_by integer REFERENCES staff (id),
     CHECK (returned_at IS NULL OR returned_at >= checked_out_at)
   )`,
  `CREATE UNIQUE INDEX loans_one_open_per_copy ON loans (copy_id) WHERE returned_at IS NULL`,
  `CREATE INDEX loans_open_by_patron ON loans (patron_id) WHERE returned_at IS NULL`,

  `CREATE TABLE holds (
     id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     patron_id integer NOT NULL REFERENCES patrons (id),
     record_id integer NOT NULL REFERENCES records (id),
     status text NOT NULL DEFAULT 'pending'
       CHECK (status IN ('pending', 'in_transit', 'ready', 'fulfilled', 'cancelled', 'expired')),
     pickup_place text NOT NULL REFERENCES pickup_places (code),
     contact text NOT NULL CHECK (contact IN ('phone', 'none', 'email')),
     placed_via text NOT NULL CHECK (placed_via IN ('web', 'counter')),
     placed_at timestamptz NOT NULL,
     placed_by integer REFERENCES staff (id),
     copy_id integer REFERENCES copies (id),
     trapped_at timestamptz,
     ready_at timestamptz,
     notified_at timestamptz,
     pickup_deadline date,
     call_needed boolean NOT NULL DEFAULT false,
     called_at timestamptz,
     called_by integer REFERENCES staff (id),
     closed_at timestamptz,
     closed_reason text,
     CHECK ((status IN ('in_transit', 'ready', 'fulfilled')) = (copy_id IS NOT NULL) OR status IN ('cancelled', 'expired')),
     CHECK (status <> 'ready' OR (ready_at IS NOT NULL AND pickup_deadline IS NOT NULL)),
     CHECK ((status IN ('fulfilled', 'cancelled', 'expired')) = (closed_at IS NOT NULL))
   )`,
  `CREATE UNIQUE INDEX holds_one_active_per_patron_record ON holds (patron_id, record_id)
     WHERE status IN ('pending', 'in_transit', 'ready')`,
  `CREATE UNIQUE INDEX holds_one_active_per_copy ON holds (copy_id) WHERE status IN ('in_transit', 'ready')`,
  `CREATE INDEX holds_queue ON holds (record_id, placed_at, id) WHERE status = 'pending'`,
  `CREATE INDEX holds_active_by_patron ON holds (patron_id) WHERE status IN ('pending', 'in_transit', 'ready')`,
  `CREATE INDEX holds_shelf ON holds (pickup_place, pickup_deadline) WHERE status = 'ready'`,

  // The idempotency key of a reservation confirmation (step ⑦→⑧): a retry
  // finds the stored result instead of placing the holds again.
  `CREATE TABLE reservation_confirmations (
     key text PRIMARY KEY CHECK (length(key) BETWEEN 16 AND 128),
     patron_id integer NOT NULL REFERENCES patrons (id) ON DELETE CASCADE,
     created_at timestamptz NOT NULL,
     result jsonb
   )`,

  `CREATE TABLE cart_items (
     session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
     record_id integer NOT NULL REFERENCES records (id) ON DELETE CASCADE,
     added_at timestamptz NOT NULL,
     PRIMARY KEY (session_id, record_id)
   )`,

  `CREATE TABLE outbox (
     id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     message_id text NOT NULL UNIQUE,
     patron_id integer REFERENCES patrons (id) ON DELETE SET NULL,
     to_address text NOT NULL CHECK (length(to_address) <= 254),
     template text NOT NULL,
     locale text NOT NULL DEFAULT 'ja' CHECK (locale IN ('ja', 'en')),
     data jsonb NOT NULL DEFAULT '{}',
     status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
     attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
     next_attempt_at timestamptz NOT NULL,
     locked_until timestamptz,
     last_error text,
     created_at timestamptz NOT NULL,
     sent_at timestamptz
   )`,
  `CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status IN ('queued', 'sending')`,
  `CREATE INDEX outbox_patron ON outbox (patron_id, created_at)`,

  // Failed sign-ins per client address (credential-stuffing throttle),
  // shared by every web process.
  `CREATE TABLE login_throttles (
     address text PRIMARY KEY,
     window_started_at timestamptz NOT NULL,
     failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0)
   )`,

  `CREATE TABLE library_closures (
     closed_on date PRIMARY KEY,
     reason text NOT NULL DEFAULT ''
   )`,
  `CREATE TABLE library_settings (
     key text PRIMARY KEY,
     value jsonb NOT NULL
   )`,

  `CREATE TABLE audit_log (
     id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     at timestamptz NOT NULL,
     staff_id integer REFERENCES staff (id),
     action text NOT NULL,
     patron_id integer REFERENCES patrons (id) ON DELETE SET NULL,
     copy_id integer REFERENCES copies (id) ON DELETE SET NULL,
     record_id integer REFERENCES records (id) ON DELETE SET NULL,
     hold_id integer REFERENCES holds (id) ON DELETE SET NULL,
     details jsonb NOT NULL DEFAULT '{}'
   )`,
  `CREATE INDEX audit_log_at ON audit_log (at)`,
  `CREATE INDEX audit_log_patron ON audit_log (patron_id) WHERE patron_id IS NOT NULL`,

  // Daily jobs (hold-shelf expiry) record the day they last ran, so several
  // workers run each once a day.
  `CREATE TABLE job_runs (
     name text PRIMARY KEY,
     last_run_on date NOT NULL
   )`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const tables = [
    'job_runs',
    'audit_log',
    'library_settings',
    'library_closures',
    'login_throttles',
    'outbox',
    'cart_items',
    'reservation_confirmations',
    'holds',
    'loans',
    'copies',
    'records',
    'serials',
    'sessions',
    'staff',
    'email_confirmations',
    'patrons',
    'pickup_places',
  ];
  for (const table of tables) await sql.raw(`DROP TABLE ${table}`).execute(db);
}
