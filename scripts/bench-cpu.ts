/**
 * CPU time by side during a measurement, from Linux's /proc: the service's
 * process group (its web processes), the PostgreSQL server (the postmaster
 * and its backends) and this process (autocannon, or the raw-SQL client).
 * On a machine whose cores all three share, this split is where the
 * account page's ratio to its raw SQL comes from.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Linux reports process CPU time in USER_HZ ticks, 100 a second. */
const TICKS_PER_SECOND = 100;

export interface CpuBySide {
  web: number;
  postgres: number;
  benchmark: number;
}

interface ProcessTicks {
  pid: number;
  parent: number;
  group: number;
  ticks: number;
  /** The CPU of its children that ended and that it waited for (a backend that closed, reaped by the postmaster). */
  endedChildrenTicks: number;
}

function processTicks(): ProcessTicks[] {
  const found: ProcessTicks[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // ended since the folder was listed
    }
    // After "pid (command) ": state, parent, group, … utime and stime are the 12th and 13th, cutime and cstime the next two.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    found.push({
      pid: Number(name),
      parent: Number(fields[1]),
      group: Number(fields[2]),
      ticks: Number(fields[11]) + Number(fields[12]),
      endedChildrenTicks: Number(fields[13]) + Number(fields[14]),
    });
  }
  return found;
}

/**
 * A reader of the CPU milliseconds spent so far by each side, or undefined
 * where /proc or the cluster's postmaster.pid cannot be read.
 */
export function cpuBySide(serviceGroup: number | undefined, clusterDataDir: string): (() => CpuBySide) | undefined {
  let postmaster: number;
  try {
    processTicks();
    postmaster = Number(readFileSync(path.join(clusterDataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
  return () => {
    const all = processTicks();
    const ms = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND;
    const sum = (list: ProcessTicks[]) => list.reduce((total, p) => total + p.ticks, 0);
    const own = process.cpuUsage();
    // A pool closes idle connections, so backends end mid-run: their CPU then counts in the postmaster's ended children.
    const ended = all.find((p) => p.pid === postmaster)?.endedChildrenTicks ?? 0;
    return {
      web: serviceGroup === undefined ? 0 : ms(sum(all.filter((p) => p.group === serviceGroup))),
      postgres: ms(sum(all.filter((p) => p.pid === postmaster || p.parent === postmaster)) + ended),
      benchmark: (own.user + own.system) / 1000,
    };
  };
}

/** Each side's CPU milliseconds per page between two readings. */
export function perPage(before: CpuBySide, after: CpuBySide, pages: number): CpuBySide {
  return {
    web: (after.web - before.web) / pages,
    postgres: (after.postgres - before.postgres) / pages,
    benchmark: (after.benchmark - before.benchmark) / pages,
  };
}
