/**
 * The vocabulary of the demo marketplace: skills grouped into specialties, what clients in each
 * specialty ask for, where vendors live, and what they are called.
 */

/** A specialty: the skills its vendors list and the work its clients post. */
export interface Specialty {
  name: string;
  /** Core skills: every vendor of the specialty lists most of them. */
  skills: readonly string[];
  /** Hourly rates in US dollars (low, high). */
  rate: readonly [number, number];
  /** Job titles; `{x}` is filled from `subjects`. */
  titles: readonly string[];
  subjects: readonly string[];
  /** Milestone names, in order. */
  milestones: readonly string[];
}

export const SPECIALTIES: readonly Specialty[] = [
  {
    name: "Smart contracts",
    skills: ["solidity", "smart-contract-audit", "foundry", "hardhat", "defi", "evm", "zk-proofs"],
    rate: [90, 220],
    titles: ["Audit our {x}", "Build an upgradeable {x}", "Gas-optimise the {x}", "Write invariant tests for the {x}"],
    subjects: [
      "ERC-4626 vault",
      "staking contract",
      "NFT marketplace",
      "token vesting module",
      "DAO governor",
      "bridge adapter",
    ],
    milestones: ["Specification review", "Implementation", "Test suite", "Audit fixes and report"],
  },
  {
    name: "Web front end",
    skills: ["typescript", "react", "nextjs", "tailwind", "wagmi", "viem", "accessibility"],
    rate: [45, 140],
    titles: ["Build a {x}", "Redesign the {x}", "Port the {x} to Next.js", "Make the {x} accessible"],
    subjects: [
      "wallet dashboard",
      "checkout flow",
      "analytics console",
      "onboarding wizard",
      "docs site",
      "DAO voting page",
    ],
    milestones: ["Wireframes", "Components", "Integration", "Polish and handover"],
  },
  {
    name: "Back end and data",
    skills: ["nodejs", "postgresql", "graphql", "rust", "go", "subgraph", "kubernetes"],
    rate: [55, 160],
    titles: ["Build a {x}", "Scale the {x}", "Migrate the {x} to Postgres", "Index the {x} with a subgraph"],
    subjects: [
      "payments API",
      "event indexer",
      "notification service",
      "search backend",
      "rate limiter",
      "reporting pipeline",
    ],
    milestones: ["Design doc", "Core service", "Load tests", "Deployment"],
  },
  {
    name: "Design",
    skills: ["ui-design", "ux-research", "figma", "branding", "illustration", "motion-design"],
    rate: [35, 120],
    titles: ["Design a {x}", "Refresh our {x}", "Run user research for the {x}", "Illustrate the {x}"],
    subjects: ["brand identity", "mobile app", "landing page", "design system", "pitch deck", "marketing site"],
    milestones: ["Research", "Concepts", "High-fidelity designs", "Assets and handoff"],
  },
  {
    name: "Content and growth",
    skills: ["technical-writing", "copywriting", "seo", "translation", "community-management", "video-editing"],
    rate: [25, 90],
    titles: ["Write {x}", "Translate {x}", "Produce {x}", "Grow {x}"],
    subjects: [
      "developer docs",
      "a launch blog series",
      "tutorial videos",
      "the Discord community",
      "the changelog",
      "a whitepaper",
    ],
    milestones: ["Outline", "First draft", "Revisions", "Final delivery"],
  },
  {
    name: "Data science",
    skills: ["python", "machine-learning", "data-analysis", "sql", "dune-analytics"],
    rate: [60, 180],
    titles: ["Build a {x}", "Analyse {x}", "Forecast {x}", "Dashboard for {x}"],
    subjects: [
      "fraud model",
      "on-chain user cohorts",
      "token emissions",
      "protocol revenue",
      "churn",
      "liquidity flows",
    ],
    milestones: ["Data audit", "Model", "Evaluation", "Report"],
  },
];

/** Every skill in the catalogue (about 40), in a stable order. */
export const ALL_SKILLS: readonly string[] = [...new Set(SPECIALTIES.flatMap((s) => s.skills))];

/** Timezones vendors live in, as UTC offsets in minutes, with a city for the profile. */
export const TIMEZONES: readonly { offset: number; city: string }[] = [
  { offset: -480, city: "San Francisco" },
  { offset: -420, city: "Denver" },
  { offset: -360, city: "Mexico City" },
  { offset: -300, city: "New York" },
  { offset: -180, city: "São Paulo" },
  { offset: -180, city: "Buenos Aires" },
  { offset: 0, city: "Lisbon" },
  { offset: 0, city: "London" },
  { offset: 60, city: "Berlin" },
  { offset: 60, city: "Lagos" },
  { offset: 120, city: "Kyiv" },
  { offset: 120, city: "Cairo" },
  { offset: 180, city: "Nairobi" },
  { offset: 240, city: "Dubai" },
  { offset: 330, city: "Bangalore" },
  { offset: 345, city: "Kathmandu" },
  { offset: 420, city: "Ho Chi Minh City" },
  { offset: 480, city: "Singapore" },
  { offset: 540, city: "Seoul" },
  { offset: 600, city: "Sydney" },
  { offset: 780, city: "Auckland" },
];

export const FIRST_NAMES: readonly string[] = [
  "Ada",
  "Bayo",
  "Chen",
  "Dara",
  "Elif",
  "Femi",
  "Greta",
  "Hiro",
  "Ines",
  "Jonas",
  "Kavya",
  "Lars",
  "Mei",
  "Nadia",
  "Omar",
  "Priya",
  "Quinn",
  "Rafael",
  "Sana",
  "Tomás",
  "Uma",
  "Viktor",
  "Wen",
  "Ximena",
  "Yusuf",
  "Zofia",
];

export const LAST_NAMES: readonly string[] = [
  "Okafor",
  "Lindqvist",
  "Nakamura",
  "Haddad",
  "Kowalski",
  "Mensah",
  "Ferreira",
  "Iyer",
  "Novak",
  "Schmidt",
  "Tanaka",
  "Adeyemi",
  "Costa",
  "Petrov",
  "Rahman",
  "Moreau",
  "Kim",
  "Silva",
  "Walsh",
  "Yilmaz",
];

export const COMPANIES: readonly string[] = [
  "Northwind Labs",
  "Helix DAO",
  "Quartz Finance",
  "Bluefin Games",
  "Orbit Wallet",
  "Lattice Health",
  "Meridian Exchange",
  "Pinecone Studio",
  "Atlas Protocol",
  "Kestrel Analytics",
  "Solstice NFT",
  "Tidewater Co-op",
  "Granite Systems",
  "Lumen Media",
  "Cobalt Insurance",
  "Foxglove Ventures",
];

/** Demo price used to quote ETH jobs from dollar budgets. */
export const USD_PER_ETH = 3000;
