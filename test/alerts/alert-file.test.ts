import { describe, expect, it } from "vitest";
import { parseAlertFile } from "../../src/alerts/alert-file.ts";

describe("alert files", () => {
  it("name the line and column of each mistake", () => {
    const { draft: parsed, problems } = parseAlertFile(
      "alert.yaml",
      "severity: loud\nexpires: soon\ntext:\n  de: Hallo\n",
      0,
      ["telegram", "matrix"],
    );
    expect(parsed).toBeUndefined();
    const text = problems.map((p) => `${p.line}:${p.column} ${p.message}`).join("\n");
    expect(text).toMatch(/^1:11 "severity" must be one of: info, warning, critical/m);
    expect(text).toMatch(/^2:10 "expires" \("soon"\): write a duration such as 30m, 12h or 2d/m);
    expect(text).toMatch(/^4:3 unknown field "de" in "text"/m);
  });
});
