import { describe, expect, it } from "vitest";
import { SourceError } from "../../src/status/bounded-fetch.ts";
import { connectivityOf } from "../../src/status/ioda.ts";
import { levelAfter } from "../../src/status/status-draft.ts";
import { fixture } from "./support/status-server.ts";

/** IODA's envelope around one ping-slash24 series, values every 600 s from `from`. */
const envelope = (values: (number | null)[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: "signals",
    error: null,
    ...extra,
    data: [
      [
        {
          entityType: "country",
          entityCode: "IR",
          datasource: "ping-slash24",
          from: 0,
          step: 600,
          values,
        },
      ],
    ],
  });

const reason = (text: string) => {
  try {
    connectivityOf(text, "ping-slash24");
    return "read";
  } catch (error) {
    return error instanceof SourceError ? error.reason : "threw something else";
  }
};

describe("reading IODA's signals", () => {
  it("measures the newest value against the median of the week before the last day", () => {
    const day = 144;
    const week = [...Array(6 * day).fill(1000), ...Array(day - 1).fill(1000), 250, null, null];
    expect(connectivityOf(envelope(week), "ping-slash24")).toMatchObject({ percent: 25 });
  });

  it("refuses what it cannot measure: an error IODA reports, no values, too little history", () => {
    expect(
      reason(
        envelope([1, 2, 3], { error: "Time range for a single query must be less than 100 days" }),
      ),
    ).toBe("http");
    expect(reason(envelope([null, null]))).toBe("malformed");
    expect(reason(envelope(Array(100).fill(1000)))).toBe("malformed");
    expect(reason(fixture("ioda-bgp-normal"))).toBe("malformed");
    expect(reason(fixture("ioda-ping-slash24-normal"))).toBe("read");
  });
});

describe("when moderators are told", () => {
  const thresholds = { dropBelowPercent: 50, recoverAbovePercent: 80 };
  it("tells of a fall below the drop line and of a return above the recovery line, and of nothing between", () => {
    expect(levelAfter("normal", 49, thresholds)).toBe("low");
    expect(levelAfter("normal", 60, thresholds)).toBe("normal");
    expect(levelAfter("low", 60, thresholds)).toBe("low");
    expect(levelAfter("low", 45, thresholds)).toBe("low");
    expect(levelAfter("low", 80, thresholds)).toBe("normal");
  });
});
