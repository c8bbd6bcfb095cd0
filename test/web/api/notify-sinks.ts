/**
 * Receivers for the notification tests: an HTTP sink (node:http on 127.0.0.1) that records every
 * webhook request, and a minimal SMTP sink (node:net) that accepts mail and records each message.
 */
import { once } from "node:events";
import http from "node:http";
import net from "node:net";

export interface HookRequest {
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpSink {
  url: string;
  requests: HookRequest[];
  /** Answers the next `count` requests with `status` instead of 204. */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

export async function startHttpSink(): Promise<HttpSink> {
  const requests: HookRequest[] = [];
  let failures = 0;
  let failStatus = 500;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      if (failures > 0) {
        failures--;
        response.writeHead(failStatus).end();
      } else {
        response.writeHead(204).end();
      }
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    failNext(count, status = 500) {
      failures = count;
      failStatus = status;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface Mail {
  from: string;
  to: string[];
  data: string;
}

export interface SmtpSink {
  url: string;
  messages: Mail[];
  close(): Promise<void>;
}

/** Speaks just enough SMTP (RFC 5321) for one client: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: Mail[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.setEncoding("utf8");
    let buffer = "";
    let mail: Mail | null = null;
    let data: string[] | null = null;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 sink.test ESMTP");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data) {
          if (line === ".") {
            messages.push({ ...mail!, data: data.join("\r\n") });
            data = null;
            mail = null;
            reply("250 2.0.0 queued");
          } else {
            data.push(line.startsWith("..") ? line.slice(1) : line);
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") reply("250 sink.test");
        else if (verb === "MAIL") {
          mail = { from: /<([^>]*)>/.exec(line)?.[1] ?? "", to: [], data: "" };
          reply("250 2.1.0 ok");
        } else if (verb === "RCPT") {
          mail?.to.push(/<([^>]*)>/.exec(line)?.[1] ?? "");
          reply("250 2.1.5 ok");
        } else if (verb === "DATA") {
          data = [];
          reply("354 end with <CRLF>.<CRLF>");
        } else if (verb === "RSET" || verb === "NOOP") {
          if (verb === "RSET") mail = null;
          reply("250 ok");
        } else if (verb === "QUIT") {
          reply("221 bye");
          socket.end();
        } else reply("502 5.5.2 not implemented");
      }
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
