import { readdirSync, readFileSync } from "node:fs";

/**
 * Memory and reads of a process group from /proc (Linux): the server runs in
 * its own group (bench/production-server.ts) and may start children, so its
 * footprint is the sum over the group, sampled while it works.
 */

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** pid, parent pid, process group and CPU ticks used of every process we may read. */
function processes(): { pid: number; ppid: number; pgrp: number; ticks: number }[] {
  const found = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name is in parentheses and may hold spaces: fields follow the last ")".
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      found.push({
        pid: Number(name),
        ppid: Number(fields[1]),
        pgrp: Number(fields[2]),
        // utime + stime (fields 14 and 15 of stat).
        ticks: Number(fields[11]) + Number(fields[12]),
      });
    } catch {
      // Exited meanwhile.
    }
  }
  return found;
}

/** Our child whose command line contains every one of `parts` (e.g. the server on a port). */
export function findChild(parts: string[]): number | null {
  for (const p of processes()) {
    if (p.ppid !== process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${p.pid}/cmdline`, "utf8").split("\0").join(" ");
      if (parts.every((part) => cmdline.includes(part))) return p.pid;
    } catch {
      // Exited meanwhile.
    }
  }
  return null;
}

export function isAlive(pid: number): boolean {
  try {
    readFileSync(`/proc/${pid}/stat`);
    return true;
  } catch {
    return false;
  }
}

function sumOverGroup(pgrp: number, read: (pid: number) => number): number {
  let total = 0;
  for (const p of processes()) {
    if (p.pgrp !== pgrp) continue;
    try {
      total += read(p.pid);
    } catch {
      // Exited meanwhile.
    }
  }
  return total;
}

/** Resident memory of the group, bytes. */
function groupRss(pgrp: number): number {
  return sumOverGroup(pgrp, (pid) => {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return Number(kb ?? 0) * 1024;
  });
}

/** Bytes the group's live processes have read through read syscalls (page cache included). */
export function groupReadBytes(pgrp: number): number {
  return sumOverGroup(pgrp, (pid) => {
    const rchar = /^rchar:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/io`, "utf8"))?.[1];
    return Number(rchar ?? 0);
  });
}

/** Samples the group's RSS every `everyMs`; `peak()` is the largest sum since the last reset. */
export function watchRss(pgrp: number, everyMs = 200) {
  let peak = 0;
  const sample = () => (peak = Math.max(peak, groupRss(pgrp)));
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    peak: () => (sample(), peak),
    reset: () => {
      peak = 0;
      sample();
    },
    stop: () => clearInterval(timer),
  };
}

/** CPU seconds the machine spent busy (every core, every process), from /proc/stat. */
function machineCpuSeconds(): number {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync("/proc/stat", "utf8")
    .split("\n", 1)[0]!
    .trim()
    .split(/\s+/)
    .map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / TICKS;
}

/**
 * CPU time from now on: the group's, this process's, and everything else's,
 * so that a figure taken while other work ran on the machine can be told.
 */
export function cpuMeter(pgrp: number) {
  const group = () =>
    processes()
      .filter((p) => p.pgrp === pgrp)
      .reduce((n, p) => n + p.ticks / TICKS, 0);
  const own = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  };
  const start = { machine: machineCpuSeconds(), group: group(), own: own() };
  return () => {
    const server = group() - start.group;
    const bench = own() - start.own;
    return { server, bench, others: machineCpuSeconds() - start.machine - server - bench };
  };
}
