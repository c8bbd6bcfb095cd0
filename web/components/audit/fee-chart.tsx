/** Fees by day or week for one token: a bar chart drawn on the server (no script), with a table behind it. */
import { formatDate, formatUnits } from "@/lib/format";
import type { FeeSeries } from "@/lib/audit/fees";

const WIDTH = 640;
const HEIGHT = 180;
const PAD = 28;

export function FeeChart({ series, bucket }: { series: FeeSeries; bucket: "day" | "week" }) {
  const { token, points } = series;
  const max = points.reduce((m, p) => (p.feesAccrued > m ? p.feesAccrued : m), 0n);
  const slot = (WIDTH - PAD) / Math.max(1, points.length);
  const bar = Math.max(1, slot * 0.7);
  const label = `Platform fees accrued in ${token.symbol} per ${bucket}: total ${formatUnits(series.total, token.decimals)} ${token.symbol}`;
  const captionId = `fees-${token.address}`;
  return (
    <figure className="card" aria-labelledby={captionId}>
      <figcaption id={captionId}>
        <strong>{token.symbol}</strong>: {formatUnits(series.total, token.decimals)} {token.symbol} in fees over the
        period
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={label} style={{ maxWidth: WIDTH }}>
        <line x1={PAD} y1={HEIGHT - PAD} x2={WIDTH} y2={HEIGHT - PAD} stroke="#4a5866" />
        {points.map((p, i) => {
          const h = max === 0n ? 0 : (Number((p.feesAccrued * 1000n) / max) / 1000) * (HEIGHT - 2 * PAD);
          return (
            <rect
              key={p.start}
              x={PAD + i * slot + (slot - bar) / 2}
              y={HEIGHT - PAD - h}
              width={bar}
              height={h}
              fill="#0b5cad"
            >
              <title>{`${formatDate(p.start).slice(0, 10)}: ${formatUnits(p.feesAccrued, token.decimals)} ${token.symbol}`}</title>
            </rect>
          );
        })}
        <text x={PAD} y={HEIGHT - 8} fontSize="12" fill="#14202b">
          {points.length ? formatDate(points[0].start).slice(0, 10) : ""}
        </text>
        <text x={WIDTH} y={HEIGHT - 8} fontSize="12" fill="#14202b" textAnchor="end">
          {points.length ? formatDate(points[points.length - 1].start).slice(0, 10) : ""}
        </text>
        <text x={PAD} y={16} fontSize="12" fill="#14202b">
          max {formatUnits(max, token.decimals)} {token.symbol}
        </text>
      </svg>
      <details>
        <summary>
          Fees of each {bucket} in {token.symbol} as a table
        </summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{bucket === "week" ? "Week from" : "Day"}</th>
              <th scope="col">Fees accrued</th>
              <th scope="col">Fees collected</th>
              <th scope="col">Paid to vendors</th>
            </tr>
          </thead>
          <tbody>
            {points
              .filter((p) => p.feesAccrued || p.feesCollected || p.paidToVendors)
              .map((p) => (
                <tr key={p.start}>
                  <td>{formatDate(p.start).slice(0, 10)}</td>
                  <td>{formatUnits(p.feesAccrued, token.decimals)}</td>
                  <td>{formatUnits(p.feesCollected, token.decimals)}</td>
                  <td>{formatUnits(p.paidToVendors, token.decimals)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
