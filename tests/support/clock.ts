import type { Clock } from '../../src/clock.ts';

/** A clock tests set and move: minutes for timeouts, days for due dates. */
export class TestClock implements Clock {
  private current: Date;
  constructor(start: string | Date = '2026-12-01T10:00:00+09:00') {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: string | Date): void {
    this.current = new Date(to);
  }
  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
  advanceDays(days: number): void {
    this.advanceMinutes(days * 24 * 60);
  }
}
