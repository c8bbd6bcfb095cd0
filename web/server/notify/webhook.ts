/**
 * Webhook delivery: a POST of the JSON body, signed with the subscription's secret.
 *
 *   X-Mosaic-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed by the secret>
 *
 * The receiver recomputes the HMAC over the timestamp, a dot and the raw body, compares in constant
 * time and may refuse old timestamps (replays). `X-Mosaic-Delivery` names the delivery, the same on
 * every retry, so a receiver can drop a repeat.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { lookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { checkAddress, TargetError } from "./targets.ts";

export const SIGNATURE_HEADER = "x-mosaic-signature";
export const DELIVERY_HEADER = "x-mosaic-delivery";

/** A fresh per-subscription secret (hex, 32 bytes). */
export function newSecret(): string {
  return randomBytes(32).toString("hex");
}

export function signBody(secret: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

/** What a receiver does: whether `header` signs `body` with `secret` (no age check). */
export function verifySignature(secret: string, header: string, body: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const expected = Buffer.from(signBody(secret, Number(match[1]), body).split("v1=")[1], "hex");
  return timingSafeEqual(expected, Buffer.from(match[2], "hex"));
}

/** Resolves as Node would, then refuses a non-public answer (unless allowed) before the socket connects. */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options }, (error, address, family) => {
    if (error) return callback(error, address as string, family);
    const all: LookupAddress[] = Array.isArray(address) ? address : [{ address, family: family ?? 4 }];
    try {
      for (const a of all) checkAddress(a.address, hostname);
    } catch (refused) {
      return callback(refused as Error, "", 4);
    }
    (callback as (e: null, a: unknown, f?: number) => void)(null, address, family);
  });
};

/** POSTs `body` to `target`; resolves on a 2xx answer, rejects with the reason otherwise. */
export function postWebhook(
  target: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<void> {
  const url = new URL(target);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) checkAddress(host, host);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return Promise.reject(new TargetError(`refused protocol ${url.protocol}`));
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: "POST",
        lookup: guardedLookup,
        timeout: timeoutMs,
        headers: {
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          "user-agent": "Mosaic-Notifications/1",
          ...headers,
        },
      },
      (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve();
        else reject(new Error(`the webhook answered HTTP ${status}`));
      },
    );
    // One deadline for the whole exchange, not only for idle sockets.
    const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on("error", reject);
    request.on("close", () => clearTimeout(deadline));
    request.end(body);
  });
}
