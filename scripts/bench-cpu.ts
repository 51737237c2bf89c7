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
    // After "pid (command) ": state, parent, group, … utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    found.push({ pid: Number(name), parent: Number(fields[1]), group: Number(fields[2]), ticks: Number(fields[11]) + Number(fields[12]) });
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
    const ms = (list: ProcessTicks[]) => (list.reduce((sum, p) => sum + p.ticks, 0) * 1000) / TICKS_PER_SECOND;
    const own = process.cpuUsage();
    return {
      web: serviceGroup === undefined ? 0 : ms(all.filter((p) => p.group === serviceGroup)),
      postgres: ms(all.filter((p) => p.pid === postmaster || p.parent === postmaster)),
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
