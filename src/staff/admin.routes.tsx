/** Admin pages under /staff/admin: the import upload and its jobs. */
import { type Context, Hono } from 'hono';
import { ImportJobPage, ImportJobStatusPanel, ImportPage, type ImportView } from '../../templates/staff-import.tsx';
import type { FormError } from '../../templates/parts/form.tsx';
import { CatalogFileError } from '../catalog/catalog.import.ts';
import { COPIES_CSV_COLUMNS, CopiesCsvHeaderError } from '../catalog/copies-csv.ts';
import type { ImportKind } from '../db/schema.ts';
import { checkImportFile, importKinds } from '../imports/import-job.ts';
import { createImportJob, findImportJob, listImportJobs } from '../imports/import-jobs.repo.ts';
import { PATRON_CSV_COLUMNS, PatronCsvHeaderError } from '../patrons/patron-csv.ts';
import { CSV_COLUMNS, CsvHeaderError } from '../catalog/catalog-csv.ts';
import { CsvError } from 'csv-parse/sync';
import { CsvEncodingError } from '../imports/csv-encoding.ts';
import { HTTPException } from 'hono/http-exception';
import { audit } from '../audit/audit.repo.ts';
import { render } from '../http/render.tsx';
import { currentStaff, type StaffEnv } from './staff.auth.ts';
import { postedForm } from '../http/posted-form.ts';

type StaffContext = Context<StaffEnv>;

/** The upload's path, whose body app.ts lets past the form-size limit up to MAX_CATALOG_UPLOAD. */
export const CATALOG_UPLOAD_PATH = '/staff/admin/import';
/** The largest catalog file the upload takes. */
export const MAX_CATALOG_UPLOAD = 20 * 1024 * 1024;

function auditContext(c: StaffContext) {
  return { now: c.var.deps.clock.now(), staffId: currentStaff(c).id };
}

async function renderImport(c: StaffContext, kind: ImportKind, errors: FormError[] = [], status: 200 | 413 | 422 = 200) {
  const { db, config } = c.var.deps;
  const view: ImportView = { kind, errors, recent: await listImportJobs(db), timeZone: config.rules.timeZone };
  return render(c, {
    title: c.var.t('admin.import.title'),
    status,
    page: (pageContext) => <ImportPage pageContext={pageContext} staff={currentStaff(c)} view={view} />,
  });
}

/** The form error for a file its import cannot read, or null for an error that is not the file's fault. */
function uploadProblem(error: unknown): FormError | null {
  if (error instanceof CatalogFileError) return { field: 'file', key: 'admin.import.unreadable' };
  if (error instanceof CsvHeaderError) return { field: 'file', key: 'admin.import.csvHeader', params: { columns: CSV_COLUMNS.join(',') } };
  if (error instanceof PatronCsvHeaderError)
    return { field: 'file', key: 'admin.import.header', params: { columns: PATRON_CSV_COLUMNS.join(',') } };
  if (error instanceof CopiesCsvHeaderError)
    return { field: 'file', key: 'admin.import.header', params: { columns: COPIES_CSV_COLUMNS.join(',') } };
  if (error instanceof CsvError) return { field: 'file', key: 'admin.import.malformed' };
  if (error instanceof CsvEncodingError) return { field: 'file', key: 'admin.import.encoding' };
  return null;
}

type Upload = { ok: true; file: { fileName: string; content: Buffer } } | { ok: false; error: FormError; status: 413 | 422 };

/** The uploaded file, checked as its import will read it; or the form error saying what is wrong with it. */
async function readUpload(c: StaffContext, kind: ImportKind, file: unknown): Promise<Upload> {
  if (!(file instanceof File) || file.size === 0) return { ok: false, error: { field: 'file', key: 'admin.import.noFile' }, status: 422 };
  if (file.size > MAX_CATALOG_UPLOAD) {
    const error: FormError = { field: 'file', key: 'admin.import.tooLarge', params: { mb: MAX_CATALOG_UPLOAD / 1024 / 1024 } };
    return { ok: false, error, status: 413 };
  }
  const fileName = file.name.slice(0, 200);
  const content = Buffer.from(await file.arrayBuffer());
  try {
    checkImportFile(kind, fileName, content, c.var.deps);
  } catch (error) {
    const problem = uploadProblem(error);
    if (!problem) throw error;
    return { ok: false, error: problem, status: 422 };
  }
  return { ok: true, file: { fileName, content } };
}

export const adminRoutes = new Hono<StaffEnv>()
  .get('/import', (c) => renderImport(c, 'catalog'))
  .post('/import', async (c) => {
    const body = await postedForm(c);
    const kind = importKinds.find((k) => k === body.kind) ?? 'catalog';
    const upload = await readUpload(c, kind, body.file);
    if (!upload.ok) return renderImport(c, kind, [upload.error], upload.status);
    const { db } = c.var.deps;
    const context = auditContext(c);
    const id = await db.transaction().execute(async (tx) => {
      const jobId = await createImportJob(tx, { kind, ...upload.file, ...context });
      await audit(tx, context, { action: 'import-queued', details: { job: jobId, kind, file: upload.file.fileName } });
      return jobId;
    });
    return c.redirect(`/staff/admin/import/jobs/${id}`, 303);
  })
  .get('/import/jobs/:id', async (c) => {
    const raw = c.req.param('id');
    const job = /^\d{1,9}$/.test(raw) ? await findImportJob(c.var.deps.db, Number(raw)) : undefined;
    if (!job) throw new HTTPException(404);
    return render(c, {
      title: c.var.t('admin.import.job.title'),
      page: (pageContext) => <ImportJobPage pageContext={pageContext} staff={currentStaff(c)} job={job} />,
      fragment: (pageContext) => <ImportJobStatusPanel pageContext={pageContext} job={job} />,
    });
  });
