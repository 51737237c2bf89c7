/**
 * Web Push to the installed app (SPEC §14 「この端末に通知する」). A device's
 * subscription belongs to one patron (the endpoint is the browser's, so a
 * second patron subscribing on it takes it over); `session_id` is the
 * sign-in that subscribed it and `device_key` the hash of a cookie the
 * browser keeps, so that device's logout removes it even in a later sign-in
 * (an expired session only forgets its link). `push_outbox` is the mail outbox's
 * twin for notices: one row per hold and device (the unique key), queued in
 * the transaction that makes the hold ready; `data` (the title) is cleared
 * once the notice is finished, as a sent mail's body is.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE push_subscriptions (
     id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     patron_id integer NOT NULL REFERENCES patrons (id) ON DELETE CASCADE,
     endpoint text NOT NULL UNIQUE CHECK (length(endpoint) BETWEEN 1 AND 2048),
     p256dh text NOT NULL CHECK (length(p256dh) BETWEEN 1 AND 200),
     auth text NOT NULL CHECK (length(auth) BETWEEN 1 AND 100),
     browser text NOT NULL CHECK (length(browser) BETWEEN 1 AND 40),
     session_id text REFERENCES sessions (id) ON DELETE SET NULL,
     device_key text NOT NULL,
     created_at timestamptz NOT NULL
   )`.execute(db);
  await sql`CREATE INDEX push_subscriptions_by_patron ON push_subscriptions (patron_id)`.execute(db);
  await sql`CREATE INDEX push_subscriptions_by_session ON push_subscriptions (session_id)`.execute(db);
  await sql`CREATE INDEX push_subscriptions_by_device ON push_subscriptions (device_key)`.execute(db);
  await sql`CREATE TABLE push_outbox (
     id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     subscription_id integer NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
     hold_id integer NOT NULL REFERENCES holds (id) ON DELETE CASCADE,
     locale text NOT NULL CHECK (locale IN ('ja', 'en')),
     data jsonb,
     status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
     attempts integer NOT NULL DEFAULT 0,
     next_attempt_at timestamptz NOT NULL,
     locked_until timestamptz,
     last_attempt_at timestamptz,
     last_error text,
     created_at timestamptz NOT NULL,
     sent_at timestamptz,
     UNIQUE (hold_id, subscription_id)
   )`.execute(db);
  await sql`CREATE INDEX push_outbox_due ON push_outbox (next_attempt_at) WHERE status IN ('queued', 'sending')`.execute(db);
  await sql`CREATE INDEX push_outbox_by_subscription ON push_outbox (subscription_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE push_outbox`.execute(db);
  await sql`DROP TABLE push_subscriptions`.execute(db);
}
