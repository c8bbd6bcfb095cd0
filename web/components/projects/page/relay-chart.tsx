/**
 * A relay part's 24 hours on the client's clock: a strip of the day (one cell per local hour,
 * shaded by the minutes covered) and, for reading, the same hours as a table with the shifts on
 * duty; uncovered runs are listed as gaps. Figures are the registry's `coverageOf` minutes.
 */
import { clockTime, utcOffsetLabel, type RelayChart } from "@/server/projects/read";

const SHIFT_COLOURS = ["#2f6fb5", "#2e8b57", "#b8741a"];

export function RelayChartView({
  chart,
  part,
  utcOffsetMinutes,
}: {
  chart: RelayChart;
  part: number;
  utcOffsetMinutes: number;
}) {
  const zone = utcOffsetLabel(utcOffsetMinutes);
  return (
    <figure aria-labelledby={`relay-${part}-caption`} style={{ margin: 0 }}>
      <figcaption id={`relay-${part}-caption`}>
        Relay coverage over 24 hours ({zone}, the client&apos;s time):{" "}
        <strong data-testid={`relay-${part}-covered`} data-minutes={chart.coveredMinutes}>
          {Math.floor(chart.coveredMinutes / 60)} h {chart.coveredMinutes % 60} min of 24 h covered
        </strong>
      </figcaption>
      <div aria-hidden="true" style={{ display: "flex", width: "100%", margin: "0.5rem 0" }}>
        {chart.hours.map((h) => (
          <span
            key={h.hour}
            title={`${clockTime(h.hour * 60)}: ${h.covered} min`}
            style={{
              flex: "1 1 0",
              minWidth: 0,
              height: "1.5rem",
              borderRight: "1px solid #fff",
              background:
                h.covered === 0
                  ? "#d64545"
                  : h.covered < 60
                    ? "#e8a33d"
                    : SHIFT_COLOURS[h.shifts[0] % SHIFT_COLOURS.length],
              opacity: h.working ? 1 : 0.75,
            }}
          />
        ))}
      </div>
      {chart.gaps.length === 0 ? (
        <p className="ok small" data-testid={`relay-${part}-gaps`}>
          No gap: every minute of the day is covered.
        </p>
      ) : (
        <ul className="error small" data-testid={`relay-${part}-gaps`} aria-label={`Coverage gaps of part ${part + 1}`}>
          {chart.gaps.map((g) => (
            <li key={g.start}>
              Gap {clockTime(g.start)}–{clockTime(g.end)} ({g.end - g.start} min uncovered)
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>Hour by hour</summary>
        <table aria-label={`Relay hours of part ${part + 1}`}>
          <thead>
            <tr>
              <th scope="col">Hour ({zone})</th>
              <th scope="col">On duty</th>
              <th scope="col">Covered</th>
            </tr>
          </thead>
          <tbody>
            {chart.hours.map((h) => (
              <tr
                key={h.hour}
                data-testid={`relay-${part}-hour-${h.hour}`}
                data-minutes={h.covered}
                className={h.covered < 60 ? "error" : undefined}
              >
                <td>
                  {clockTime(h.hour * 60)}
                  {h.working ? " (working hours)" : ""}
                </td>
                <td>{h.shifts.length ? h.shifts.map((s) => `shift ${s + 1}`).join(", ") : "nobody: gap"}</td>
                <td>{h.covered} min</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
