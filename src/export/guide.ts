import { createHash } from "node:crypto";
import { citedSources, currencyLine, publisherName, sourceTitle } from "../knowledge/answer.ts";
import type { KnowledgeBase, Topic, TopicContent } from "../knowledge/knowledge-base.ts";
import { CATEGORIES, type Category, type UiStrings } from "../knowledge/schema.ts";
import { formatDate } from "../text/dates.ts";
import { LANGUAGES, type Language } from "../text/language.ts";
import { guideIndexJson } from "./guide-index.ts";
import { GUIDE_SCRIPT } from "./guide-script.ts";
import { GUIDE_STYLE } from "./guide-style.ts";
import { blocksToHtml, escapeHtml, linkHtml, textHtml } from "./html.ts";

/** The offline guide as a file, ready to write to disk or send as a document. */
export interface GuideFile {
  fileName: string;
  mimeType: "text/html";
  html: string;
}

export interface GuideOptions {
  /** The export date printed in the page and its file name (the day, in UTC). */
  exportedAt: Date;
}

/**
 * The whole knowledge base as one self-contained HTML page people can keep and pass on when
 * Iran is cut off: every topic in English and Persian, grouped by category, each answer with
 * its dated sources and the day it was last checked.
 *
 * It makes no request of any kind: styles and script are inline and pinned by hash in a
 * Content-Security-Policy that allows nothing else. To find one's way in a long page: the
 * contents list the categories, each category opens with its own list of topics, and each
 * topic ends with links to its related topics and back to the contents. With scripts off, both
 * languages show and every link works; with scripts on, a language switch and a search box
 * appear, the search ranking topics as the bot does from an index shipped in the page.
 *
 * @example
 * const { kb } = await loadRouter(knowledgeDir());
 * await writeFile("guide.html", renderGuide(kb, { exportedAt: new Date() }).html);
 */
