/** Port checks for the local stack: free ports for tests, clear errors for taken fixed ports. */
import net from "node:net";

export const HOST = "127.0.0.1";

/** A port the OS considers free right now (tests; another process could still take it later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts connections on HOST:port. */
export function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    socket.setTimeout(1_000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** The error a person sees when a fixed port is taken: which service, which port, what to do. */
export class PortTakenError extends Error {
  constructor(service: string, port: number, flag: string) {
    super(
      `Port ${port} (${service}) is already in use on ${HOST}. Stop whatever listens there ` +
        `(\`ss -ltnp 'sport = :${port}'\` shows it) or pick another port with ${flag}.`,
    );
  }
}
