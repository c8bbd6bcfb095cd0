/**
 * Child processes of the local stack, each in its own process group so that stopping one stops
 * everything it started (Next.js workers, Hardhat's helpers). A watchdog process holds the list of
 * groups and kills them if this process dies without cleaning up (SIGKILL, a crash), so no run
 * leaves servers behind.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Environment for children: this Node (22) first on PATH, no telemetry or update checks. */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${path.join(ROOT, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}`,
    NEXT_TELEMETRY_DISABLED: "1",
    GRAPH_SKIP_NEW_VERSION_CHECK: "true",
    FORCE_COLOR: "0",
    ...extra,
  };
}

export interface StartOptions {
  /** Short name used in log prefixes and error messages ("chain", "indexer", "web"). */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Every output line, as it arrives (already written to the log file). */
  onLine?: (line: string) => void;
}

export interface Managed {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or 1 when killed by a signal) when the process ends. */
  exited: Promise<number>;
  /** The last lines of output, for error messages. */
  tail(lines?: number): string;
}

/** A set of process groups started together and stopped together. */
export class ProcessGroups {
  private readonly running = new Set<Managed>();
  private readonly logDir: string;
  private readonly logs: WriteStream[] = [];
  private watchdog: ChildProcess | undefined;
  private stopping: Promise<void> | undefined;

  constructor(logDir: string) {
    this.logDir = logDir;
    mkdirSync(logDir, { recursive: true });
  }

  /** Where `name`'s output is written. */
  logFile(name: string): string {
    return path.join(this.logDir, `${name}.log`);
  }

  /** Starts a process in a new process group; its output goes to `<logDir>/<name>.log`. */
  start(options: StartOptions): Managed {
    if (this.stopping) throw new Error(`not starting ${options.name}: the stack is stopping`);
    const log = createWriteStream(this.logFile(options.name), { flags: "a" });
    this.logs.push(log);
    const child = spawn(options.command, options.args, {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? childEnv(),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group: kill(-pid) reaches every descendant
    });
    this.guard(child.pid);
    const recent: string[] = [];
    const onLine = (line: string) => {
      log.write(`${line}\n`);
      recent.push(line);
      if (recent.length > 200) recent.shift();
      options.onLine?.(line);
    };
    for (const stream of [child.stdout!, child.stderr!]) {
      // Progress bars redraw with \r: keep the last state of each line.
      createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) =>
        onLine(line.split("\r").filter(Boolean).pop() ?? ""),
      );
    }
    const exited = new Promise<number>((resolve) => {
      child.once("error", (error) => {
        onLine(`${options.name}: ${error.message}`);
        resolve(127);
      });
      child.once("exit", (code) => resolve(code ?? 1));
    });
    const managed: Managed = {
      name: options.name,
      child,
      exited,
      tail: (lines = 30) => recent.slice(-lines).join("\n"),
    };
    this.running.add(managed);
    void exited.then(() => this.running.delete(managed));
    return managed;
  }

  /** Runs a command to completion; throws with its last output when it fails. */
  async run(options: StartOptions): Promise<void> {
    const managed = this.start(options);
    const code = await managed.exited;
    if (code !== 0 && !this.stopping) {
      throw new Error(
        `${options.name} failed (exit ${code}); last output:\n${managed.tail()}\n(full log: ${this.logFile(options.name)})`,
      );
    }
    if (this.stopping) throw new Error(`${options.name} interrupted: the stack is stopping`);
  }

  /** Stops every group: SIGTERM, then SIGKILL after `graceMs`. Safe to call more than once. */
  stop(graceMs = 5_000): Promise<void> {
    this.stopping ??= (async () => {
      const all = [...this.running];
      for (const managed of all) signalGroup(managed.child.pid, "SIGTERM");
      const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), graceMs).unref());
      await Promise.all(
        all.map(async (managed) => {
          if ((await Promise.race([managed.exited, timer])) === "timeout") signalGroup(managed.child.pid, "SIGKILL");
          await managed.exited;
        }),
      );
      // A group leader that exited may leave descendants behind (next start's workers): sweep.
      for (const managed of all) signalGroup(managed.child.pid, "SIGKILL");
      await Promise.all(this.logs.map((log) => new Promise((resolve) => log.end(resolve))));
      this.watchdog?.stdin?.end("done\n");
      this.watchdog = undefined;
    })();
    return this.stopping;
  }

  /** Synchronous last resort for process "exit": kill every group now. */
  killNow(): void {
    for (const managed of this.running) signalGroup(managed.child.pid, "SIGKILL");
  }

  /** Tells the watchdog about a new group; the watchdog kills it if this process dies first. */
  private guard(pid: number | undefined): void {
    if (pid === undefined) return;
    if (!this.watchdog) {
      this.watchdog = spawn(process.execPath, [path.join(ROOT, "scripts", "dev", "watchdog.ts")], {
        stdio: ["pipe", "ignore", "ignore"],
        detached: true,
      });
      // Neither the watchdog nor its pipe keeps this process alive.
      this.watchdog.unref();
      (this.watchdog.stdin as unknown as { unref(): void }).unref();
    }
    this.watchdog.stdin!.write(`${pid}\n`);
  }
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
