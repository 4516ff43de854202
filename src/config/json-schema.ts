import { z } from "zod";
import type { Platforms } from "../core/platform.ts";
import { FILE_SCHEMAS } from "../knowledge/schema.ts";
import { configSchema } from "./schema.ts";

/**
 * The JSON Schema files editors use (yaml-language-server), generated from the same zod
 * schemas the loader validates with. `npm run schema` writes them to `schema/`; a test fails
 * when the committed files are out of date.
 */
export function jsonSchemas(platforms: Platforms): Record<string, string> {
  const config = configSchema(platforms);
  return Object.fromEntries(
    Object.entries({ ...FILE_SCHEMAS, "config.schema.json": config }).map(([file, schema]) => [
      file,
      `${JSON.stringify({ ...z.toJSONSchema(schema, { io: "input" }), title: `Panah ${file.replace(".schema.json", "")} file` }, null, 2)}\n`,
    ]),
  );
}
