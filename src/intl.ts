/**
 * Intl.DateTimeFormat objects made once per locale and options: building
 * one costs far more than formatting with it (it was most of the account
 * page's CPU time, a dozen dates per page). The keys are few: two locales,
 * the library's time zone and a handful of option sets.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}
