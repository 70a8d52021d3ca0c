/**
 * Requests Node.js's HTTP parser refuses before Express sees them: an address with raw spaces or
 * letters outside ASCII (`curl "…/search?q=сохранение"` sends the bytes as they are), headers too
 * large, a malformed request line. Node answers those with a bare status and no body; here each
 * gets its status and a sentence that says what to change. Nothing of the request is echoed or
 * logged (it may hold a token or a cookie).
 */
import type { Server } from "node:http";
import type { Duplex } from "node:stream";

interface Answer {
  status: number;
  reason: string;
  message: string;
}

/** The answer for a parser error code (`HPE_…`, or Node's own for a request that took too long). */
export function clientErrorAnswer(code: string | undefined): Answer {
  switch (code) {
    case "HPE_HEADER_OVERFLOW":
      return {
        status: 431,
        reason: "Request Header Fields Too Large",
        message:
          "The request's headers are too large. Clear this site's cookies, or send fewer or shorter headers.",
      };
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return {
        status: 413,
        reason: "Payload Too Large",
        message: "The request's chunk extensions are too large.",
      };
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return {
        status: 408,
        reason: "Request Timeout",
        message: "The request took too long to arrive. Please send it again.",
      };
    case "HPE_INVALID_URL":
    case "HPE_INVALID_METHOD":
    case "HPE_INVALID_VERSION":
    case "HPE_INVALID_CONSTANT":
      return {
        status: 400,
        reason: "Bad Request",
        message:
          "The request line could not be read. Spaces and letters outside ASCII in an address must be percent-encoded: ?q=%D1%81%D0%BE%D1%85%D1%80%D0%B0%D0%BD%D0%B5%D0%BD%D0%B8%D0%B5 for ?q=сохранение (with curl: curl -G --data-urlencode 'q=сохранение' …/api/search).",
      };
    case "HPE_INVALID_HEADER_TOKEN":
    case "HPE_LF_EXPECTED":
    case "HPE_CR_EXPECTED":
      return {
        status: 400,
        reason: "Bad Request",
        message:
          "A header of the request is malformed: each is a name, a colon and a value, on a line of its own.",
      };
    default:
      return {
        status: 400,
        reason: "Bad Request",
        message: "The request is not valid HTTP/1.1 and could not be read.",
      };
  }
}

/** Answers requests the parser refused with their status and a plain-text sentence. */
export function answerClientErrors(server: Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    // As Node.js does: answer only where no answer has begun on this connection (a pipelined
    // request's response in flight would be corrupted), and never a client that has gone.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })
      ._httpMessage;
    if (error.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, reason, message } = clientErrorAnswer(error.code);
    const body = `${message}\n`;
    socket.end(
      [
        `HTTP/1.1 ${status} ${reason}`,
        "Content-Type: text/plain; charset=utf-8",
        `Content-Length: ${Buffer.byteLength(body)}`,
        "X-Content-Type-Options: nosniff",
        "Cache-Control: no-store",
        "Connection: close",
        "",
        body,
      ].join("\r\n"),
    );
  });
}
