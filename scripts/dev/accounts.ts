/**
 * The local node's well-known accounts (Hardhat's default mnemonic). Public keys for public
 * test chains only: anything sent to them on a real network is lost.
 */
import { HDNodeWallet, Mnemonic } from "ethers";

export const TEST_MNEMONIC = "test test test test test test test test test test test junk";
/** How many accounts the Hardhat node unlocks and funds by default. */
export const TEST_ACCOUNT_COUNT = 20;

export interface TestAccount {
  index: number;
  address: string;
  privateKey: string;
}

let cache: TestAccount[] | undefined;

export function testAccounts(): TestAccount[] {
  cache ??= Array.from({ length: TEST_ACCOUNT_COUNT }, (_, index) => {
    const wallet = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(TEST_MNEMONIC), `m/44'/60'/0'/0/${index}`);
    return { index, address: wallet.address, privateKey: wallet.privateKey };
  });
  return cache;
}

export function testAccount(index: number): TestAccount {
  const account = testAccounts()[index];
  if (!account) throw new Error(`The node has ${TEST_ACCOUNT_COUNT} test accounts; there is no #${index}.`);
  return account;
}
