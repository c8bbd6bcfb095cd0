/**
 * Where notifications may go. A webhook URL must be http(s) and, unless
 * MOSAIC_NOTIFY_ALLOW_PRIVATE=1, must not reach a loopback, private, link-local or otherwise
 * non-public address: the server would otherwise let any signed-in user make it call its own
 * network. The check runs when the URL is saved and again on every connection (the resolver's
 * answer is checked as the socket connects, so a name that later resolves inward is refused too).
 */
import { BlockList, isIP } from "node:net";
import { lookup } from "node:dns/promises";

export class TargetError extends Error {}

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

export function privateTargetsAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.MOSAIC_NOTIFY_ALLOW_PRIVATE === "1" || env.MOSAIC_NOTIFY_ALLOW_PRIVATE === "true";
}

/** Whether `ip` is loopback, private, link-local, multicast or unspecified (IPv4-mapped IPv6 included). */
export function isNonPublicAddress(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return blocked.check(mapped[1], "ipv4");
  const family = isIP(ip);
  if (family === 4) return blocked.check(ip, "ipv4");
  if (family === 6) return blocked.check(ip, "ipv6");
  return true;
}

/** Refuses `ip` when it is not public and private targets are not allowed. */
export function checkAddress(ip: string, host: string): void {
  if (!privateTargetsAllowed() && isNonPublicAddress(ip)) {
    throw new TargetError(
      `the webhook host ${host} resolves to ${ip}, a private or loopback address; webhooks must reach a public address`,
    );
  }
}

const MAX_URL = 2048;

/** The webhook URL as saved, or a TargetError saying why it is refused. Resolves the host once. */
export async function checkWebhookUrl(input: string): Promise<string> {
  if (input.length > MAX_URL) throw new TargetError(`the webhook URL is longer than ${MAX_URL} characters`);
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new TargetError("the webhook URL is not a valid URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TargetError(`the webhook URL must start with https:// or http://, not ${url.protocol}`);
  }
  if (url.username || url.password) throw new TargetError("the webhook URL must not carry a user name or password");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: { address: string }[];
  try {
    addresses = isIP(host) ? [{ address: host }] : await lookup(host, { all: true });
  } catch {
    throw new TargetError(`the webhook host ${host} does not resolve`);
  }
  for (const { address } of addresses) checkAddress(address, host);
  return url.toString();
}

/** One address, without display name: what the SMTP envelope needs. */
const EMAIL =
  /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export function checkEmail(input: string): string {
  const email = input.trim();
  if (email.length > 254 || !EMAIL.test(email)) throw new TargetError(`“${input}” is not an e-mail address`);
  return email;
}
