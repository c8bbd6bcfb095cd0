import type { Metadata } from "next";
import Link from "next/link";
import { MarkInboxRead } from "@/components/inbox/mark-read";
import { NotificationSettings } from "@/components/inbox/notification-settings";
import { ConnectPrompt } from "@/components/wallet/connect-prompt";
import { formatDate } from "@/lib/format";
import { renderedInbox } from "@/server/inbox-reader";
import { NOTIFY_KIND_LABELS } from "@/server/notify/kinds";
import { settingsOf } from "@/server/notify/subscriptions";

export const metadata: Metadata = { title: "Inbox" };
export const dynamic = "force-dynamic";

const KIND_LABEL: Record<string, string> = {
  hired: "Hired",
  submission: "Submission",
  "change-request": "Change request",
  payment: "Payment",
  refund: "Refund",
  dispute: "Dispute",
  ruling: "Ruling",
  rating: "Rating",
  quote: "Quote",
  invitation: "Invitation",
  "counter-offer": "Counter-offer",
  deadline: "Deadline ahead",
};

export default async function InboxPage() {
  const inbox = await renderedInbox({ fresh: true });
  if (inbox.state === "signed-out") {
    return (
      <>
        <h1>Inbox</h1>
        <p>
          Your inbox lists what happens on your jobs: quotes, submissions, change requests, disputes, rulings, payments
          and review windows about to pay automatically. Connect your wallet, then choose “Sign in with Ethereum” in the
          account menu.
        </p>
        <ConnectPrompt current={null} what="your inbox" />
      </>
    );
  }
  if (inbox.state === "unavailable") {
    return (
      <>
        <h1>Inbox</h1>
        <p role="status">The index does not answer right now, so your inbox cannot be built. Try again in a minute.</p>
      </>
    );
  }
  const unread = new Set(inbox.unread.map((item) => item.id));
  const waiting = inbox.items.filter((item) => item.action).length;
  return (
    <>
      <h1>Inbox</h1>
      <p className="muted">
        {inbox.items.length === 0
          ? "Nothing yet: what happens on your jobs will appear here."
          : `${inbox.unread.length} unread, ${waiting} waiting for you.`}
      </p>
      <ul className="inbox-list" aria-label="Notifications">
        {inbox.items.map((item) => (
          <li key={item.id} className={`inbox-item${unread.has(item.id) ? " unread" : ""}`}>
            <p>
              <strong>{KIND_LABEL[item.kind]}</strong>
              {unread.has(item.id) && <span className="visually-hidden"> (unread)</span>}
              {item.action && <span className="badge"> Needs you</span>}
            </p>
            <p>
              <Link href={item.href ?? `/jobs/${item.jobId}`}>{item.text}</Link>
            </p>
            <p className="muted small">
              <time dateTime={new Date(item.at * 1000).toISOString()}>{formatDate(item.at)}</time>
            </p>
          </li>
        ))}
      </ul>
      {inbox.items.length > 0 && <MarkInboxRead at={inbox.items[0].at} />}
      <NotificationSettings initial={await settingsOf(inbox.address)} kinds={Object.entries(NOTIFY_KIND_LABELS)} />
    </>
  );
}
