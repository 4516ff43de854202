import { describe, expect, it } from "vitest";
import { isInsideDomains } from "../../src/knowledge/links.ts";
import { loadKnowledge } from "../../src/knowledge/loader.ts";
import { formatProblem } from "../../src/knowledge/problems.ts";
import { copyOfFixture } from "../helpers/knowledge.ts";

describe("isInsideDomains", () => {
  it("accepts the publisher's domain and its subdomains", () => {
    expect(isInsideDomains("https://blog.cloudflare.com/x", ["cloudflare.com"])).toBe(true);
    expect(isInsideDomains("https://www.filter.watch/english/", ["filter.watch"])).toBe(true);
  });

  it("refuses copies, look-alike hosts and staging servers", () => {
    expect(isInsideDomains("https://newapp.site/techradar-story", ["techradar.com"])).toBe(false);
    expect(isInsideDomains("https://evilcloudflare.com/x", ["cloudflare.com"])).toBe(false);
    expect(isInsideDomains("https://ioda-dev.example.org/x", ["ioda.example.org"])).toBe(false);
  });

  it("keeps a publisher on a shared site inside its own path", () => {
    const net4people = ["github.com/net4people"];
    expect(isInsideDomains("https://github.com/net4people/bbs/issues/586", net4people)).toBe(true);
    expect(isInsideDomains("https://github.com/someone-else/bbs", net4people)).toBe(false);
    expect(isInsideDomains("https://github.com/net4peoplefake/x", net4people)).toBe(false);
  });
});

async function problemsOf(dir: string): Promise<string[]> {
  return (await loadKnowledge(dir)).problems.map(formatProblem);
}

describe("publisher checks in validate", () => {
  it("refuses a source whose link is not on its publisher's domains, saying what to do", async () => {
    const kb = copyOfFixture();
    kb.edit("sources.yaml", (t) =>
      t.replace("url: https://support.signal.org/", "url: https://signal-mirror.example/"),
    );
    expect(await problemsOf(kb.dir)).toContainEqual(
      expect.stringMatching(
        /^sources\.yaml:\d+:\d+: error: signal-mirror\.example is not one of signal's domains \(signal\.org\): link to the original publisher's page/,
      ),
    );
  });

  it("warns about two source ids for one page, naming both", async () => {
    const kb = copyOfFixture();
    kb.edit("sources.yaml", (t) =>
      t.replace("url: https://www.accessnow.org/help/", "url: https://support.signal.org/"),
    );
    expect(await problemsOf(kb.dir)).toContainEqual(
      expect.stringMatching(
        /^sources\.yaml:\d+:\d+: warning: "[\w-]+" links to the same page as "[\w-]+": keep one id/,
      ),
    );
  });

  it("refuses a source whose publisher is not listed", async () => {
    const kb = copyOfFixture();
    kb.edit("sources.yaml", (t) => t.replace("publisher: access-now", "publisher: accessnow"));
    expect(await problemsOf(kb.dir)).toContainEqual(
      expect.stringContaining('error: publisher "accessnow" is not listed under publishers'),
    );
  });

  it("refuses a link in an answer to a site no publisher lists", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/signal.yaml", (t) =>
      t.replace("https://signal.org/blog/help-iran-reconnect/", "https://signal-apk.example/get"),
    );
    expect(await problemsOf(kb.dir)).toContainEqual(
      expect.stringMatching(
        /^topics\/signal\.yaml:\d+:\d+: error: the link https:\/\/signal-apk\.example\/get goes to signal-apk\.example, which no publisher/,
      ),
    );
  });

  it("reads sources from every file in knowledge/sources/ as well as sources.yaml", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/signal.yaml", (t) =>
      t.replace("sources: [signal-support]", "sources: [signal-support, ooni-2021]"),
    );
    const { mkdirSync } = await import("node:fs");
    mkdirSync(`${kb.dir}/sources`);
    kb.write(
      "sources/measurements.yaml",
      [
        "publishers:",
        "  - { id: ooni, name: OONI, domains: [ooni.org] }",
        "sources:",
        "  - { id: ooni-2021, title: Signal blocked in Iran, publisher: ooni, url: 'https://explorer.ooni.org/x', date: 2021-01-25 }",
        "",
      ].join("\n"),
    );
    const { kb: loaded, problems } = await loadKnowledge(kb.dir);
    expect(problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(loaded?.publishers.get("ooni")?.name).toBe("OONI");
    expect(loaded?.topics.get("signal")?.sources).toContain("ooni-2021");
  });
});
