// Writes schema/*.schema.json from the zod schemas (npm run schema).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ADAPTERS } from "../adapters/index.ts";
import { jsonSchemas } from "../src/config/json-schema.ts";
import { Platforms } from "../src/core/platform.ts";

const dir = join(import.meta.dirname, "..", "schema");
mkdirSync(dir, { recursive: true });
for (const [file, text] of Object.entries(jsonSchemas(new Platforms(ADAPTERS)))) {
  writeFileSync(join(dir, file), text);
  console.log(`wrote schema/${file}`);
}
