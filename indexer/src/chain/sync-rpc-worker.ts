// Worker side of SyncRpc: performs each request with fetch, answers with the request's id and
// wakes the blocked caller.
import { workerData } from "node:worker_threads";
import type { MessagePort } from "node:worker_threads";
import { describeFetchError } from "./json-rpc.ts";

const { flag, port, url, timeoutMs } = workerData as {
  flag: Int32Array;
  port: MessagePort;
  url: string;
  timeoutMs: number;
};

port.on("message", async ({ id, body }: { id: number; body: string }) => {
  let reply: { id: number; ok: true; text: string } | { id: number; ok: false; message: string };
  try {
    const send = () =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    // A kept-alive connection the node closed while idle fails once: retry on a new one.
    const response = await send().catch(send);
    reply = response.ok
      ? { id, ok: true, text: await response.text() }
      : { id, ok: false, message: `HTTP ${response.status}` };
  } catch (error) {
    reply = { id, ok: false, message: String(describeFetchError(error)) };
  }
  port.postMessage(reply);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
