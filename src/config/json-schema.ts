import { z } from "zod";
import { FILE_SCHEMAS } from "../knowledge/schema.ts";
import { PanahConfig } from "./schema.ts";

/**
 * The JSON Schema files editors use (yaml-language-server), generated from the same zod
 * schemas the loader validates with. `npm run schema` writes them to `schema/`; a test fails
 * when the committed files are out of date.
 */
export function jsonSchemas(): Record<string, string> {
  return Object.fromEntries(
    Object.entries({ ...FILE_SCHEMAS, "config.schema.json": PanahConfig }).map(([file, schema]) => [
      file,
      `${JSON.stringify({ ...z.toJSONSchema(schema, { io: "input" }), title: `Panah ${file.replace(".schema.json", "")} file` }, null, 2)}\n`,
    ]),
  );
}
