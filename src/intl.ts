/**
 * Intl.DateTimeFormat objects made once per locale, time zone and style:
 * building one costs far more than formatting with it, and a page formats
 * many dates. A style is a module constant, found by identity: a key built
 * from the options on every call (JSON) cost more than the formatting itself.
 */
export type DateStyle = Readonly<Omit<Intl.DateTimeFormatOptions, 'timeZone'>>;

const formats = new WeakMap<DateStyle, Map<string, Intl.DateTimeFormat>>();

export function dateTimeFormat(locale: string, timeZone: string, style: DateStyle): Intl.DateTimeFormat {
  let byPlace = formats.get(style);
  if (!byPlace) {
    byPlace = new Map();
    formats.set(style, byPlace);
  }
  const key = `${locale} ${timeZone}`;
  let format = byPlace.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...style, timeZone });
    byPlace.set(key, format);
  }
  return format;
}
