/** /account/card: the library card on the phone, a barcode drawn on the server and the number in figures. */
import { raw } from 'hono/html';
import { OfflineBanner } from './offline.tsx';
import type { PageContext } from './page-context.ts';

export interface CardView {
  cardNumber: string;
  /** The barcode's SVG markup (made on the server from the card number alone); null when the number cannot be one. */
  barcodeSvg: string | null;
  /** When the page was made, HH:MM at the library, for the offline copy's banner. */
  madeAt: string;
}

export function CardPage({ pageContext, view }: { pageContext: PageContext; view: CardView }) {
  const { t } = pageContext;
  return (
    <>
      <OfflineBanner pageContext={pageContext} asOf={view.madeAt} />
      <h1>{t('card.title')}</h1>
      <div class="library-card">
        {view.barcodeSvg ? (
          <div class="card-barcode" role="img" aria-label={t('card.barcodeLabel', { number: view.cardNumber })}>
            {raw(view.barcodeSvg)}
          </div>
        ) : (
          <p class="notice warning">{t('card.noBarcode')}</p>
        )}
        <p class="card-figures">
          <span class="visually-hidden">{t('card.number')}: </span>
          {view.cardNumber}
        </p>
      </div>
      <p>{t('card.lead')}</p>
      <p class="hint">{t('card.offline')}</p>
      <p>
        <a href="/account">{t('accountPassword.back')}</a>
      </p>
    </>
  );
}
