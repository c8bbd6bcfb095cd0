/// <reference lib="dom" />
/**
 * An EIP-1193 wallet for browser tests, announced through EIP-6963 as "Mosaic Test Wallet".
 * The page holds only a thin provider; every request crosses to Node, where the wallet signs with
 * a Hardhat test key (personal_sign, eth_signTypedData_v4, eth_sendTransaction) and forwards the
 * rest to the node. A test can switch account or chain (the page receives accountsChanged /
 * chainChanged), make the next request fail as a user rejection (4001), and read every request
 * the page made.
 */
import { randomUUID } from "node:crypto";
import { JsonRpcProvider, Network, Wallet, getAddress, getBytes, isHexString, toUtf8String } from "ethers";
import type { BrowserContext } from "playwright-core";

export const WALLET_NAME = "Mosaic Test Wallet";
export const WALLET_RDNS = "dev.mosaic.testwallet";

export interface WalletRequest {
  method: string;
  params?: unknown;
  /** "ok", "rejected" (4001 by the test) or the error message sent back. */
  outcome: string;
}

interface ProviderError {
  code: number;
  message: string;
}

const USER_REJECTED: ProviderError = { code: 4001, message: "User rejected the request." };

export interface TestWalletOptions {
  rpcUrl: string;
  /** The node's chain id (the wallet starts on it unless `chainId` says otherwise). */
  nodeChainId: number;
  privateKey: string;
  /** The chain the wallet reports at first: another one simulates a wallet on the wrong network. */
  chainId?: number;
  /** Also set `window.ethereum`, as most extensions do (default true). */
  injectWindowEthereum?: boolean;
}

export class TestWallet {
  readonly requests: WalletRequest[] = [];
  private readonly provider: JsonRpcProvider;
  private readonly nodeChainId: number;
  private readonly injectWindowEthereum: boolean;
  private signer: Wallet;
  private chainId: number;
  private authorized = false;
  private readonly rejections: string[][] = [];
  private readonly contexts: BrowserContext[] = [];

  constructor(options: TestWalletOptions) {
    this.nodeChainId = options.nodeChainId;
    this.provider = new JsonRpcProvider(options.rpcUrl, Network.from(options.nodeChainId), {
      staticNetwork: true,
      batchMaxCount: 1,
      cacheTimeout: -1,
    });
    this.signer = new Wallet(options.privateKey, this.provider);
    this.chainId = options.chainId ?? options.nodeChainId;
    this.injectWindowEthereum = options.injectWindowEthereum ?? true;
  }

  get address(): string {
    return this.signer.address;
  }

  get currentChainId(): number {
    return this.chainId;
  }

  /** Installs the wallet in every page of `context` (call before the first navigation). */
  async install(context: BrowserContext): Promise<void> {
    this.contexts.push(context);
    await context.exposeBinding("__mosaicTestWallet", (_source, request: { method: string; params?: unknown }) =>
      this.handle(request),
    );
    await context.addInitScript(pageProvider, {
      name: WALLET_NAME,
      rdns: WALLET_RDNS,
      uuid: randomUUID(),
      injectWindowEthereum: this.injectWindowEthereum,
    });
  }

  /** The next request whose method is one of `methods` fails with 4001, as when the user clicks "Reject". */
  rejectNext(...methods: string[]): void {
    this.rejections.push(methods);
  }

  /** Requests of `method` the page made so far (with the outcome of each). */
  requestsOf(...methods: string[]): WalletRequest[] {
    return this.requests.filter((r) => methods.includes(r.method));
  }

  /** Switches to another account, as the user would in the extension: pages get accountsChanged. */
  async switchAccount(privateKey: string): Promise<void> {
    this.signer = new Wallet(privateKey, this.provider);
    if (this.authorized) await this.emit("accountsChanged", [this.address]);
  }

  /** Switches the wallet's network from the extension: pages get chainChanged. */
  async switchChain(chainId: number): Promise<void> {
    this.chainId = chainId;
    await this.emit("chainChanged", toHex(chainId));
  }

  /** The user disconnects the site in the extension. */
  async disconnect(): Promise<void> {
    this.authorized = false;
    await this.emit("accountsChanged", []);
  }

  private async emit(event: string, payload: unknown): Promise<void> {
    for (const context of this.contexts) {
      for (const page of context.pages()) {
        // A page that is navigating (or closing) gets the state on its next request: never wait on it.
        await Promise.race([
          page
            .evaluate(({ e, p }) => (window as unknown as WalletWindow).__mosaicTestWalletEmit?.(e, p), {
              e: event,
              p: payload as never,
            })
            .catch(() => {}),
          new Promise((resolve) => setTimeout(resolve, 5_000)),
        ]);
      }
    }
  }

  private async handle(request: {
    method: string;
    params?: unknown;
  }): Promise<{ result?: unknown; error?: ProviderError }> {
    const record: WalletRequest = { method: request.method, params: request.params, outcome: "ok" };
    this.requests.push(record);
    const rejection = this.rejections.findIndex((methods) => methods.includes(request.method));
    if (rejection >= 0) {
      this.rejections.splice(rejection, 1);
      record.outcome = "rejected";
      return { error: USER_REJECTED };
    }
    try {
      return { result: await this.answer(request.method, (request.params ?? []) as unknown[]) };
    } catch (error) {
      const e = error as { code?: number; message?: string; info?: { error?: ProviderError }; error?: ProviderError };
      const inner = e.info?.error ?? e.error;
      const answer: ProviderError = {
        code: inner?.code ?? (typeof e.code === "number" ? e.code : -32603),
        message: inner?.message ?? e.message ?? String(error),
      };
      record.outcome = answer.message;
      return { error: answer };
    }
  }

