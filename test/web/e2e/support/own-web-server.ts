/**
 * Extra `next start`s of the suite's build, for files that test settings the shared server does
 * not have (a sign-in limit, a trusted proxy, wallet connectors). Each server has its own store in
 * a scratch folder and the suite's node and index; `stop()` ends them all and removes the folder.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, HOST } from "../../../../scripts/dev/ports.ts";
import { waitForLine } from "../../../../scripts/dev/probes.ts";
import { ProcessGroups, ROOT } from "../../../../scripts/dev/processes.ts";
import { WEB_DIR, webEnv } from "../../../../scripts/dev/web.ts";
import type { E2EStack } from "../../support/stack.ts";

const NEXT_CLI = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");

export class OwnWebServers {
  private readonly scratch: string;
  private readonly groups: ProcessGroups;

  constructor(prefix: string) {
    this.scratch = mkdtempSync(path.join(tmpdir(), `mosaic-${prefix}-`));
    this.groups = new ProcessGroups(path.join(this.scratch, "logs"));
  }

  /** Starts one on a free port with `settings` over the production defaults; its port once ready. */
  async start(stack: E2EStack, name: string, settings: Record<string, string>): Promise<number> {
    const port = await freePort();
    const web = this.groups.start({
      name,
      command: process.execPath,
      args: [NEXT_CLI, "start", WEB_DIR, "--port", String(port), "--hostname", HOST],
      env: {
        ...webEnv({
          mode: "production",
          port,
          rpcUrl: stack.rpcUrl,
          graphqlUrl: stack.graphqlUrl,
          chainId: stack.chainId,
          dataDir: path.join(this.scratch, name),
        }),
        ...settings,
      },
    });
    await waitForLine(web, /Ready in|✓ Ready|started server on/i, 120_000);
    return port;
  }

  async stop(): Promise<void> {
    await this.groups.stop();
    rmSync(this.scratch, { recursive: true, force: true });
  }
}
