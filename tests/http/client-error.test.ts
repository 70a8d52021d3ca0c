import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerClientErrors } from "../../server/http/client-error.js";

// Requests Node.js's parser refuses never reach Express: the server answers them itself, with a
// status and a sentence, and goes on serving.

let server: Server;
let port = 0;

/** Sends `raw` as it is and returns the whole answer. */
function send(raw: string | Buffer): Promise<{ head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(raw));
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const at = text.indexOf("\r\n\r\n");
      resolve({ head: text.slice(0, at), body: text.slice(at + 4) });
    });
  });
}

beforeAll(async () => {
  server = createServer((req, res) => res.end(`served ${req.url ?? ""}`));
  answerClientErrors(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  port = typeof address === "object" && address ? address.port : 0;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("requests the HTTP parser refuses", () => {
  it("says how to encode an address sent with raw letters outside ASCII", async () => {
    const raw = Buffer.from(
      "GET /search?q=сохранение HTTP/1.1\r\nHost: kb.test\r\nConnection: close\r\n\r\n",
    );
    const { head, body } = await send(raw);
    expect(head.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
    expect(head).toContain("Content-Type: text/plain; charset=utf-8");
    expect(body).toContain("must be percent-encoded");
    expect(body).toContain("--data-urlencode");
    // The length sent is the length of the body in bytes (it holds Cyrillic letters).
    const length = Number(/Content-Length: (\d+)/.exec(head)?.[1]);
    expect(length).toBe(Buffer.byteLength(body));
  });

  it("says the same of a raw space in the address", async () => {
    const { head, body } = await send(
      "GET /search?q=quick freeze HTTP/1.1\r\nHost: kb.test\r\nConnection: close\r\n\r\n",
    );
    expect(head.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
    expect(body).toContain("must be percent-encoded");
  });

  it("answers headers too large with 431 and what to do, echoing none of them", async () => {
    const secret = "kbt_" + "s".repeat(20_000);
    const { head, body } = await send(
      `GET / HTTP/1.1\r\nHost: kb.test\r\nAuthorization: Bearer ${secret}\r\nConnection: close\r\n\r\n`,
    );
    expect(head.split("\r\n")[0]).toBe("HTTP/1.1 431 Request Header Fields Too Large");
    expect(body).toContain("headers are too large");
    expect(head + body).not.toContain("kbt_");
  });

  it("names a malformed header and a request that is not HTTP at all", async () => {
    const header = await send("GET / HTTP/1.1\r\nHost: kb.test\r\nNo colon here\r\n\r\n");
    expect(header.head.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
    expect(header.body).toContain("A header of the request is malformed");
    const garbage = await send("HELLO THERE\r\n\r\n");
    expect(garbage.head.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
    expect(garbage.body.trim().length).toBeGreaterThan(20);
  });

  it("goes on serving well-formed requests, with the address percent-encoded", async () => {
    const { head, body } = await send(
      "GET /search?q=%D1%81%D0%BE%D1%85%D1%80%D0%B0%D0%BD%D0%B5%D0%BD%D0%B8%D0%B5 HTTP/1.1\r\nHost: kb.test\r\nConnection: close\r\n\r\n",
    );
    expect(head.split("\r\n")[0]).toBe("HTTP/1.1 200 OK");
    expect(body).toBe(
      "served /search?q=%D1%81%D0%BE%D1%85%D1%80%D0%B0%D0%BD%D0%B5%D0%BD%D0%B8%D0%B5",
    );
  });
});
