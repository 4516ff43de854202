import type { Language } from "../../src/index.ts";

/**
 * The few strings only the Telegram adapter shows: command-menu descriptions (Telegram
 * shows them beside each command, per app language) and the note that sends private
 * commands out of groups. Everything else a person reads comes from the knowledge base.
 */
export const TELEGRAM_STRINGS: Record<
  Language,
  { commands: Record<string, string>; privateOnly: string; openPrivateChat: string }
> = {
  en: {
    commands: {
      start: "Welcome and topic menu",
      help: "How to ask me a question",
      topics: "Everything I can answer",
      lang: "Choose English or Persian",
      sources: "Where my information comes from",
      privacy: "What I store about you",
      forget: "Delete everything I store about you",
      subscribe: "Get safety and connectivity alerts",
      unsubscribe: "Stop alerts",
      alerts: "Show the current alerts",
    },
    privateOnly: "To protect your privacy, /{command} only works in a private chat with me.",
    openPrivateChat: "Open a private chat",
  },
  fa: {
    commands: {
      start: "خوش‌آمد و فهرست موضوع‌ها",
      help: "چطور از من سؤال بپرسید",
      topics: "همهٔ موضوع‌هایی که پاسخ می‌دهم",
      lang: "انتخاب زبان: فارسی یا انگلیسی",
      sources: "اطلاعات من از کجا می‌آید",
      privacy: "چه چیزی دربارهٔ شما نگه می‌دارم",
      forget: "پاک کردن همهٔ اطلاعات شما نزد من",
      subscribe: "دریافت هشدارهای امنیتی و اتصال",
      unsubscribe: "توقف هشدارها",
      alerts: "نمایش هشدارهای فعلی",
    },
    privateOnly: "برای حفظ حریم خصوصی شما، فرمان /{command} فقط در گفت‌وگوی خصوصی با من کار می‌کند.",
    openPrivateChat: "گفت‌وگوی خصوصی",
  },
};
