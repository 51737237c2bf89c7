/**
 * Once per test run: a migrated PGlite data folder dumped to a file (each
 * test database starts from it in ~0.5 s), the service worker bundle, and, when PostgreSQL's binaries
 * exist, a throwaway server with a migrated template database. With
 * REQUIRE_POSTGRES=1 (CI) a server that cannot start fails the run.
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openMemoryPglite, openPostgres } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { syncPickupPlaces } from '../../src/places/places.repo.ts';
import { buildServiceWorker } from '../../src/pwa/sw.build.ts';
import { defaultRules } from '../../src/config.ts';
import { type PgBouncer, startPgBouncer } from './pgbouncer.ts';
import { findPostgresBin, startPostgresCluster, type PostgresCluster } from './postgres-cluster.ts';

/** The project (vitest.config.ts) that runs the database suite through PgBouncer. */
export const POOLER_PROJECT = 'pgbouncer';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplateUrl: string | null;
    /** In the `pgbouncer` project: the template database's URL through PgBouncer (the tests' databases are reached the same way). */
    postgresPoolerUrl: string | null;
  }
}

export const TEMPLATE_DATABASE = 'library_template';

export default async function setup(project: TestProject) {
  // The server serves the worker npm start builds; tests start servers of their own.
  await buildServiceWorker();
  const workDir = mkdtempSync(path.join(tmpdir(), 'library-tests-'));
  const pglite = await openMemoryPglite();
  await migrateToLatest(pglite.db);
  await syncPickupPlaces(pglite.db, defaultRules.pickupPlaces);
  const dump = await pglite.dumpDataDir!();
  const templateFile = path.join(workDir, 'pglite-template.tar');
  writeFileSync(templateFile, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  project.provide('pgliteTemplate', templateFile);

  let cluster: PostgresCluster | undefined;
  let pooler: PgBouncer | undefined;
  project.provide('postgresPoolerUrl', null);
  const bin = findPostgresBin();
  // The PgBouncer project exists only to run through PgBouncer: it may not quietly test PGlite again.
  const required = process.env.REQUIRE_POSTGRES === '1' || project.name === POOLER_PROJECT;
  if (bin) {
    try {
      cluster = startPostgresCluster(bin);
      const admin = new pg.Client({ connectionString: cluster.url('postgres') });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
      await admin.end();
      const template = openPostgres({ url: cluster.url(TEMPLATE_DATABASE), poolSize: 1 });
      await migrateToLatest(template.db);
      await syncPickupPlaces(template.db, defaultRules.pickupPlaces);
      await template.close();
      project.provide('postgresTemplateUrl', cluster.url(TEMPLATE_DATABASE));
      if (project.name === POOLER_PROJECT) {
        pooler = startPgBouncer(cluster);
        project.provide('postgresPoolerUrl', pooler.url(TEMPLATE_DATABASE));
      }
    } catch (error) {
      pooler?.stop();
      pooler = undefined;
      cluster?.stop();
      cluster = undefined;
      if (required)
        throw new Error(`the PostgreSQL test server (and PgBouncer for its project) could not start: ${(error as Error).message}`);
      console.warn(`PostgreSQL tests skipped: ${(error as Error).message}`);
      project.provide('postgresTemplateUrl', null);
    }
  } else {
    if (required) throw new Error('no PostgreSQL binaries were found under /usr/lib/postgresql');
    project.provide('postgresTemplateUrl', null);
  }

  return () => {
    pooler?.stop();
    cluster?.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
}
