import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Platforms } from "../core/platform.ts";
import { formatProblem } from "../knowledge/problems.ts";
import { YamlFile } from "../knowledge/yaml-file.ts";
import { ConfigError } from "./config-error.ts";
import { withEnvironment } from "./environment.ts";
import { configSchema, type PanahConfig } from "./schema.ts";

/**
 * Reads the configuration file: `PANAH_CONFIG` when set (it must exist), else `./panah.yaml`
 * if there is one, else the defaults; then the settings the environment overrides (see
 * {@link withEnvironment}). Any mistake throws a {@link ConfigError} naming the file, line,
 * setting and fix.
 */
export async function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  /** The platforms whose sections (`moderators.<name>`…) the file may have. */
  platforms: Platforms = new Platforms(),
): Promise<{ config: PanahConfig; file?: string }> {
  const { config, file } = await readConfigFile(env, configSchema(platforms));
  return { config: withEnvironment(config, env), ...(file ? { file } : {}) };
}

async function readConfigFile(
  env: NodeJS.ProcessEnv,
  schema: ReturnType<typeof configSchema>,
): Promise<{ config: PanahConfig; file?: string }> {
  const explicit = env.PANAH_CONFIG;
  const file = resolve(explicit ?? "panah.yaml");
  let source: string;
  try {
    source = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && !explicit)
      return { config: schema.parse({}) };
    throw new ConfigError(
      `cannot read the configuration file ${file} (${(error as Error).message}): fix PANAH_CONFIG or create the file (see panah.example.yaml)`,
    );
  }
  const { yaml, problems } = YamlFile.parse(file, source);
  // A file of comments only (a copy of the example with everything commented out) means defaults.
  if (problems.length === 0 && yaml.data == null) return { config: schema.parse({}), file };
  const result = problems.length > 0 ? { problems } : yaml.validate(schema);
  if (result.problems.length > 0 || !("value" in result) || !result.value)
    throw new ConfigError(
      `the configuration file has ${result.problems.length} problem(s):\n${result.problems.map(formatProblem).join("\n")}\nFix them in ${file} (PANAH_CONFIG); panah.example.yaml lists every setting and its default.`,
    );
  return { config: result.value, file };
}
