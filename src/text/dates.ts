import type { Language } from "./language.ts";

/** How much of a date to show: a day ("7 December 2026"), a month ("June 2026") or a year. */
export type DatePrecision = "day" | "month" | "year";

/**
 * A YYYY-MM-DD date as a reader of `language` writes it: English in the Gregorian calendar
 * ("28 November 2026"), Persian in the Solar Hijri calendar with Persian digits («۷ آذر ۱۴۰۵»),
 * which is how dates read in Iran. Dates are calendar days, so they are read in UTC.
 */
export function formatDate(
  iso: string,
  language: Language,
  precision: DatePrecision = "day",
): string {
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = FORMATS[language].formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? "";
  // Built from parts: Intl writes a Persian month and year as «۱۴۰۵ آذر», not «آذر ۱۴۰۵».
  const shown =
    precision === "day"
      ? [part("day"), part("month"), part("year")]
      : precision === "month"
        ? [part("month"), part("year")]
        : [part("year")];
  return shown.join(" ");
}

const FORMATS: Record<Language, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }),
  fa: new Intl.DateTimeFormat("fa-IR-u-ca-persian", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }),
};
