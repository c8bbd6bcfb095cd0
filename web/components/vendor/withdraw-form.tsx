"use client";
/** Withdraw what the escrow owes the connected account in one token, to any address. */
import { useState } from "react";
import { isAddress, type Abi } from "viem";
import { mosaicEscrowAbi } from "@mosaic/sdk/contracts";
import { TransactionStatus } from "@/components/tx/transaction";
import { usePublicConfig } from "@/components/wallet/context";
import { formatAmount } from "@/lib/format";
import { useContractCall } from "@/components/tx/use-contract-call";

export default function WithdrawForm({
  owed,
}: {
  owed: { token: { address: string; symbol: string; decimals: number }; amount: string }[];
}) {
  const { flow, call, connection, docked } = useContractCall();
  const escrow = usePublicConfig().contracts?.escrow;
  const [token, setToken] = useState(owed[0]?.token.address ?? "");
  const [to, setTo] = useState("");
  // No default: what is owed is owed because a payment to this account was refused, so sending it
  // there again may fail the same way. The user names the destination (or picks their own).
  const recipient = to.trim();
  const valid = isAddress(recipient);
  const chosen = owed.find((o) => o.token.address === token);
  if (owed.length === 0) return null;
  return (
    <form
      className="card"
      aria-label="Withdraw"
      onSubmit={(e) => {
        e.preventDefault();
        if (!escrow || !chosen) return;
        if (!recipient) return flow.fail("Withdraw", "enter the address to send to; nothing was sent");
        if (!valid) return flow.fail("Withdraw", "enter a valid address to send to");
        void call(`Withdraw ${formatAmount(chosen.amount, chosen.token)}`, escrow, mosaicEscrowAbi as Abi, "withdraw", [
          token,
          recipient,
        ]);
      }}
    >
      <div className="row">
        <div className="field">
          <label htmlFor="withdraw-token">Token to withdraw</label>
          <select id="withdraw-token" value={token} onChange={(e) => setToken(e.target.value)}>
            {owed.map((o) => (
              <option key={o.token.address} value={o.token.address}>
                {formatAmount(o.amount, o.token)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="withdraw-to">Send to</label>
          <input
            id="withdraw-to"
            className="wrap"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            placeholder="0x…"
            aria-describedby="withdraw-to-hint"
            aria-invalid={to.trim() !== "" && !valid}
          />
          <span id="withdraw-to-hint" className="hint">
            This is owed because a payment to your address was refused: send it to an address that accepts it.{" "}
            {connection.address && (
              <button type="button" className="link-button" onClick={() => setTo(connection.address ?? "")}>
                Use my address
              </button>
            )}
          </span>
          {to.trim() !== "" && !valid && (
            <span className="field-error">Not an address: 0x followed by 40 hex digits.</span>
          )}
        </div>
      </div>
      <button type="submit" className="button primary" disabled={flow.busy || !chosen}>
        Withdraw {chosen ? formatAmount(chosen.amount, chosen.token) : ""}
      </button>
      {!docked && <TransactionStatus phase={flow.phase} />}
    </form>
  );
}
