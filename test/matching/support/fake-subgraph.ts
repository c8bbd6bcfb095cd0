import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Answers one POST body sent to `path`; return undefined for a 404. */
export type Handler = (body: Record<string, unknown>, path: string) => unknown;

/** A throwaway HTTP server on a free loopback port, for GraphQL and JSON-RPC fakes. */
export async function startFakeServer(handler: Handler): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk) => (raw += chunk));
    request.on("end", () => {
      const answer = handler(JSON.parse(raw || "{}"), request.url ?? "/");
      response.writeHead(answer === undefined ? 404 : 200, {
        "content-type": "application/json",
      });
      response.end(JSON.stringify(answer ?? { error: "not found" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A loopback URL nothing listens on: bind a free port, then release it. */
export async function closedPortUrl(): Promise<string> {
  const { url, close } = await startFakeServer(() => ({}));
  await close();
  return url;
}
