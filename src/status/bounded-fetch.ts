/** Why reading a source failed: the label in logs and metrics, never the response itself. */
export type SourceFailure = "timeout" | "network" | "http" | "too_large" | "malformed";

/** A source that could not be read this time; the cache keeps its last good reading. */
export class SourceError extends Error {
  constructor(
    readonly reason: SourceFailure,
    message: string,
  ) {
    super(message);
  }
}

/**
 * GETs `url` as text within `timeoutMs` and `maxBytes`: a public API that hangs or answers
 * with an endless body must cost Panah a bounded wait and a bounded buffer, whatever it does.
 */
export async function fetchBounded(
  url: string,
  {
    timeoutMs,
    maxBytes,
    signal: stop,
  }: { timeoutMs: number; maxBytes: number; signal?: AbortSignal },
): Promise<string> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = stop ? AbortSignal.any([timeout, stop]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: "application/json" } });
  } catch (error) {
    throw failed(error, timeout);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new SourceError("http", `answered HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new SourceError("too_large", `declared ${declared} bytes, over the ${maxBytes} allowed`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw new SourceError("too_large", `sent more than the ${maxBytes} bytes allowed`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    throw error instanceof SourceError ? error : failed(error, timeout);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function failed(error: unknown, timeout: AbortSignal): SourceError {
  if (timeout.aborted) return new SourceError("timeout", "did not answer in time");
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  return new SourceError("network", `could not be reached (${cause ?? (error as Error).message})`);
}

/** The JSON in `text`, or a {@link SourceError} saying it was none. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SourceError("malformed", "answered with something that is not JSON");
  }
}
