// Runs once when the server starts (Node.js runtime only; see instrumentation-node.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkConfigurationAtStartup } = await import("./server/startup");
    checkConfigurationAtStartup();
  }
}
