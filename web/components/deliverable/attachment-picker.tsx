"use client";
/**
 * Files a vendor attaches to a deliverable: checked against the size limit in the browser, uploaded
 * one by one to the job's attachment route (stored by CID), then listed in the deliverable document.
 */
import { useState } from "react";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, type DeliverableAttachment } from "@mosaic/sdk/documents";
import { useSiweSession } from "@/components/wallet/siwe-session";

const LIMIT = `${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB`;

export function useAttachmentPicker(jobId: string, index: number) {
  const session = useSiweSession();
  const [files, setFiles] = useState<File[]>([]);
  const id = `attachments-${jobId}-${index}`;

  /** Uploads the chosen files; answers their entries for the deliverable, or why not. */
  const upload = async (): Promise<DeliverableAttachment[] | string> => {
    if (files.length > MAX_ATTACHMENTS) return `attach at most ${MAX_ATTACHMENTS} files`;
    const big = files.find((f) => f.size > MAX_ATTACHMENT_BYTES);
    if (big) return `${big.name} is too large: at most ${LIMIT} per file`;
    if (files.length > 0 && session.state.status !== "signed-in" && !(await session.signIn())) {
      return "sign in with Ethereum to upload the files; nothing was sent";
    }
    const out: DeliverableAttachment[] = [];
    for (const file of files) {
      const response = await fetch(`/api/jobs/${jobId}/attachments`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: file,
      });
      const body = (await response.json().catch(() => ({}))) as { cid?: string; type?: string; error?: string };
      if (!response.ok || !body.cid)
        return `${file.name} could not be stored: ${body.error ?? `HTTP ${response.status}`}`;
      out.push({
        cid: body.cid,
        name: file.name.slice(0, 200) || body.cid,
        type: body.type ?? "application/octet-stream",
        size: file.size,
      });
    }
    return out;
  };

  const field = (
    <div className="field">
      <label htmlFor={id}>
        Files for milestone {index + 1} (images, PDFs, archives; at most {LIMIT} each)
      </label>
      <input id={id} type="file" multiple onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
    </div>
  );
  return { field, upload, clear: () => setFiles([]) };
}
