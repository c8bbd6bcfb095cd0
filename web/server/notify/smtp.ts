/**
 * E-mail delivery through SMTP (nodemailer), configured by SMTP_URL (`smtp://user:pass@host:587`,
 * `smtps://…:465`); off when unset. The sender is SMTP_FROM (default `Mosaic <notifications@localhost>`).
 */
import type { Transporter } from "nodemailer";

export function emailEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.SMTP_URL);
}

let transport: { url: string; transporter: Promise<Transporter> } | undefined;

function transporter(url: string, timeoutMs: number): Promise<Transporter> {
  if (transport?.url !== url) {
    transport = {
      url,
      // Loaded only when e-mail is configured.
      transporter: import("nodemailer").then((nodemailer) =>
        nodemailer.createTransport({
          url,
          connectionTimeout: timeoutMs,
          greetingTimeout: timeoutMs,
          socketTimeout: timeoutMs,
        }),
      ),
    };
  }
  return transport.transporter;
}

export async function sendEmail(
  message: { to: string; subject: string; text: string; headers?: Record<string, string> },
  timeoutMs: number,
): Promise<void> {
  const url = process.env.SMTP_URL;
  if (!url) throw new Error("e-mail delivery is off on this server (SMTP_URL is not set)");
  const mailer = await transporter(url, timeoutMs);
  await mailer.sendMail({
    from: process.env.SMTP_FROM || "Mosaic <notifications@localhost>",
    to: message.to,
    subject: message.subject,
    text: message.text,
    headers: message.headers,
  });
}
