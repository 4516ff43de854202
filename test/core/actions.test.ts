import { describe, expect, it } from "vitest";
import {
  type Action,
  decodeAction,
  encodeAction,
  MAX_ACTION_BYTES,
} from "../../src/core/actions.ts";

describe("button actions", () => {
  const every: [Action, string][] = [
    [{ kind: "topic", topic: "vpn-risks" }, "t:vpn-risks"],
    [{ kind: "sources", topic: "vpn-risks" }, "s:vpn-risks"],
    [{ kind: "language", language: "fa" }, "l:fa"],
    [{ kind: "command", command: "topics" }, "c:topics"],
    [{ kind: "category", category: "messengers" }, "k:messengers"],
    [{ kind: "forget", confirmed: true }, "f:yes"],
    [{ kind: "forget", confirmed: false }, "f:no"],
    [{ kind: "alert", verb: "skip" }, "a:skip"],
    [{ kind: "alert", verb: "set", value: "6h" }, "a:set:6h"],
    [{ kind: "alert", verb: "confirm", value: "AbC-_123xyz0" }, "a:confirm:AbC-_123xyz0"],
  ];

  it.each(every)("%o is written as %s and read back the same", (action, data) => {
    expect(encodeAction(action)).toBe(data);
    expect(decodeAction(data)).toEqual(action);
  });

  it("keeps the longest real actions within Telegram's 64 bytes of callback data", () => {
    // A preview's confirm button: the verb and a 12-character draft fingerprint.
    const confirm = encodeAction({ kind: "alert", verb: "confirm", value: "x".repeat(12) });
    expect(Buffer.byteLength(confirm)).toBeLessThanOrEqual(MAX_ACTION_BYTES);
  });

  it.each([
    ["no kind", "vpn-risks"],
    ["an unknown kind", "z:whatever"],
    ["an empty topic", "t:"],
    ["a forget answer other than yes or no", "f:maybe"],
    ["an alert step with no verb", "a:"],
    ["more than Telegram would ever send", `t:${"x".repeat(MAX_ACTION_BYTES)}`],
  ])("reads data with %s as no action at all", (_, data) => {
    expect(decodeAction(data)).toBeUndefined();
  });
});
