/** The Hono environment every route shares: dependencies and per-request state. */
import type { Kysely } from 'kysely';
import type { Config, Locale } from '../config.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import type { DatabaseKind } from '../db/database.ts';
import type { CatalogReads } from '../db/read-replica.ts';
import type { Translate } from '../i18n/index.ts';
import type { Assets } from './assets.ts';
import type { SessionState } from './session.ts';

export interface AppDeps {
  db: Kysely<Database>;
  databaseKind: DatabaseKind;
  config: Config;
  clock: Clock;
  assets: Assets;
  /** Where the catalog's read-only pages read (a replica when one is configured); the primary when absent. */
  catalogReads?: CatalogReads;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    locale: Locale;
    t: Translate;
    /** The visitor's session when the cookie names a live one; set by the session middleware. */
    session: SessionState | null;
    /**
     * The CSRF token of a visitor without a session, set by the CSRF
     * middleware; the first call sets the seed cookie when it is missing.
     */
    anonymousCsrfToken?: () => string;
    /**
     * Counts the visitor's cart for the page header; set by the cart feature's
     * middleware so that src/http knows no cart table, and called only when a
     * page is rendered.
     */
    cartCount?: () => Promise<number>;
  };
}
