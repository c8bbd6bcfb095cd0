/**
 * Markdown of deliverables and messages, rendered on the server with markdown-it: raw HTML is
 * escaped (never rendered), images are not loaded from elsewhere, and links keep only http(s) and
 * mailto targets (a `javascript:` link stays text).
 */
import MarkdownIt from "markdown-it";

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
md.disable(["image"]);
md.validateLink = (url: string) => SAFE_LINK.test(url.trim());

const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
md.renderer.rules.link_open = (tokens, i, options, env, self) => {
  tokens[i].attrSet("rel", "noopener noreferrer nofollow ugc");
  tokens[i].attrSet("target", "_blank");
  return defaultLinkOpen(tokens, i, options, env, self);
};

/** Safe HTML for `text`. */
export function renderMarkdown(text: string): string {
  return md.render(text);
}
