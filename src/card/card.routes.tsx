/**
 * /account/card (SPEC §14): the card on the phone. The page is kept by the
 * service worker exactly as the account page is (same headers, same cache,
 * purged at sign-out), so it opens at a counter without a signal.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { CardPage } from '../../templates/card.tsx';
import { findAccount } from '../account/account.repo.ts';
import { patronOrSignIn } from '../auth/patron-gate.ts';
import type { AppEnv } from '../http/env.ts';
import { render } from '../http/render.tsx';
import { offlineCopyOfAccountPage } from '../pwa/account-copy.ts';
import { barcodeSvg } from './card-barcode.ts';
import { cardBarcode } from './card.rules.ts';

/** Mounted at /account/card. */
export const cardRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const patronId = patronOrSignIn(c, '/account/card');
  if (patronId instanceof Response) return patronId;
  const { db, config } = c.var.deps;
  const patron = await findAccount(db, patronId);
  if (!patron) throw new HTTPException(404);
  const spec = cardBarcode(patron.cardNumber, config.rules.cardBarcode);
  const view = { cardNumber: patron.cardNumber, barcodeSvg: spec ? await barcodeSvg(spec) : null, madeAt: offlineCopyOfAccountPage(c) };
  return render(c, { title: c.var.t('card.title'), page: (pageContext) => <CardPage pageContext={pageContext} view={view} /> });
});
