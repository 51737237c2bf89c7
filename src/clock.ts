/** Time is passed in, never read from the system inside rules, so tests can move days and minutes. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
