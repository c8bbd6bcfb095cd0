/**
 * The address of the TCP peer of each request, stamped by the server itself in `PEER_HEADER`.
 *
 * Next's server fills X-Forwarded-For only when the request has none, so that header is whatever
 * the client chose unless a trusted proxy appended to it. The socket's peer is the one address a
 * client cannot choose: every request's `PEER_HEADER` is overwritten with it before Next sees the
 * request (a value the client sent under that name is discarded).
 */
import { Server, type IncomingMessage } from "node:http";

export const PEER_HEADER = "x-mosaic-peer";

let installed = false;

export function stampPeerAddresses(): void {
  if (installed) return;
  installed = true;
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as IncomingMessage;
      request.headers[PEER_HEADER] = request.socket?.remoteAddress ?? "";
    }
    return (emit as (this: Server, ...all: unknown[]) => boolean).apply(this, [event, ...args]);
  } as typeof Server.prototype.emit;
}
