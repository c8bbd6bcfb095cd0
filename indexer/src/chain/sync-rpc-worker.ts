// Worker side of SyncRpc: performs each request with fetch and wakes the blocked caller.
import { workerData } from "node:worker_threads";
import type { MessagePort } from "node:worker_threads";
import { describeFetchError } from "./json-rpc.ts";

const { flag, port, url } = workerData as { flag: Int32Array; port: MessagePort; url: string };

port.on("message", async (body: string) => {
  let reply: { ok: true; text: string } | { ok: false; message: string };
  try {
    const send = () =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(30_000),
      });
    // A kept-alive connection the node closed while idle fails once: retry on a new one.
    const response = await send().catch(send);
    reply = response.ok ? { ok: true, text: await response.text() } : { ok: false, message: `HTTP ${response.status}` };
  } catch (error) {
    const cause = describeFetchError(error);
    reply = { ok: false, message: String(cause) };
  }
  port.postMessage(reply);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
