import { describe, expect, it } from "vitest";
import { formatDate } from "../../src/text/dates.ts";

describe("formatDate", () => {
  it("writes English dates as people read them, not as ISO", () => {
    expect(formatDate("2026-11-28", "en")).toBe("28 November 2026");
    expect(formatDate("2026-06-18", "en", "month")).toBe("June 2026");
    expect(formatDate("2024-12-17", "en", "year")).toBe("2024");
  });

  it("writes Persian dates in the Solar Hijri calendar with Persian digits, day before month", () => {
    expect(formatDate("2026-11-28", "fa")).toBe("۷ آذر ۱۴۰۵");
    // Month and year read «خرداد ۱۴۰۵», not Intl's «۱۴۰۵ خرداد».
    expect(formatDate("2026-06-18", "fa", "month")).toBe("خرداد ۱۴۰۵");
    expect(formatDate("2024-12-17", "fa", "year")).toBe("۱۴۰۳");
  });

  it("reads a date as a calendar day, whatever the machine's time zone", () => {
    // 20 March 2026 is the last day of 1404; a time-zone shift would make it Nowruz 1405.
    expect(formatDate("2026-03-20", "fa")).toBe("۲۹ اسفند ۱۴۰۴");
  });

  it("leaves something that is not a date as it is", () => {
    expect(formatDate("soon", "en")).toBe("soon");
  });
});