  private async answer(method: string, params: unknown[]): Promise<unknown> {
    switch (method) {
      case "eth_requestAccounts":
        this.authorized = true;
        return [this.address];
      case "eth_accounts":
        return this.authorized ? [this.address] : [];
      case "eth_chainId":
        return toHex(this.chainId);
      case "net_version":
        return String(this.chainId);
      case "wallet_requestPermissions":
        this.authorized = true;
        return [{ parentCapability: "eth_accounts" }];
      case "wallet_getPermissions":
        return this.authorized ? [{ parentCapability: "eth_accounts" }] : [];
      case "wallet_revokePermissions":
        this.authorized = false;
        return null;
      case "wallet_switchEthereumChain": {
        const chainId = Number((params[0] as { chainId: string }).chainId);
        if (chainId !== this.nodeChainId) throw providerError(4902, `Unrecognized chain ID ${toHex(chainId)}.`);
        if (chainId !== this.chainId) {
          this.chainId = chainId;
          await this.emit("chainChanged", toHex(chainId));
        }
        return null;
      }
      case "wallet_addEthereumChain":
        return null;
      case "personal_sign": {
        this.requireAuthorized();
        const [message, from] = params as [string, string];
        this.requireSelf(from);
        return this.signer.signMessage(isHexString(message) ? getBytes(message) : message);
      }
      case "eth_signTypedData_v4": {
        this.requireAuthorized();
        const [from, json] = params as [string, string];
        this.requireSelf(from);
        const typed = (typeof json === "string" ? JSON.parse(json) : json) as {
          domain: Record<string, unknown>;
          types: Record<string, { name: string; type: string }[]>;
          message: Record<string, unknown>;
        };
        const { EIP712Domain: _domain, ...types } = typed.types;
        return this.signer.signTypedData(typed.domain, types, typed.message);
      }
      case "eth_sendTransaction": {
        this.requireAuthorized();
        if (this.chainId !== this.nodeChainId) {
          throw providerError(-32603, `The test wallet is on chain ${this.chainId}, which has no node in this test.`);
        }
        const tx = params[0] as Record<string, string | undefined>;
        this.requireSelf(tx.from);
        const sent = await this.signer.sendTransaction({
          to: tx.to,
          data: tx.data ?? tx.input,
          value: tx.value ? BigInt(tx.value) : 0n,
          gasLimit: tx.gas ? BigInt(tx.gas) : undefined,
          chainId: this.nodeChainId,
        });
        return sent.hash;
      }
      case "eth_sign":
      case "eth_signTransaction":
        throw providerError(4200, `${method} is not supported by the test wallet.`);
      default:
        return this.provider.send(method, params);
    }
  }

  private requireAuthorized(): void {
    if (!this.authorized) throw providerError(4100, "The site is not connected to the test wallet.");
  }

  private requireSelf(from: string | undefined): void {
    if (from && getAddress(from) !== this.address) {
      throw providerError(4100, `The test wallet holds ${this.address}, not ${from}.`);
    }
  }
}

function providerError(code: number, message: string): ProviderError & Error {
  return Object.assign(new Error(message), { code });
}

function toHex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** Decodes personal_sign payloads for assertions: the SIWE text the page asked to sign. */
export function signedText(request: WalletRequest): string {
  const [message] = request.params as [string];
  return isHexString(message) ? toUtf8String(message) : message;
}

interface WalletWindow {
  __mosaicTestWallet(request: {
    method: string;
    params?: unknown;
  }): Promise<{ result?: unknown; error?: ProviderError }>;
  __mosaicTestWalletEmit?(event: string, payload: unknown): void;
  ethereum?: unknown;
}

/** Runs in the page before its scripts: the EIP-1193 provider and its EIP-6963 announcement. */
function pageProvider(config: { name: string; rdns: string; uuid: string; injectWindowEthereum: boolean }): void {
  const w = window as unknown as WalletWindow;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const provider = {
    isMosaicTestWallet: true,
    async request({ method, params }: { method: string; params?: unknown }) {
      const answer = await w.__mosaicTestWallet({ method, params });
      if (answer.error) {
        throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
      }
      return answer.result;
    },
    on(event: string, listener: (payload: unknown) => void) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return provider;
    },
    removeListener(event: string, listener: (payload: unknown) => void) {
      listeners.get(event)?.delete(listener);
      return provider;
    },
  };
  // As an extension's events arrive: on a later task, never inside the call that caused them.
  w.__mosaicTestWalletEmit = (event, payload) => {
    setTimeout(() => {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    });
  };
  const icon =
    "data:image/svg+xml;base64," +
    btoa(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#4b3fd6"/></svg>',
    );
  const detail = Object.freeze({
    info: Object.freeze({ uuid: config.uuid, name: config.name, icon, rdns: config.rdns }),
    provider,
  });
  const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
  if (config.injectWindowEthereum) w.ethereum = provider;
}
