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
import { findPostgresBin, startPostgresCluster, type PostgresCluster } from './postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplateUrl: string | null;
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
  const bin = findPostgresBin();
  const required = process.env.REQUIRE_POSTGRES === '1';
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
    } catch (error) {
      cluster?.stop();
      cluster = undefined;
      if (required) throw new Error(`REQUIRE_POSTGRES=1 but the PostgreSQL test server could not start: ${(error as Error).message}`);
      console.warn(`PostgreSQL tests skipped: ${(error as Error).message}`);
      project.provide('postgresTemplateUrl', null);
    }
  } else {
    if (required) throw new Error('REQUIRE_POSTGRES=1 but no PostgreSQL binaries were found under /usr/lib/postgresql');
    project.provide('postgresTemplateUrl', null);
  }

  return () => {
    cluster?.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
}
