/** Why this card may not borrow or reserve (blocked, expired), said to the patron on the account page and in the reservation flow. */
import type { PatronRefusal } from '../../src/circulation/circulation.rules.ts';
import type { CalendarDate } from '../../src/db/schema.ts';
import { formatCalendarDate } from '../../src/i18n/format.ts';
import type { PageContext } from '../page-context.ts';

export interface CardStanding {
  refusal: PatronRefusal;
  expiresOn: CalendarDate | null;
}

export function CardStandingNotice({ pageContext, standing }: { pageContext: PageContext; standing: CardStanding | null }) {
  if (!standing) return null;
  const date = standing.expiresOn ? formatCalendarDate(standing.expiresOn, pageContext.locale) : '';
  return (
    <p class="notice warning" role="alert">
      {pageContext.t(`standing.${standing.refusal}`, { date })}
    </p>
  );
}
