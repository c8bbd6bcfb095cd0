import { ConfigError, serverConfig } from "./config.ts";

/**
 * A production server without a valid configuration (above all the session secret) stops at
 * start with the reason, instead of serving insecure sessions.
 */
export function checkConfigurationAtStartup(): void {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  try {
    serverConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Mosaic web server cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
