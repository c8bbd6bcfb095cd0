// Runs once when the server starts (Node.js runtime only; see instrumentation-node.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkConfigurationAtStartup } = await import("./server/startup");
    checkConfigurationAtStartup();
    // Rate limits key on the socket's peer unless a trusted proxy says otherwise (server/rate-limit.ts).
    const { stampPeerAddresses } = await import("./server/peer-address");
    stampPeerAddresses();
    // Optional webhook and e-mail delivery of inbox items (server/notify/); idle until someone subscribes.
    const { startNotificationDelivery } = await import("./server/notify/start");
    void startNotificationDelivery();
  }
}
