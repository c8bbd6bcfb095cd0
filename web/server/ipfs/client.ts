/**
 * Adds documents to an IPFS node through its RPC API (Kubo's `/api/v0/add`, also served by IPFS
 * Cluster and pinning services) so they get the same CID the server computed: CIDv1, raw leaves,
 * sha2-256, one block. The node's answer is checked against our CID: a node that hashes differently
 * would otherwise publish the document under an address nobody asks for.
 */
import { CID } from "multiformats/cid";

export class IpfsError extends Error {}

/** The node stored the bytes under another CID than ours (a chunker or hash setting differs). */
export class IpfsCidMismatchError extends IpfsError {
  readonly expected: string;
  readonly actual: string;

  constructor(expected: string, actual: string) {
    super(
      `The IPFS node stored the document as ${actual}, not ${expected}: it must add with CIDv1, raw leaves and sha2-256.`,
    );
    this.expected = expected;
    this.actual = actual;
  }
}

export interface IpfsClient {
  /** The node's RPC URL without credentials, for messages. */
  readonly url: string;
  /** Adds and pins `bytes`; resolves once the node answered `expectedCid`, throws otherwise. */
  add(bytes: Uint8Array, expectedCid: string): Promise<void>;
}

export interface IpfsClientOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * 1 MiB chunks: every document (at most 256 KiB) is one raw block, so its CID is the raw-codec
 * sha-256 CID the server computes, not a UnixFS root.
 */
const ADD_QUERY = "cid-version=1&raw-leaves=true&hash=sha2-256&chunker=size-1048576&pin=true&quieter=true";

function normalize(cid: string): string {
  return CID.parse(cid).toV1().toString();
}

/**
 * A client for the node at `rpcUrl` (e.g. http://127.0.0.1:5001). Credentials in the URL
 * (https://user:secret@host) are sent as HTTP Basic authentication, as pinning services expect.
 */
export function createIpfsClient(rpcUrl: string, options: IpfsClientOptions = {}): IpfsClient {
  const parsed = new URL(rpcUrl);
  const headers: Record<string, string> = {};
  if (parsed.username || parsed.password) {
    const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString("base64")}`;
    parsed.username = "";
    parsed.password = "";
  }
  const base = parsed.toString().replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;

  return {
    url: base,
    async add(bytes, expectedCid) {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(bytes)]), "document.json");
      let response: Response;
      try {
        response = await doFetch(`${base}/api/v0/add?${ADD_QUERY}`, {
          method: "POST",
          body: form,
          headers,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new IpfsError(`The IPFS node at ${base} did not answer: ${(error as Error).message}`, { cause: error });
      }
      const text = await response.text();
      if (!response.ok) {
        throw new IpfsError(
          `The IPFS node at ${base} refused the document (HTTP ${response.status}): ${text.slice(0, 300)}`,
        );
      }
      // One JSON object per line (progress lines are off with quieter=true); the last names the file.
      const lines = text.split("\n").filter((line) => line.trim());
      const last = lines.length ? (JSON.parse(lines[lines.length - 1]) as { Hash?: string }) : {};
      if (!last.Hash) throw new IpfsError(`The IPFS node at ${base} answered without a CID: ${text.slice(0, 300)}`);
      if (normalize(last.Hash) !== normalize(expectedCid)) throw new IpfsCidMismatchError(expectedCid, last.Hash);
    },
  };
}

/** The client for IPFS_RPC_URL, or null when no IPFS node is configured. */
export function ipfsClientFromEnv(env: NodeJS.ProcessEnv = process.env): IpfsClient | null {
  const url = env.IPFS_RPC_URL?.trim();
  return url ? createIpfsClient(url) : null;
}
