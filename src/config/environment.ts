import { ConfigError } from "./config-error.ts";
import type { PanahConfig } from "./schema.ts";

/**
 * The settings that the environment overrides: where the health and metrics endpoint listens
 * (PANAH_HTTP_PORT, PANAH_HTTP_HOST) is an endpoint of the deployment, not of the bot. The
 * Docker image and the compose files set them, because the container's health check and the
 * balancer's depend on them; so an operator's own configuration file (a copy of
 * panah.example.yaml, whose endpoint is off and on 127.0.0.1) cannot take a replica out of the
 * balancer. Unset or empty leaves the file's value.
 *
 * @example
 * withEnvironment(config, { PANAH_HTTP_PORT: "9464", PANAH_HTTP_HOST: "0.0.0.0" }).http
 * // → { port: 9464, host: "0.0.0.0" }
 */
export function withEnvironment(config: PanahConfig, env: NodeJS.ProcessEnv): PanahConfig {
  const port = env.PANAH_HTTP_PORT?.trim();
  const host = env.PANAH_HTTP_HOST?.trim();
  if (!port && !host) return config;
  return {
    ...config,
    http: {
      ...config.http,
      ...(port ? { port: portNumber(port) } : {}),
      ...(host ? { host } : {}),
    },
  };
}

function portNumber(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new ConfigError(
      `PANAH_HTTP_PORT is "${value}": set it to the port of the health and metrics endpoint (0-65535), or unset it to use http.port of the configuration file`,
    );
  return port;
}
