/**
 * The address of the TCP peer of each request, stamped by the server itself.
 *
 * Next's server fills X-Forwarded-For only when the request has none, so that header is whatever
 * the client chose unless a trusted proxy appended to it. The socket's peer is the one address a
 * client cannot choose. `stampPeerAddresses` (run from instrumentation.ts) writes it on every
 * request under a header name drawn at random for this process, so a client cannot send that
 * header itself; before it runs (or in a process without it) there is no peer address at all.
 */
import { randomBytes } from "node:crypto";
import { Server, type IncomingMessage } from "node:http";

const NAME = Symbol.for("mosaic.peerHeader");
const INSTALLED = Symbol.for("mosaic.peerHeaderInstalled");
const shared = globalThis as unknown as Record<symbol, unknown>;

/** This process's header name for the peer address (the same in every bundle of the process). */
export function peerHeader(): string {
  shared[NAME] ??= `x-mosaic-peer-${randomBytes(12).toString("hex")}`;
  return shared[NAME] as string;
}

/** The connection's peer address of `request`, or undefined when the server did not stamp one. */
export function peerAddress(request: Request): string | undefined {
  return request.headers.get(peerHeader())?.trim() || undefined;
}

export function stampPeerAddresses(): void {
  if (shared[INSTALLED]) return;
  shared[INSTALLED] = true;
  const name = peerHeader();
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as IncomingMessage;
      request.headers[name] = request.socket?.remoteAddress ?? "";
    }
    return (emit as (this: Server, ...all: unknown[]) => boolean).apply(this, [event, ...args]);
  } as typeof Server.prototype.emit;
}