export function renderGuide(kb: KnowledgeBase, options: GuideOptions): GuideFile {
  const date = isoDay(options.exportedAt);
  const groups = CATEGORIES.map((category) => ({
    category,
    topics: [...kb.topics.values()].filter((topic) => topic.category === category),
  })).filter((group) => group.topics.length > 0);
  const ui = kb.ui;
  const csp = [
    "default-src 'none'",
    `style-src '${sha256(GUIDE_STYLE)}'`,
    `script-src '${sha256(GUIDE_SCRIPT)}'`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const html = `<!doctype html>
<html lang="en" dir="ltr" data-show="both">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(`${ui.en.guide.title} · ${ui.fa.guide.title}`)}</title>
<style>${GUIDE_STYLE}</style>
</head>
<body>
<header class="top">
<div class="pair">
${LANGUAGES.map((language) => header(ui[language], language, date)).join("\n")}
</div>
<div class="tools" id="tools" hidden>
<div class="switch" role="group" aria-label="Language · زبان">
<button type="button" data-lang="both" aria-pressed="true">English + فارسی</button>
<button type="button" data-lang="en" lang="en" aria-pressed="false">English</button>
<button type="button" data-lang="fa" lang="fa" aria-pressed="false">فارسی</button>
</div>
<input type="search" id="q" dir="auto" autocomplete="off" spellcheck="false" aria-label="${escapeHtml(`${ui.en.guide.search} · ${ui.fa.guide.search}`)}" placeholder="${escapeHtml(`${ui.en.guide.search} · ${ui.fa.guide.search}`)}">
<p id="none" class="bi" role="status" hidden>${both(ui, (strings) => escapeHtml(strings.guide.no_results))}</p>
<nav id="hits" hidden><p class="bi">${both(ui, (strings) => escapeHtml(strings.guide.results))}</p><ol></ol></nav>
</div>
</header>
<nav class="toc" id="toc">
<h2 class="bi">${both(ui, (strings) => escapeHtml(strings.guide.contents))}</h2>
<ul>
${groups.map(({ category }) => `<li>${categoryLink(ui, category)}</li>`).join("\n")}
</ul>
</nav>
<main>
${groups.map(({ category, topics }) => categorySection(kb, category, topics)).join("\n")}
</main>
<script type="application/json" id="index">${guideIndexJson(kb)}</script>
<script>${GUIDE_SCRIPT}</script>
</body>
</html>
`;
  return { fileName: guideFileName(options.exportedAt), mimeType: "text/html", html };
}

/** `panah-guide-2026-03-01.html`: dated, so people can tell an old copy from a new one. */
export function guideFileName(exportedAt: Date): string {
  return `panah-guide-${isoDay(exportedAt)}.html`;
}

function header(strings: UiStrings, language: Language, date: string): string {
  return `<div class="${language}" ${langAttributes(language)}>
<h1>${escapeHtml(strings.guide.title)}</h1>
<p>${escapeHtml(strings.guide.intro)}</p>
<p class="meta">${escapeHtml(strings.guide.exported.replace("{date}", formatDate(date, language)))}</p>
</div>`;
}

/** One string in both languages, each in its own element with its own direction. */
function both(
  ui: Record<Language, UiStrings>,
  html: (strings: UiStrings, language: Language) => string,
): string {
  return LANGUAGES.map(
    (language) =>
      `<span class="${language}" ${langAttributes(language)}>${html(ui[language], language)}</span>`,
  ).join("");
}

/** The contents' entry for a category: its name in both languages, leading to its section. */
function categoryLink(ui: Record<Language, UiStrings>, category: Category): string {
  return `<a href="#c-${category}" class="bi">${both(ui, (strings) => escapeHtml(strings.categories[category]))}</a>`;
}

/** A category's own contents: its topics, linked, in both languages. */
function categoryContents(topics: Topic[]): string {
  const links = topics.map(
    (topic) =>
      `<li>${LANGUAGES.flatMap((language) => {
        const content = topic.content[language];
        return content
          ? [
              topicLink(
                topic,
                content,
                language,
                ` class="${language}" ${langAttributes(language)}`,
              ),
            ]
          : [];
      }).join("")}</li>`,
  );
  return `<ul class="cat-toc">${links.join("")}</ul>`;
}

/** A link to a topic, by its title; `attributes` name the link's language where the page around it may not. */
function topicLink(
  topic: Topic,
  content: TopicContent,
  language: Language,
  attributes = "",
): string {
  return `<a href="#${anchor(topic)}"${attributes}>${textHtml(content.title, language)}</a>`;
}

function categorySection(kb: KnowledgeBase, category: Category, topics: Topic[]): string {
  return `<section class="category" id="c-${category}">
<h2 class="cat bi">${both(kb.ui, (strings) => escapeHtml(strings.categories[category]))}</h2>
${categoryContents(topics)}
${topics.map((topic) => topicArticle(kb, topic)).join("\n")}
</section>`;
}

/**
 * One topic: its English and Persian answers side by side (stacked on a phone). The search
 * finds it by its examples and keywords through the page's index, not by markup here.
 */
function topicArticle(kb: KnowledgeBase, topic: Topic): string {
  const sections = LANGUAGES.flatMap((language) => {
    const content = topic.content[language];
    return content ? [topicSection(kb, topic, content, language)] : [];
  });
  return `<article class="topic" id="${anchor(topic)}">
${sections.join("\n")}
</article>`;
}

function topicSection(
  kb: KnowledgeBase,
  topic: Topic,
  content: TopicContent,
  language: Language,
): string {
  const strings = kb.ui[language];
  return `<section class="${language}" ${langAttributes(language)}>
<h3>${textHtml(content.title, language)}</h3>
${blocksToHtml(content.blocks, language)}
${sourcesFooter(kb, topic, strings, language)}
${topicNavigation(kb, topic, strings, language)}
</section>`;
}

/**
 * Where to go from a topic: its related topics (those written in this language), and back to
 * the contents, so nobody has to scroll a long page back up to find the next answer.
 */
function topicNavigation(
  kb: KnowledgeBase,
  topic: Topic,
  strings: UiStrings,
  language: Language,
): string {
  const related = topic.related.flatMap((id) => {
    const other = kb.topics.get(id);
    const content = other?.content[language];
    return other && content ? [topicLink(other, content, language)] : [];
  });
  const comma = language === "fa" ? "، " : ", ";
  const list =
    related.length > 0
      ? `<p class="rel">${escapeHtml(strings.related)} ${related.join(comma)}</p>`
      : "";
  return `${list}<p class="back"><a href="#toc">${escapeHtml(strings.guide.back)}</a></p>`;
}

/**
 * The answer's sources in full with their dates, and how current it is. The guide is what
 * people keep when they are cut off, so it lists every source (the chat shows a compact line).
 * Each title and publisher is isolated with `<bdi>`: a source is often in the other
 * language's script, and would otherwise scramble its parentheses.
 */
function sourcesFooter(
  kb: KnowledgeBase,
  topic: Topic,
  strings: UiStrings,
  language: Language,
): string {
  const comma = language === "fa" ? "،" : ",";
  const items = citedSources(kb, topic).map(
    (source) =>
      `<li>${linkHtml(sourceTitle(source, language), source.url)} (<bdi>${escapeHtml(publisherName(kb, source, language))}</bdi>${comma} ${escapeHtml(formatDate(source.date, language))})</li>`,
  );
  const list = items.length > 0 ? `${escapeHtml(strings.sources)}<ul>${items.join("")}</ul>` : "";
  return `<div class="src">${list}<p>${escapeHtml(currencyLine(kb, topic, language))}</p></div>`;
}

function langAttributes(language: Language): string {
  return language === "fa" ? 'lang="fa" dir="rtl"' : 'lang="en" dir="ltr"';
}

function anchor(topic: Topic): string {
  return `t-${topic.id}`;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function sha256(text: string): string {
  return `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;
}
