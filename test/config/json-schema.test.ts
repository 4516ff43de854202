import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ADAPTERS } from "../../adapters/index.ts";
import { jsonSchemas } from "../../src/config/json-schema.ts";
import { Platforms } from "../../src/core/platform.ts";

describe("the published JSON Schema files", () => {
  it("are exactly what the validator's schemas generate (run `npm run schema` after changing them)", () => {
    for (const [file, text] of Object.entries(jsonSchemas(new Platforms(ADAPTERS))))
      expect(
        readFileSync(join(import.meta.dirname, "..", "..", "schema", file), "utf8"),
        file,
      ).toBe(text);
  });
});
