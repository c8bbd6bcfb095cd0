export interface PostJobOptions {
  skills: { tag: `0x${string}`; name: string }[];
  tokens: { address: `0x${string}`; symbol: string; decimals: number; isEther: boolean }[];
  defaultArbiter: { address: `0x${string}`; feeBps: number } | null;
  feeBps: number;
  chainNow: number;
  maxMilestones: number;
  minReviewDays: number;
  maxReviewDays: number;
  maxArbiterFeeBps: number;
  /** The operator paused new business: the form says so and sends nothing. */
  paused?: boolean;
}
