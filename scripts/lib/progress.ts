/**
 * A one-line progress bar on stderr: `[#####.....] 120/200 jobs · 40 done · posting jobs`.
 * Redraws in place on a terminal; elsewhere (CI logs, pipes) prints a line each time the label
 * changes, so logs stay short. The note (between count and label) never triggers a line.
 */
export class ProgressBar {
  private readonly total: number;
  private readonly unit: string;
  private readonly width: number;
  private readonly tty: boolean;
  private done = 0;
  private label = "";
  private note = "";
  private lastDraw = 0;
  private lastLine = "";

  constructor(total: number, unit: string, width = 30) {
    this.total = Math.max(total, 1);
    this.unit = unit;
    this.width = width;
    this.tty = Boolean(process.stderr.isTTY);
  }

  /** Moves the bar to `done` and optionally changes the label and the note. */
  update(done: number, label?: string, note?: string): void {
    this.done = Math.min(done, this.total);
    if (note !== undefined) this.note = note;
    const labelChanged = label !== undefined && label !== this.label;
    if (label !== undefined) this.label = label;
    if (this.tty) {
      // Redrawing more than ~20 times a second only costs time.
      const now = Date.now();
      if (!labelChanged && now - this.lastDraw < 50 && this.done < this.total) return;
      this.lastDraw = now;
      process.stderr.write(`\r${this.render()}\x1b[K`);
    } else if (labelChanged) {
      this.print();
    }
  }

  /** Draws the final state and ends the line. */
  finish(label?: string): void {
    if (label !== undefined) this.label = label;
    if (this.tty) process.stderr.write(`\r${this.render()}\x1b[K\n`);
    else if (this.render() !== this.lastLine) this.print();
  }

  private print(): void {
    this.lastLine = this.render();
    process.stderr.write(`${this.lastLine}\n`);
  }

  private render(): string {
    const filled = Math.round((this.done / this.total) * this.width);
    const bar = "#".repeat(filled) + ".".repeat(this.width - filled);
    return [`[${bar}] ${this.done}/${this.total} ${this.unit}`, this.note, this.label].filter(Boolean).join(" · ");
  }
}
