import type { InboxKind } from "../inbox.ts";

/** Every inbox kind with its label, in the order the settings list them. */
export const NOTIFY_KIND_LABELS: Record<InboxKind, string> = {
  quote: "Quotes",
  invitation: "Invitations",
  "counter-offer": "Counter-offers",
  hired: "Hires",
  submission: "Submissions",
  "change-request": "Change requests",
  deadline: "Review windows ending",
  dispute: "Disputes",
  ruling: "Rulings",
  payment: "Payments",
  refund: "Refunds",
  rating: "Ratings",
};

export const NOTIFY_KINDS = Object.keys(NOTIFY_KIND_LABELS) as InboxKind[];
