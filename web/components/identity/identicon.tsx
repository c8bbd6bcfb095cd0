/**
 * The picture of an address without an avatar: a 5×5 mirrored grid coloured from the address
 * itself, so the same address always looks the same and nothing is fetched.
 */
export function identiconCells(address: string): { hue: number; cells: boolean[] } {
  const hex = address.toLowerCase().replace(/^0x/, "").padEnd(40, "0");
  const hue = parseInt(hex.slice(0, 4), 16) % 360;
  const cells: boolean[] = [];
  for (let row = 0; row < 5; row++) {
    for (let col = 0; col < 5; col++) {
      const mirrored = col < 3 ? col : 4 - col;
      const nibble = parseInt(hex[4 + row * 3 + mirrored], 16);
      cells.push(nibble % 2 === 0);
    }
  }
  return { hue, cells };
}

export function Identicon({ address, size = 24 }: { address: string; size?: number }) {
  const { hue, cells } = identiconCells(address);
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 5 5"
      aria-hidden="true"
      className="identicon"
      style={{ background: `hsl(${hue} 30% 92%)`, borderRadius: "50%", flex: "none" }}
    >
      {cells.map((on, i) =>
        on ? <rect key={i} x={i % 5} y={Math.floor(i / 5)} width={1} height={1} fill={`hsl(${hue} 60% 38%)`} /> : null,
      )}
    </svg>
  );
}
