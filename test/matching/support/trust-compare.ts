import assert from "node:assert/strict";
import type { TrustScores } from "../../../matching/index.ts";

/** Every account's trust and everything its ratings carry, equal to 1e-9 (counts exactly). */
export function assertSameTrust(a: TrustScores, b: TrustScores, addresses: readonly string[], context: string): void {
  for (const address of addresses) {
    const x = a.trustOf(address);
    const y = b.trustOf(address);
    assert.ok(Math.abs(x - y) <= 1e-9, `${context}: trust of ${address} ${x} vs ${y}`);
    const rx = a.rateeTrust(address)!;
    const ry = b.rateeTrust(address)!;
    for (const key of Object.keys(ry) as (keyof typeof ry)[]) {
      const u = rx[key];
      const v = ry[key];
      if (typeof u === "number" && typeof v === "number") {
        assert.ok(Math.abs(u - v) <= 1e-9, `${context}: ${key} of ${address} ${u} vs ${v}`);
      } else {
        assert.equal(u, v, `${context}: ${key} of ${address}`);
      }
    }
  }
}
