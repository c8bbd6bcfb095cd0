// Child process for driver.test.ts: switches automining off through the driver, then dies the way
// argv[3] says (an uncaught error, or waiting for a signal). The driver must switch it back on.
import { MarketDriver } from "../driver.ts";

const [url, how] = process.argv.slice(2);
const driver = new MarketDriver(url, 31337);
await driver.withManualMining(async () => {
  console.log("manual mining");
  if (how === "crash")
    setTimeout(() => {
      throw new Error("a failure outside the driver's work");
    }, 1_500);
  await new Promise((r) => setTimeout(r, 60_000));
});
