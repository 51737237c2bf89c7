/** Command-line progress: done / total, rate and time left; one rewritten line on a terminal, a line every few seconds in a log. */
import { describe, expect, it } from 'vitest';
import { formatDuration, formatProgress, progressReporter } from '../../src/imports/progress.ts';

describe('formatProgress', () => {
  it('says done / total, the percentage, the rate and the time left', () => {
    expect(formatProgress(1_500, 10_000, 5_000, 'records')).toBe('1,500 / 10,000 records (15%), 300 records/s, about 29 s left');
    expect(formatProgress(10_000, 10_000, 20_000, 'records')).toBe('10,000 / 10,000 records (100%), 500 records/s, done');
    expect(formatProgress(0, 10, 0, 'rows')).toBe('0 / 10 rows (0%), 0 rows/s, time left unknown');
  });

  it('writes durations a person reads at a glance', () => {
    expect(formatDuration(41.2)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(7_620)).toBe('2 h 07 min');
  });
});

describe('progressReporter', () => {
  const run = (isTTY: boolean) => {
    const written: string[] = [];
    let clock = 0;
    const reporter = progressReporter({ isTTY, write: (text: string) => written.push(text) }, 'records', () => clock);
    for (const [at, done] of [
      [1_000, 500],
      [3_000, 1_000],
      [6_000, 1_500],
      [7_000, 2_000],
    ] as const) {
      clock = at;
      reporter.update(done, 2_000);
    }
    reporter.finish();
    return written;
  };

  it('rewrites one line on a terminal and ends it at the finish', () => {
    const written = run(true);
    expect(written).toHaveLength(5);
    expect(written[0]).toBe('\r500 / 2,000 records (25%), 500 records/s, about 3 s left\x1b[K');
    expect(written.at(-1)).toBe('\n');
  });

  it('writes whole lines to a log, every five seconds and at the end', () => {
    expect(run(false)).toEqual([
      '1,500 / 2,000 records (75%), 250 records/s, about 2 s left\n',
      '2,000 / 2,000 records (100%), 286 records/s, done\n',
    ]);
  });
});
