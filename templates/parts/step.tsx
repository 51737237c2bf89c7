import type { PageContext } from '../page-context.ts';

/** 「手順 4/8」: where a page stands in the reservation flow ①–⑧. */
export function ReservationStep({ pageContext, step }: { pageContext: PageContext; step: number }) {
  return <p class="small">{pageContext.t('reserve.stepLabel', { step, steps: 8 })}</p>;
}
