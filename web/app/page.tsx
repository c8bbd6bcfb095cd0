export default function JobBoard() {
  return <h1>Open jobs</h1>;
}
