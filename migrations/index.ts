/**
 * Every migration, by name in the order they apply. A static list (not a
 * folder scan) so the same code migrates under Node, Deno and bundlers.
 */
import type { Migration } from 'kysely/migration';
import * as dataModel from './20261128_0001_data_model.ts';
import * as catalogSearch from './20261128_1000_catalog_search.ts';
import * as searchPostings from './20261128_1001_search_postings.ts';
import * as searchGramCounts from './20261128_1002_search_gram_counts.ts';
import * as outboxLastAttempt from './20261128_2001_outbox_last_attempt.ts';
import * as libraryFacts from './20261204_0001_library_facts.ts';
import * as barcodeNormalForm from './20261204_0002_barcode_normal_form.ts';
import * as siteSecrets from './20261204_0003_site_secrets.ts';
import * as signInUnlock from './20261205_0001_sign_in_unlock.ts';
import * as cardNumberByConfig from './20261205_0002_card_number_by_config.ts';
import * as importJobs from './20261205_0004_import_jobs.ts';
import * as recordDatestamps from './20261206_1003_record_datestamps.ts';
import * as searchPostingsUnchangedText from './20261208_1501_search_postings_unchanged_text.ts';
import * as mailBounces from './20261206_2001_mail_bounces.ts';
import * as loanReminders from './20261206_2002_loan_reminders.ts';
import * as anonymousReturns from './20261206_3001_anonymous_returns.ts';
import * as retiredCardNumbers from './20261206_4001_retired_card_numbers.ts';
import * as patronCategory from './20261207_4001_patron_category.ts';
import * as closureRanges from './20261207_5001_closure_ranges.ts';
import * as placeClosures from './20261207_5002_place_closures.ts';
import * as holdSuspension from './20261207_6001_hold_suspension.ts';
import * as holdNeedBy from './20261207_6002_hold_need_by.ts';
import * as seriesHolds from './20261207_6003_series_holds.ts';
import * as favourites from './20261207_7001_favourites.ts';
import * as calendarFeeds from './20261207_7002_calendar_feeds.ts';
import * as newArrivalAlerts from './20261207_7003_new_arrival_alerts.ts';
import * as bookmobileTimetables from './20261208_2001_bookmobile_timetables.ts';
import * as holdsActiveByRecord from './20261209_0001_holds_active_by_record.ts';
import * as searchGramsCost from './20261209_1001_search_grams_cost.ts';
import * as recordCounts from './20261209_1002_record_counts.ts';
import * as webPush from './20261208_1001_web_push.ts';
import * as sessionsNotTruncated from './20261210_0001_sessions_not_truncated.ts';
import * as catalogStamps from './20261210_0002_catalog_stamps.ts';

export const migrations: Record<string, Migration> = {
  '20261128_0001_data_model': dataModel,
  '20261128_1000_catalog_search': catalogSearch,
  '20261128_1001_search_postings': searchPostings,
  '20261128_1002_search_gram_counts': searchGramCounts,
  '20261128_2001_outbox_last_attempt': outboxLastAttempt,
  '20261204_0001_library_facts': libraryFacts,
  '20261204_0002_barcode_normal_form': barcodeNormalForm,
  '20261204_0003_site_secrets': siteSecrets,
  '20261205_0001_sign_in_unlock': signInUnlock,
  '20261205_0002_card_number_by_config': cardNumberByConfig,
  '20261205_0004_import_jobs': importJobs,
  '20261206_1003_record_datestamps': recordDatestamps,
  '20261206_2001_mail_bounces': mailBounces,
  '20261206_2002_loan_reminders': loanReminders,
  '20261206_3001_anonymous_returns': anonymousReturns,
  '20261206_4001_retired_card_numbers': retiredCardNumbers,
  '20261207_4001_patron_category': patronCategory,
  '20261207_5001_closure_ranges': closureRanges,
  '20261207_5002_place_closures': placeClosures,
  '20261207_6001_hold_suspension': holdSuspension,
  '20261207_6002_hold_need_by': holdNeedBy,
  '20261207_6003_series_holds': seriesHolds,
  '20261207_7001_favourites': favourites,
  '20261207_7002_calendar_feeds': calendarFeeds,
  '20261207_7003_new_arrival_alerts': newArrivalAlerts,
  '20261208_1001_web_push': webPush,
  '20261208_1501_search_postings_unchanged_text': searchPostingsUnchangedText,
  '20261208_2001_bookmobile_timetables': bookmobileTimetables,
  '20261209_0001_holds_active_by_record': holdsActiveByRecord,
  '20261209_1001_search_grams_cost': searchGramsCost,
  '20261209_1002_record_counts': recordCounts,
  '20261210_0001_sessions_not_truncated': sessionsNotTruncated,
  '20261210_0002_catalog_stamps': catalogStamps,
};
