/**
 * The guide's facts, read from the library's settings and nothing else, so
 * the rules the guide publishes and the rules the service enforces are the
 * same numbers and can never disagree.
 */
import type { LibraryRules, Localized } from '../config.ts';
import type { PasswordPolicy } from '../auth/auth.rules.ts';
import { circulationTerms, type CirculationTerms } from '../patrons/patron-category.rules.ts';

export interface GuideFacts {
  password: PasswordPolicy;
  lockout: { threshold: number; minutes: number };
  holdLimits: { book: number; av: number; total: number };
  holdShelfDays: number;
  loanDays: number;
  renewalDays: number;
  maxRenewals: number;
  testMailsPerDay: number;
  /** The domain patrons allow in a phone's mail filter (config.mailDomain). */
  mailDomain: string;
  libraries: Localized[];
  bookmobileStations: Localized[];
  closedDays: { weekly: number[]; holidays: 'closed' | 'open' | 'openNextWeekdayClosed' };
  /** Each patron category with the terms it gives (the numbers above are those of patrons with none). */
  categories: { name: Localized; terms: CirculationTerms }[];
}

/** The facts from the settings; `weeklyClosedDays` as the admin saved them (the calendar's own reading). */
export function guideFacts(rules: LibraryRules, mailDomain: string, weeklyClosedDays: number[]): GuideFacts {
  const placesOf = (kind: 'library' | 'bookmobile') => rules.pickupPlaces.filter((place) => place.kind === kind).map((place) => place.name);
  return {
    password: rules.password,
    lockout: rules.lockout,
    holdLimits: rules.holdLimits,
    holdShelfDays: rules.holdShelfDays,
    loanDays: rules.loanDays,
    renewalDays: rules.renewalDays,
    maxRenewals: rules.maxRenewals,
    testMailsPerDay: rules.testMailsPerDay,
    mailDomain,
    libraries: placesOf('library'),
    bookmobileStations: placesOf('bookmobile'),
    categories: rules.patronCategories.map((category) => ({ name: category.name, terms: circulationTerms(rules, category.code) })),
    closedDays: {
      weekly: weeklyClosedDays,
      holidays: rules.closedOnNationalHolidays
        ? 'closed'
        : rules.holidayOnClosedDay === 'openNextWeekdayClosed'
          ? 'openNextWeekdayClosed'
          : 'open',
    },
  };
}
