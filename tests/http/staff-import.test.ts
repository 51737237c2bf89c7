/**
 * The staff import screen (SPEC §2, §11): catalog, patrons and copies files
 * with the same encoding detection as the command line; each upload becomes
 * a job the worker runs and the page follows, which goes on whether or not
 * anyone watches; a file that cannot be read is refused at once with 422.
 */
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runQueuedImports } from '../../src/imports/import-job.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { signInDirectly } from '../support/sign-in.ts';

const catalogCsv = [
  'id,material,title,title_kana,author,author_kana,publisher,year,isbn,subject,serial,issue,issue_date,barcodes',
  'up-1,book,髙橋家の夏,,,,,,,,,,,UP0001;UP0002',
  'up-2,book,,,,,,,,,,,,',
].join('\r\n');

describe.each(databaseKinds)('the staff import screen on %s', (kind) => {
  let ctx: TestContext;
  let admin: TestClient;

  beforeEach(async () => {
    ctx = await createTestContext(kind);
    const staff = await ctx.db
      .insertInto('staff')
      .values({ username: 'admin1', role: 'admin', password_hash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    admin = new TestClient(ctx.app);
    await signInDirectly(ctx, admin, { staffId: staff.id });
    await admin.page('/staff/admin/import');
  });
  afterEach(async () => {
    await ctx.close();
  });

  const upload = (importKind: string, bytes: Buffer, name: string) => {
    const form = new FormData();
    form.set('_csrf', admin.csrfToken!);
    form.set('kind', importKind);
    form.set('file', new File([new Uint8Array(bytes)], name, { type: 'text/csv' }));
    return ctx.app.request('http://localhost/staff/admin/import', {
      method: 'POST',
      body: form,
      headers: { Origin: 'http://localhost', Cookie: `session=${admin.cookie('session')}` },
    });
  };
  const runWorker = () => runQueuedImports({ db: ctx.db, config: ctx.config, clock: ctx.clock });

  it('queues a CP932 catalog CSV as a job whose page polls until the worker has run it, then shows the report', async () => {
    const response = await upload('catalog', iconv.encode(catalogCsv, 'cp932'), 'records.csv');
    expect(response.status).toBe(303);
    const jobUrl = response.headers.get('Location')!;
    expect(jobUrl).toMatch(/^\/staff\/admin\/import\/jobs\/\d+$/);

    const waiting = await admin.page(jobUrl);
    expect(waiting.html).toContain('順番待ち');
    expect(waiting.html).toContain(`hx-get="${jobUrl}"`);
    expect(waiting.html).toContain('このページを離れても取込は続きます');
    expect(await ctx.db.selectFrom('records').select('id').execute()).toHaveLength(0);

    // Nobody is on the page while the worker runs the job.
    await runWorker();
    const fragment = await admin.page(jobUrl, { 'HX-Request': 'true' });
    expect(fragment.html).not.toContain('<html');
    expect(fragment.html).not.toContain('hx-get');
    expect(fragment.html).toContain('完了');
    expect(fragment.html).toContain('読込 2件、新規 1件、更新 0件、変更なし 0件、取込不可 1件、追加した所蔵 2点');
    expect(fragment.html).toContain('line 3: title must be 1 to 1000 characters');
    expect(await ctx.db.selectFrom('records').select('title').execute()).toEqual([{ title: '髙橋家の夏' }]);
    const job = await ctx.db.selectFrom('import_jobs').select(['status', 'done', 'total', 'content']).executeTakeFirstOrThrow();
    expect(job).toEqual({ status: 'done', done: 2, total: 2, content: null });

    const list = await admin.page('/staff/admin/import');
    expect(list.html).toContain(`href="${jobUrl}"`);
  });

  it('imports patrons and copies files the same way', async () => {
    await upload('catalog', Buffer.from(catalogCsv), 'records.csv');
    const patrons = await upload(
      'patrons',
      iconv.encode('card_number,name,name_kana,birth_date,phone,email\r\n01000101,髙橋 花子,,1985-04-12,0312345678,\r\n', 'cp932'),
      'patrons.csv',
    );
    const copies = await upload(
      'copies',
      Buffer.from('barcode,record_id,isbn,place,shelf_mark,status\nUP0003,up-1,,minami,913,\nUP0004,none,,,,\n'),
      'c.csv',
    );
    await runWorker();
    expect((await admin.page(patrons.headers.get('Location')!)).html).toContain('読込 1件、新規 1件');
    const copiesPage = (await admin.page(copies.headers.get('Location')!)).html;
    expect(copiesPage).toContain('読込 2件、追加 1点、登録済み 0点、取込不可 1件');
    expect(copiesPage).toContain('line 3: no record has the id none');
    expect(await ctx.db.selectFrom('patrons').select('name').execute()).toEqual([{ name: '髙橋 花子' }]);
    expect(await ctx.db.selectFrom('copies').select('home_place').where('barcode', '=', 'UP0003').executeTakeFirst()).toEqual({
      home_place: 'minami',
    });
  });

  it('ends a job the worker cannot finish as failed, with its reason, and drops the file', async () => {
    // A file that changed under the check (here: written straight to the queue) fails in the worker instead.
    const job = await ctx.db
      .insertInto('import_jobs')
      .values({ kind: 'patrons', file_name: 'p.csv', content: Buffer.from('card,name\n1,x\n'), created_at: ctx.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await runWorker();
    const page = await admin.page(`/staff/admin/import/jobs/${job.id}`);
    expect(page.html).toContain('取り込めませんでした');
    expect(page.html).toContain('理由: the CSV header lacks the column(s) card_number, name_kana, birth_date, phone');
    expect(await ctx.db.selectFrom('import_jobs').select(['status', 'content']).executeTakeFirstOrThrow()).toEqual({
      status: 'failed',
      content: null,
    });
  });

  it('takes up a running job whose worker stopped writing ten minutes ago, and leaves one still at work', async () => {
    const now = ctx.clock.now().getTime();
    const running = (minutesAgo: number) => ({
      kind: 'catalog' as const,
      file_name: 'records.csv',
      content: Buffer.from(catalogCsv),
      status: 'running' as const,
      done: 1,
      total: 2,
      created_at: new Date(now - 3_600_000),
      heartbeat_at: new Date(now - minutesAgo * 60_000),
    });
    await ctx.db
      .insertInto('import_jobs')
      .values([running(11), running(1)])
      .execute();
    await runWorker();
    const jobs = await ctx.db.selectFrom('import_jobs').select(['status', 'done']).orderBy('id').execute();
    expect(jobs).toEqual([
      { status: 'done', done: 2 },
      { status: 'running', done: 1 },
    ]);
    expect(await ctx.db.selectFrom('copies').select('barcode').orderBy('barcode').execute()).toEqual([
      { barcode: 'UP0001' },
      { barcode: 'UP0002' },
    ]);
  });

  it('refuses at once, with 422 and nothing queued, a file that is neither UTF-8 nor CP932 or lacks its header', async () => {
    const undecodable = await upload('catalog', Buffer.concat([iconv.encode(catalogCsv, 'cp932'), Buffer.from([0xff, 0xfe])]), 'r.csv');
    expect(undecodable.status).toBe(422);
    expect(await undecodable.text()).toContain('UTF-8 でも Shift_JIS でもありません');
    const noHeader = await upload('copies', Buffer.from('barcode,record\nX1,r\n'), 'c.csv');
    expect(noHeader.status).toBe(422);
    expect(await noHeader.text()).toContain('barcode,record_id,isbn,place,shelf_mark,status');
    expect(await ctx.db.selectFrom('import_jobs').select('id').execute()).toHaveLength(0);
    expect((await admin.get('/staff/admin/import/jobs/999')).status).toBe(404);
  });
});
