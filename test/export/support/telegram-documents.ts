import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";

/** A file the bot sent with sendDocument, as the emulator received it. */
export interface ReceivedDocument {
  token: string;
  chatId: string;
  fileName: string;
  caption?: string;
  data: Buffer;
  replyTo?: number;
}

interface Layer {
  route?: { path?: string };
}

/** The parts of an Express request and response (the emulator's web server) used here. */
type UploadRequest = NodeJS.ReadableStream & {
  headers: Record<string, string>;
  params: { token?: string };
};
type UploadResponse = { sendResult: (body: unknown) => void };

let nextMessageId = 900_000;

/**
 * Teaches the Bot API emulator `sendDocument`, which telegram-test-api lacks: the upload is
 * parsed as multipart form data (as the real Bot API does), kept for the test to read, and
 * answered with a Message carrying the document. The route goes in front of the emulator's
 * catch-all "method not supported" route.
 */
export function acceptDocuments(server: TelegramServer): ReceivedDocument[] {
  const received: ReceivedDocument[] = [];
  // webServer is private in the typings, but it is the emulator's Express app.
  const app = (server as unknown as { webServer: unknown }).webServer as {
    post: (path: string, handler: (req: UploadRequest, res: UploadResponse) => void) => void;
    _router: { stack: Layer[] };
  };
  app.post("/bot:token/sendDocument", (req, res) => {
    // Express 4 does not await handlers: a failure must become an answer, not a stray rejection.
    receive(req, res).catch((error: unknown) =>
      res.sendResult({ ok: false, error_code: 400, description: `Bad Request: ${error}` }),
    );
  });
  const receive = async (req: UploadRequest, res: UploadResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.from(chunk));
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/.exec(req.headers["content-type"] ?? "");
    const parts = parseMultipart(Buffer.concat(chunks), boundary?.[1] ?? boundary?.[2] ?? "");
    const field = (name: string) => parts.find((part) => part.name === name);
    // grammy sends the file as its own part and names it in the field: "attach://<part>".
    const reference = field("document")?.data.toString("utf8") ?? "";
    const file = reference.startsWith("attach://")
      ? field(reference.slice("attach://".length))
      : field("document");
    if (!file?.fileName) {
      res.sendResult({ ok: false, error_code: 400, description: "Bad Request: no document" });
      return;
    }
    const caption = field("caption")?.data.toString("utf8");
    const reply = field("reply_parameters")?.data.toString("utf8");
    const document: ReceivedDocument = {
      token: req.params.token ?? "",
      chatId: field("chat_id")?.data.toString("utf8") ?? "",
      fileName: file.fileName,
      data: file.data,
      ...(typeof caption === "string" ? { caption } : {}),
      ...(typeof reply === "string" ? { replyTo: JSON.parse(reply).message_id } : {}),
    };
    received.push(document);
    res.sendResult({
      ok: true,
      result: {
        message_id: nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(document.chatId), type: "private", first_name: "Test" },
        document: {
          file_id: `doc-${received.length}`,
          file_unique_id: `doc-${received.length}`,
          file_name: document.fileName,
          file_size: document.data.length,
        },
        ...(document.caption ? { caption: document.caption } : {}),
      },
    });
  };
  const stack = app._router.stack;
  const added = stack.pop();
  const catchAll = stack.findIndex((layer) => layer.route?.path === "/bot:token/:method");
  if (!added || catchAll < 0) throw new Error("the emulator's routes are not where expected");
  stack.splice(catchAll, 0, added);
  return received;
}

interface Part {
  name: string;
  fileName?: string;
  data: Buffer;
}

/** multipart/form-data, as HTTP clients write it (RFC 7578); enough for one test upload. */
function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const parts: Part[] = [];
  // Prefixing CRLF lets the first delimiter match like the others.
  const text = Buffer.concat([Buffer.from("\r\n"), body]);
  let at = text.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (text.subarray(start, start + 2).toString() === "--") break;
    const next = text.indexOf(delimiter, start);
    if (next < 0) break;
    const part = text.subarray(start + 2, next);
    const split = part.indexOf("\r\n\r\n");
    const headers = part.subarray(0, split).toString("utf8");
    const name = /[:;]\s*name="([^"]*)"/i.exec(headers)?.[1] ?? "";
    // grammy leaves the file name unquoted; browsers quote it.
    const file = /;\s*filename=(?:"([^"]*)"|([^;\r\n]*))/i.exec(headers);
    const fileName = file?.[1] ?? file?.[2];
    parts.push({ name, ...(fileName ? { fileName } : {}), data: part.subarray(split + 4) });
    at = next;
  }
  return parts;
}
