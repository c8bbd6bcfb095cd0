/**
 * Common decompositions of a demand: each fills the parts (title, skills, hours or a relay,
 * milestones, dependency on an earlier part and a share of the total budget); the client edits
 * them freely afterwards.
 */
export interface PartTemplate {
  title: string;
  skills: string[];
  /** Hours of work; null for a relay part. */
  hours: number | null;
  /** Days a relay runs; null for an ordinary part. */
  relayDays: number | null;
  milestones: string[];
  /** 1 + the index of an earlier part it waits for; 0 for none. */
  dependsOn: number;
  /** Share of the project's budget the part gets (the shares add up to at most 1). */
  budgetShare: number;
}

export interface ProjectTemplate {
  id: string;
  name: string;
  parts: PartTemplate[];
}

export const TEMPLATES: readonly ProjectTemplate[] = [
  {
    id: "web-app",
    name: "Web app: design, frontend, backend, QA",
    parts: [
      {
        title: "Design",
        skills: ["ui-design"],
        hours: 40,
        relayDays: null,
        milestones: ["Wireframes", "Visual design"],
        dependsOn: 0,
        budgetShare: 0.2,
      },
      {
        title: "Frontend",
        skills: ["react", "typescript"],
        hours: 80,
        relayDays: null,
        milestones: ["Screens", "Integration"],
        dependsOn: 1,
        budgetShare: 0.3,
      },
      {
        title: "Backend",
        skills: ["node", "postgres"],
        hours: 80,
        relayDays: null,
        milestones: ["API", "Deployment"],
        dependsOn: 0,
        budgetShare: 0.3,
      },
      {
        title: "QA",
        skills: ["qa"],
        hours: 24,
        relayDays: null,
        milestones: ["Test plan and report"],
        dependsOn: 2,
        budgetShare: 0.1,
      },
    ],
  },
  {
    id: "data-labelling",
    name: "Data-labelling batch: labelling + review",
    parts: [
      {
        title: "Labelling",
        skills: ["data-labelling"],
        hours: 60,
        relayDays: null,
        milestones: ["First half", "Second half"],
        dependsOn: 0,
        budgetShare: 0.6,
      },
      {
        title: "Review",
        skills: ["quality-review"],
        hours: 16,
        relayDays: null,
        milestones: ["Review report"],
        dependsOn: 1,
        budgetShare: 0.2,
      },
    ],
  },
  {
    id: "support-relay",
    name: "24/7 support relay",
    parts: [
      {
        title: "Support",
        skills: ["customer-support"],
        hours: null,
        relayDays: 7,
        milestones: ["Week of cover"],
        dependsOn: 0,
        budgetShare: 0.9,
      },
    ],
  },
];
