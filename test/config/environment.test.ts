import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/config-error.ts";
import { withEnvironment } from "../../src/config/environment.ts";
import { configSchema, DEFAULT_CONFIG } from "../../src/config/schema.ts";

const fromFile = configSchema().parse({ http: { port: 8081, host: "127.0.0.1" } });

describe("the environment over the configuration file", () => {
  it("PANAH_HTTP_PORT and PANAH_HTTP_HOST put the endpoint where the deployment needs it, whatever the file says", () => {
    expect(
      withEnvironment(fromFile, { PANAH_HTTP_PORT: "9464", PANAH_HTTP_HOST: "0.0.0.0" }).http,
    ).toEqual({
      port: 9464,
      host: "0.0.0.0",
    });
  });

  it("turns the endpoint on where the file (the defaults) leaves it off, and keeps the file's host when only the port is set", () => {
    expect(withEnvironment(DEFAULT_CONFIG, { PANAH_HTTP_PORT: "9464" }).http).toEqual({
      port: 9464,
      host: "127.0.0.1",
    });
  });

  it("leaves the file's values when the variables are unset or empty, as compose's empty defaults give", () => {
    expect(withEnvironment(fromFile, {})).toBe(fromFile);
    expect(withEnvironment(fromFile, { PANAH_HTTP_PORT: "", PANAH_HTTP_HOST: " " })).toBe(fromFile);
  });

  it("leaves every other setting alone", () => {
    const config = withEnvironment(fromFile, { PANAH_HTTP_PORT: "9464" });
    expect({ ...config, http: fromFile.http }).toEqual(fromFile);
  });

  it.each(["nine", "70000", "-1", "94.64"])(
    "refuses PANAH_HTTP_PORT=%s, naming the variable",
    (value) => {
      expect(() => withEnvironment(fromFile, { PANAH_HTTP_PORT: value })).toThrow(ConfigError);
      expect(() => withEnvironment(fromFile, { PANAH_HTTP_PORT: value })).toThrow(
        /^PANAH_HTTP_PORT is ".*": set it to the port/,
      );
    },
  );
});
