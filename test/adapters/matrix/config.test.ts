import { describe, expect, it } from "vitest";
import { MatrixConfigError, readMatrixConfig } from "../../../adapters/matrix/config.ts";

const base = {
  MATRIX_HOMESERVER_URL: "https://matrix.example.org/",
  MATRIX_USER_ID: "@panah:example.org",
};

describe("Matrix configuration from the environment", () => {
  it("is off when MATRIX_HOMESERVER_URL is not set", () => {
    expect(readMatrixConfig({}, "/data")).toBeUndefined();
  });

  it("reads a password set-up with allowed servers and a recovery key", () => {
    const config = readMatrixConfig(
      {
        ...base,
        MATRIX_PASSWORD: "pw",
        MATRIX_ALLOWED_SERVERS: "Example.org, matrix.org",
        MATRIX_RECOVERY_KEY: " EsT1 abcd ",
      },
      "/data",
    );
    expect(config).toEqual({
      homeserverUrl: "https://matrix.example.org",
      userId: "@panah:example.org",
      credentials: { kind: "password", password: "pw" },
      recoveryKey: "EsT1 abcd",
      allowedServers: ["example.org", "matrix.org"],
      stateDir: "/data/matrix",
    });
  });

  it("says what to fix when a setting is missing or wrong", () => {
    expect(() => readMatrixConfig({ ...base }, "/d")).toThrow(/MATRIX_PASSWORD/);
    expect(() =>
      readMatrixConfig({ ...base, MATRIX_USER_ID: "panah", MATRIX_PASSWORD: "x" }, "/d"),
    ).toThrow(MatrixConfigError);
    expect(() =>
      readMatrixConfig(
        { ...base, MATRIX_HOMESERVER_URL: "http://matrix.example.org", MATRIX_PASSWORD: "x" },
        "/d",
      ),
    ).toThrow(/https/);
    expect(() =>
      readMatrixConfig({ ...base, MATRIX_HOMESERVER_URL: "nope", MATRIX_PASSWORD: "x" }, "/d"),
    ).toThrow(/not a URL/);
  });

  it("allows plain http on the local machine only", () => {
    const config = readMatrixConfig(
      { ...base, MATRIX_HOMESERVER_URL: "http://127.0.0.1:8008", MATRIX_ACCESS_TOKEN: "t" },
      "/d",
    );
    expect(config?.credentials).toEqual({ kind: "token", accessToken: "t" });
  });
});
