/** The header's way to the inbox, with the unread count, for a signed-in visitor only. */
import Link from "next/link";
import { renderedInbox } from "@/server/inbox-reader";

export async function InboxLink() {
  const inbox = await renderedInbox();
  if (inbox.state === "signed-out") return null;
  const unread = inbox.state === "ready" ? inbox.unread.length : 0;
  const label = unread === 0 ? "Inbox, nothing unread" : `Inbox, ${unread} unread`;
  return (
    <Link href="/inbox" className="inbox-link" aria-label={label} title={label}>
      Inbox
      {unread > 0 && (
        <span className="badge" aria-hidden="true">
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}
