import { ConnectionError, MatrixError } from "matrix-js-sdk";
import { type MatrixConfig, MatrixConfigError } from "./config.ts";

/**
 * Turns what stopped the Matrix adapter's start (an unreachable homeserver, a refused login or
 * token) into a {@link MatrixConfigError} whose one line says which variable to fix; `panah`
 * prints it without a stack trace. Errors it does not recognise are returned unchanged, so they
 * reach the caller as the unexpected failures they are. Never quotes the homeserver's own text
 * beyond its error code: it can name the account.
 */
export function explainStartError(error: unknown, config: MatrixConfig): unknown {
  if (error instanceof MatrixConfigError) return error;
  const where = `the Matrix homeserver at ${config.homeserverUrl}`;
  if (error instanceof ConnectionError)
    return new MatrixConfigError(
      `cannot reach ${where}: check MATRIX_HOMESERVER_URL and that the homeserver is up and reachable from here`,
    );
  // A web page where the homeserver should be (the domain's site instead of its matrix host).
  if (error instanceof SyntaxError) return notMatrix(where, "its answer is not JSON");
  if (!(error instanceof MatrixError)) return error;
  const code = `${error.httpStatus ?? "?"} ${error.errcode ?? "no error code"}`;
  if (error.errcode === "M_UNKNOWN_TOKEN" || error.errcode === "M_MISSING_TOKEN")
    return new MatrixConfigError(
      config.credentials.kind === "token"
        ? `${where} refused MATRIX_ACCESS_TOKEN (${code}): create a new access token for MATRIX_USER_ID, or set MATRIX_PASSWORD instead`
        : `${where} ended the new session at once (${code}): check MATRIX_PASSWORD and the account's state on the homeserver`,
    );
  if (error.errcode === "M_FORBIDDEN" || error.errcode === "M_USER_DEACTIVATED")
    return new MatrixConfigError(
      `${where} refused to sign in MATRIX_USER_ID (${code}): fix MATRIX_PASSWORD (or MATRIX_USER_ID), and check the account is not deactivated`,
    );
  if (error.errcode === "M_LIMIT_EXCEEDED")
    return new MatrixConfigError(
      `${where} kept rate-limiting the bot's start (${code}): wait a few minutes and start again, or raise the bot account's rate limits on the homeserver`,
    );
  if (error.httpStatus === 404 || error.errcode === "M_UNRECOGNIZED") return notMatrix(where, code);
  return new MatrixConfigError(
    `${where} refused the bot's start (${code}): check MATRIX_HOMESERVER_URL, MATRIX_USER_ID and its credentials, and the homeserver's log`,
  );
}

function notMatrix(where: string, why: string): MatrixConfigError {
  return new MatrixConfigError(
    `${where} does not answer as a Matrix homeserver (${why}): set MATRIX_HOMESERVER_URL to the homeserver's client URL (see /.well-known/matrix/client on its domain)`,
  );
}
