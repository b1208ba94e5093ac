// Where another process's resident memory is, from its mappings (/proc/<pid>/smaps, Linux only),
// so that the memory benchmark can say what a figure is made of without adding code to the server.
import { readFileSync, readdirSync } from "node:fs";

const MiB = 2 ** 20;

export interface MemoryMap {
  /** Resident MiB by kind of mapping. */
  wasmMemories: number; // WebAssembly memories: a read-write part in front of an 8-10 GiB reservation
  mallocArenas: number; // glibc's heap ([heap]) and its per-thread arenas (64 MiB-aligned regions)
  files: number; // the node binary and shared libraries (shared with other node processes)
  otherAnonymous: number; // V8's heaps and code, large mallocs (mmap'd), stacks
  threads: number;
}

interface Mapping {
  start: number;
  end: number;
  perms: string;
  name: string;
  rssMiB: number;
}

function mappings(pid: number): Mapping[] {
  const list: Mapping[] = [];
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head)
      list.push({
        start: parseInt(head[1]!, 16),
        end: parseInt(head[2]!, 16),
        perms: head[3]!,
        name: head[4]!,
        rssMiB: 0,
      });
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && list.length) list[list.length - 1]!.rssMiB = Number(rss[1]) / 1024;
  }
  return list;
}

export function memoryMap(pid: number): MemoryMap {
  const map: MemoryMap = { wasmMemories: 0, mallocArenas: 0, files: 0, otherAnonymous: 0, threads: 0 };
  const list = mappings(pid);
  for (let i = 0; i < list.length; i++) {
    const m = list[i]!;
    if (m.name === "[heap]") map.mallocArenas += m.rssMiB;
    else if (m.name.startsWith("/")) map.files += m.rssMiB;
    else if (m.name)
      map.otherAnonymous += m.rssMiB; // [stack], [vdso]...
    else {
      // An anonymous region: its used part, and the reservation right behind it (---p), if any.
      const next = list[i + 1];
      const reserved = m.perms !== "---p" && next && next.start === m.end && !next.name && next.perms === "---p";
      const size = (reserved ? next.end : m.end) - m.start;
      if (size >= 4096 * MiB) map.wasmMemories += m.rssMiB;
      else if (size === 64 * MiB && m.start % (64 * MiB) === 0) map.mallocArenas += m.rssMiB;
      else map.otherAnonymous += m.rssMiB;
      if (reserved) i++;
    }
  }
  map.threads = readdirSync(`/proc/${pid}/task`).length;
  return map;
}
