// CPU and memory of a process as the kernel counts them (/proc/<pid>/stat and /status): the bench
// divides a window's CPU by the requests or streams completed in it, and samples RSS for the peak.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second for utime/stime (100 on every Linux this runs on; asked once anyway). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of every thread of the process, in ms; NaN once the process is gone. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat(5), counted from the state (field 3) at index 0.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** VmRSS (now) and VmHWM (the process's lifetime peak), in MB; NaN once the process is gone. */
export function memoryMb(pid: number): { rss: number; hwm: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return { rss: Number.NaN, hwm: Number.NaN };
  }
}

export interface UsageReading {
  /** CPU spent in the window, ms (NaN when the process is gone). */
  readonly cpuMs: number;
  /** Highest VmRSS sampled in the window, MB. */
  readonly peakRssMb: number;
}

/**
 * Watches a set of processes over one measurement window: CPU at both ends, RSS sampled every
 * `sampleMs` in between (VmHWM would keep the start-up peak of the process for ever).
 */
export class UsageWindow {
  private readonly startCpu = new Map<number, number>();
  private readonly peakRss = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pids: readonly number[],
    sampleMs = 100,
  ) {
    for (const pid of pids) {
      this.startCpu.set(pid, cpuMs(pid));
      this.peakRss.set(pid, memoryMb(pid).rss);
    }
    this.timer = setInterval(() => this.sample(), sampleMs);
  }

  stop(): Map<number, UsageReading> {
    clearInterval(this.timer);
    this.sample();
    const readings = new Map<number, UsageReading>();
    for (const pid of this.pids)
      readings.set(pid, {
        cpuMs: cpuMs(pid) - (this.startCpu.get(pid) ?? Number.NaN),
        peakRssMb: this.peakRss.get(pid) ?? Number.NaN,
      });
    return readings;
  }

  private sample(): void {
    for (const pid of this.pids) {
      const rss = memoryMb(pid).rss;
      if (rss > (this.peakRss.get(pid) ?? 0)) this.peakRss.set(pid, rss);
    }
  }
}
