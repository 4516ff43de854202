import { LANGUAGES } from "../text/language.ts";
import type { ParsedKnowledge } from "./checks.ts";
import { isInsideDomains } from "./links.ts";
import { linksIn } from "./markup.ts";
import type { Problem } from "./problems.ts";

/**
 * Original publishers only. For an audience that phishing targets, a link to a syndicated copy,
 * a mirror, a staging server or a shortener teaches the wrong habit, so every source names its
 * publisher, the publisher names its official domains, and a source's link must stay inside
 * them. Links written in answers must go to some publisher's official domain too. The domains
 * live in the knowledge base, beside the sources, so maintainers keep them, not the code.
 */
export function checkPublishers(parsed: ParsedKnowledge): Problem[] {
  const problems: Problem[] = [];
  const publishers = new Map<string, { domains: string[]; file: string; same: string }>();
  for (const { yaml, value } of parsed.sources)
    value.publishers.forEach((publisher, i) => {
      const earlier = publishers.get(publisher.id);
      const same = JSON.stringify(publisher);
      if (!earlier)
        publishers.set(publisher.id, { domains: publisher.domains, file: yaml.file, same });
      else
        problems.push(
          earlier.same === same
            ? yaml.error(
                ["publishers", i, "id"],
                `publisher "${publisher.id}" is also listed, identically, in ${earlier.file}: keep one`,
                "warning",
              )
            : yaml.error(
                ["publishers", i, "id"],
                `duplicate publisher id "${publisher.id}" (also in ${earlier.file}) with other details: keep one entry`,
              ),
        );
    });

  // Two ids for one page make an answer's source line list it twice and split its date checks.
  const pages = new Map<string, string>();
  for (const { yaml, value } of parsed.sources)
    value.sources.forEach((source, i) => {
      const earlier = pages.get(source.url);
      if (earlier)
        problems.push(
          yaml.error(
            ["sources", i, "url"],
            `"${source.id}" links to the same page as "${earlier}": keep one id and cite it everywhere`,
            "warning",
          ),
        );
      else pages.set(source.url, source.id);
      const publisher = publishers.get(source.publisher);
      if (!publisher) {
        problems.push(
          yaml.error(
            ["sources", i, "publisher"],
            `publisher "${source.publisher}" is not listed under publishers: add it with its official domains, or fix the id`,
          ),
        );
        return;
      }
      if (!isInsideDomains(source.url, publisher.domains))
        problems.push(
          yaml.error(
            ["sources", i, "url"],
            `${hostOf(source.url)} is not one of ${source.publisher}'s domains (${publisher.domains.join(", ")}): link to the original publisher's page, not a copy, mirror or shortener`,
          ),
        );
    });

  const everyDomain = [...publishers.values()].flatMap((p) => p.domains);
  for (const { yaml, value } of parsed.topics)
    for (const language of LANGUAGES) {
      const answer = value[language]?.answer;
      if (!answer) continue;
      for (const url of linksIn(answer))
        if (!isInsideDomains(url, everyDomain))
          problems.push(
            yaml.error(
              [language, "answer"],
              `the link ${url} goes to ${hostOf(url)}, which no publisher in knowledge/sources/ lists as its domain: link to the official site, or add its publisher`,
            ),
          );
    }
  return problems;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}
