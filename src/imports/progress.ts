/**
 * Progress of a long import on the command line: done / total, rate and time
 * left, on stderr so the report on stdout stays clean. On a terminal one line
 * is rewritten in place; in a log (a pipe, a file) a line is written every
 * few seconds and at the end, so the log neither floods nor goes quiet.
 */

export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

const LOG_INTERVAL_MS = 5_000;

/** "1,500 / 10,000 records (15%), 312 records/s, about 27 s left". */
export function formatProgress(done: number, total: number, elapsedMs: number, unit: string): string {
  const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const left = done >= total ? 'done' : rate > 0 ? `about ${formatDuration((total - done) / rate)} left` : 'time left unknown';
  return `${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} ${unit} (${percent}%), ${Math.round(rate).toLocaleString('en-US')} ${unit}/s, ${left}`;
}

/** Seconds as "42 s", "3 min 05 s" or "2 h 07 min". */
export function formatDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** A progress callback for an import, and `finish` to end the terminal's line. `now` is the clock in milliseconds. */
export function progressReporter(output: ProgressOutput, unit: string, now: () => number = Date.now) {
  const started = now();
  let lastLogged = started;
  let drawn = false;
  return {
    update(done: number, total: number): void {
      const line = formatProgress(done, total, now() - started, unit);
      if (output.isTTY) {
        output.write(`\r${line}\x1b[K`);
        drawn = true;
      } else if (done >= total || now() - lastLogged >= LOG_INTERVAL_MS) {
        output.write(`${line}\n`);
        lastLogged = now();
      }
    },
    finish(): void {
      if (drawn) output.write('\n');
      drawn = false;
    },
  };
}
