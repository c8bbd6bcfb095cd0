/** `datetime-local` values (the browser's time zone) to and from unix seconds. */
export function toUnix(local: string): number {
  return Math.floor(new Date(local).getTime() / 1000);
}

export function localInput(unix: number): string {
  const d = new Date(unix * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
