/**
 * schema.org JSON-LD for a record page, marked up the way Evergreen's OPAC
 * does it: the work, and each copy as an Offer to lend (LeaseOut) with its
 * availability, its place and its barcode, so search engines can say
 * "on the shelf at 本館".
 */
import type { RecordDetail } from './catalog.repo.ts';
import { titleWithIssue } from './catalog.rules.ts';

function workType(record: RecordDetail): string {
  if (record.material === 'book') return 'Book';
  if (record.material === 'magazine') return 'PublicationIssue';
  return record.avFormat === 'dvd' ? 'Movie' : 'MusicRecording';
}

function availability(copy: RecordDetail['copies'][number]): string {
  if (copy.referenceOnly) return 'https://schema.org/InStoreOnly';
  return copy.status === 'on_shelf' ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock';
}

export function recordJsonLd(record: RecordDetail, recordUrl: string, libraryName: string): object {
  const library = { '@type': 'Library', name: libraryName };
  return {
    '@context': 'https://schema.org',
    '@type': workType(record),
    '@id': recordUrl,
    url: recordUrl,
    name: titleWithIssue(record.title, record.issueLabel),
    ...(record.author ? { author: { '@type': 'Person', name: record.author } } : {}),
    ...(record.publisher ? { publisher: { '@type': 'Organization', name: record.publisher } } : {}),
    ...(record.pubYear === null ? {} : { datePublished: String(record.pubYear) }),
    ...(record.isbn ? { isbn: record.isbn } : {}),
    ...(record.subject ? { about: record.subject } : {}),
    offers: record.copies
      .filter((copy) => copy.status !== 'withdrawn' && copy.status !== 'lost')
      .map((copy) => ({
        '@type': 'Offer',
        businessFunction: 'http://purl.org/goodrelations/v1#LeaseOut',
        price: 0,
        priceCurrency: 'JPY',
        sku: copy.barcode,
        availability: availability(copy),
        availableAtOrFrom: { '@type': 'Place', name: copy.placeJa },
        seller: library,
      })),
  };
}
