/** The header's way to the inbox, with the unread count, for a signed-in visitor only. */
import Link from "next/link";
import { renderedInbox } from "@/server/inbox-reader";

export async function InboxLink() {
  const inbox = await renderedInbox();
  if (inbox.state === "signed-out") return null;
  const unread = inbox.state === "ready" ? inbox.unread.length : 0;
  // The accessible name is the visible text ("Inbox 3") and the word that explains the number.
  return (
    <Link href="/inbox" className="inbox-link">
      Inbox
      {unread > 0 && (
        <>
          {" "}
          <span className="badge">{unread > 99 ? "99+" : unread}</span>
          <span className="visually-hidden"> unread</span>
        </>
      )}
    </Link>
  );
}
