// A self-contained query page (no CDN can be reached here): an editor, variables, and
// the JSON answer. Enough to explore; the graphiql npm package could replace it later.

export function graphiqlPage(endpoint: string, title: string): string {
  const example = `{
  _meta {
    block { number hash timestamp }
    deployment
    hasIndexingErrors
  }
}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · GraphQL</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; display: grid; grid-template-rows: auto 1fr; height: 100vh; }
  header { display: flex; gap: 1rem; align-items: center; padding: .5rem 1rem; border-bottom: 1px solid #8884; }
  header h1 { font-size: 1rem; margin: 0; font-weight: 600; }
  header code { opacity: .7; }
  button { font: inherit; padding: .35rem 1rem; cursor: pointer; }
  main { display: grid; grid-template-columns: 1fr 1fr; min-height: 0; }
  section { display: grid; grid-template-rows: 1fr auto auto; min-height: 0; border-right: 1px solid #8884; }
  textarea, pre { font: 13px/1.45 ui-monospace, monospace; margin: 0; padding: .75rem; border: 0; resize: none; background: transparent; color: inherit; }
  textarea:focus { outline: none; }
  label { font-size: .8rem; padding: .25rem .75rem; border-top: 1px solid #8884; opacity: .8; }
  #variables { height: 6rem; }
  pre { overflow: auto; white-space: pre-wrap; }
</style>
</head>
<body>
<header>
  <h1>${escapeHtml(title)}</h1>
  <code>${escapeHtml(endpoint)}</code>
  <button id="run" title="Ctrl+Enter">Run ▶</button>
</header>
<main>
  <section>
    <textarea id="query" spellcheck="false" aria-label="Query">${escapeHtml(example)}</textarea>
    <label for="variables">Variables (JSON)</label>
    <textarea id="variables" spellcheck="false">{}</textarea>
  </section>
  <pre id="result" aria-live="polite">Press Run (Ctrl+Enter) to execute the query.</pre>
</main>
<script>
  const query = document.getElementById("query");
  const variables = document.getElementById("variables");
  const result = document.getElementById("result");
  const saved = localStorage.getItem("mosaic-graphiql-query");
  if (saved) query.value = saved;
  async function run() {
    localStorage.setItem("mosaic-graphiql-query", query.value);
    let vars;
    try { vars = JSON.parse(variables.value || "{}"); } catch (e) { result.textContent = "Variables are not valid JSON: " + e.message; return; }
    result.textContent = "…";
    try {
      const response = await fetch(${JSON.stringify(endpoint)}, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: query.value, variables: vars }),
      });
      result.textContent = JSON.stringify(await response.json(), null, 2);
    } catch (e) {
      result.textContent = "Request failed: " + e.message;
    }
  }
  document.getElementById("run").addEventListener("click", run);
  document.addEventListener("keydown", (e) => { if ((e.ctrlKey || e.metaKey) && e.key === "Enter") run(); });
</script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}
