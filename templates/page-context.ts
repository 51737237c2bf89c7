/** What every page knows about its request (locale, visitor, cart count, CSRF token): plain data, gathered by the render helper. */
import type { Locale } from '../src/config.ts';
import type { Translate } from '../src/i18n/index.ts';

export interface PageContext {
  t: Translate;
  locale: Locale;
  libraryName: string;
  /** The keyboard a phone shows for the card number: digits only when the library's cards are digits only. */
  cardInputMode: 'numeric' | 'text';
  /** The session's CSRF token, when the visitor has a session. */
  csrfToken: string | null;
  /** Staff pages (under /staff) get the desk's header instead of the patrons'. */
  area: 'patron' | 'staff';
  signedIn: boolean;
  staffSignedIn: boolean;
  /** The header's cart count; 0 in an htmx fragment, which has no header and is answered without reading it. */
  cartCount: number;
  /** The current path with its query, for the language switch's way back. */
  currentPath: string;
  asset: (name: string) => string;
}
