/** What a vendor was paid and what it is owed (deferred payments waiting for `withdraw`). */
import { querySubgraph } from "../../server/subgraph.ts";
import { tokenInfo, type TokenInfo } from "../../server/tokens.ts";

export interface Payouts {
  payments: {
    id: string;
    kind: string;
    jobId: string;
    index: number;
    gross: string;
    toVendor: string;
    fee: string;
    automatic: boolean;
    timestamp: number;
    tx: string;
    token: TokenInfo;
  }[];
  owed: { token: TokenInfo; amount: string }[];
  volumes: { token: TokenInfo; gross: string; net: string; fees: string; count: number }[];
  withdrawals: { id: string; token: TokenInfo; to: string; amount: string; timestamp: number; tx: string }[];
}

export async function vendorPayouts(address: string): Promise<Payouts> {
  const id = address.toLowerCase();
  const data = await querySubgraph<{
    payments: {
      id: string;
      kind: string;
      job: { id: string };
      milestone: { index: number };
      gross: string;
      toVendor: string;
      fee: string;
      automatic: boolean;
      timestamp: string;
      transactionHash: string;
      token: { id: string };
    }[];
    owedBalances: { token: { id: string }; amount: string }[];
    vendorTokenVolumes: { token: { id: string }; gross: string; net: string; fees: string; paymentCount: number }[];
    withdrawals: {
      id: string;
      token: { id: string };
      to: string;
      amount: string;
      timestamp: string;
      transactionHash: string;
    }[];
  }>(
    `query($v: Bytes!) {
      payments(first: 1000, orderBy: timestamp, orderDirection: desc, where: { vendor: $v }) {
        id kind job { id } milestone { index } gross toVendor fee automatic timestamp transactionHash token { id } }
      owedBalances(first: 100, where: { account: $v, amount_gt: "0" }) { token { id } amount }
      vendorTokenVolumes(first: 100, where: { vendor: $v }) { token { id } gross net fees paymentCount }
      withdrawals(first: 100, orderBy: timestamp, orderDirection: desc, where: { account: $v }) { id token { id } to amount timestamp transactionHash } }`,
    { v: id },
  );
  const t = (tokenId: string) => tokenInfo(tokenId);
  return {
    payments: await Promise.all(
      data.payments.map(async (p) => ({
        id: p.id,
        kind: p.kind,
        jobId: p.job.id,
        index: p.milestone.index,
        gross: p.gross,
        toVendor: p.toVendor,
        fee: p.fee,
        automatic: p.automatic,
        timestamp: Number(p.timestamp),
        tx: p.transactionHash,
        token: await t(p.token.id),
      })),
    ),
    owed: await Promise.all(data.owedBalances.map(async (o) => ({ token: await t(o.token.id), amount: o.amount }))),
    volumes: await Promise.all(
      data.vendorTokenVolumes.map(async (v) => ({
        token: await t(v.token.id),
        gross: v.gross,
        net: v.net,
        fees: v.fees,
        count: v.paymentCount,
      })),
    ),
    withdrawals: await Promise.all(
      data.withdrawals.map(async (w) => ({
        id: w.id,
        token: await t(w.token.id),
        to: w.to,
        amount: w.amount,
        timestamp: Number(w.timestamp),
        tx: w.transactionHash,
      })),
    ),
  };
}
