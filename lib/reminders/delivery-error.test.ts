import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryError, deliveryFailureKind, deliveryFailureReason } from "./delivery-error";
import { createEmailSender } from "./mailer";
import { outboxSmsProvider } from "./sms";

describe("delivery failure reasons", () => {
  it("keep SMTP and socket codes and drop the server's words, which quote the address back", () => {
    const smtp = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <jane.doe@example.test>: unknown"), {
      code: "EENVELOPE",
      responseCode: 550,
      response: "550 5.1.1 <jane.doe@example.test>: unknown",
    });
    expect(deliveryFailureReason(smtp)).toBe("The mail server refused the message (SMTP 550, EENVELOPE).");
    expect(deliveryFailureReason(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:2525"), { code: "ECONNREFUSED" }))).toBe(
      "The message could not be delivered (ECONNREFUSED).",
    );
  });

  it("never pass on a code that is not a plain code", () => {
    expect(deliveryFailureReason(Object.assign(new Error("x"), { code: "jane@example.test" }))).toBe("The message could not be delivered (unexpected error).");
    expect(deliveryFailureReason("jane@example.test")).toBe("The message could not be delivered (unexpected error).");
  });

  it("keep a provider's own safe reason", () => {
    expect(deliveryFailureReason(new DeliveryError("The text-message gateway is not reachable."))).toBe("The text-message gateway is not reachable.");
  });

  it("say a message may have been delivered when the connection failed once the transfer may have begun", () => {
    expect(deliveryFailureReason(Object.assign(new Error("Connection closed unexpectedly"), { code: "ECONNECTION", command: "CONN" }))).toBe(
      "Sending was interrupted (ECONNECTION); the message may have been delivered. Send a new reminder if needed.",
    );
  });

  it("name the clinic's settings, not the message, when the server refuses the session, and a try-later answer as such", () => {
    const login = Object.assign(new Error("Invalid login: 535 Authentication credentials invalid"), {
      code: "EAUTH",
      responseCode: 535,
      command: "AUTH PLAIN",
    });
    expect(deliveryFailureReason(login)).toBe("The mail server refused the clinic's connection (SMTP 535, EAUTH); check the mail settings (SMTP_URL).");
    const full = Object.assign(new Error("Recipient command failed: 452 <jane@example.test> mailbox full"), {
      code: "EENVELOPE",
      responseCode: 452,
      command: "RCPT TO",
    });
    expect(deliveryFailureReason(full)).toBe("The mail server could not take the message for now (SMTP 452, EENVELOPE).");
  });

  it.each([
    // The fields nodemailer gives (each stage's command is "CONN"; the stage shows in the socket call and message).
    ["connection refused", { code: "ESOCKET", command: "CONN", syscall: "connect", message: "connect ECONNREFUSED 127.0.0.1:1" }, "SERVER_LATER"],
    ["a connection timeout", { code: "ETIMEDOUT", command: "CONN", message: "Connection timeout" }, "SERVER_LATER"],
    ["no greeting from the server", { code: "ETIMEDOUT", command: "CONN", message: "Greeting never received" }, "SERVER_LATER"],
    ["a DNS failure", { code: "EDNS", command: "CONN" }, "SERVER_LATER"],
    ["a 421 greeting", { code: "EPROTOCOL", responseCode: 421, command: "CONN" }, "SERVER_LATER"],
    ["a 421 service not available", { code: "EENVELOPE", responseCode: 421, command: "RCPT TO" }, "SERVER_LATER"],
    ["a 451 to MAIL FROM", { code: "EENVELOPE", responseCode: 451, command: "MAIL FROM" }, "SERVER_LATER"],
    ["a 451 local error after the message", { code: "EMESSAGE", responseCode: 451, command: "DATA" }, "SERVER_LATER"],
    ["a 452 mailbox full to RCPT TO", { code: "EENVELOPE", responseCode: 452, command: "RCPT TO" }, "RECIPIENT_LATER"],
    ["a 450 mailbox busy to RCPT TO", { code: "EENVELOPE", responseCode: 450, command: "RCPT TO" }, "RECIPIENT_LATER"],
    ["a login refused", { code: "EAUTH", responseCode: 535, command: "AUTH PLAIN" }, "SESSION_REFUSED"],
    ["no credentials for the login asked", { code: "EAUTH", command: "API" }, "SESSION_REFUSED"],
    ["STARTTLS failed", { code: "ETLS", responseCode: 454, command: "STARTTLS" }, "SESSION_REFUSED"],
    ["TLS failed to start", { code: "ETLS", command: "CONN" }, "SESSION_REFUSED"],
    ["a 554 greeting", { code: "EPROTOCOL", responseCode: 554, command: "CONN" }, "SESSION_REFUSED"],
    ["HELO refused", { code: "EPROTOCOL", responseCode: 550, command: "HELO" }, "SESSION_REFUSED"],
    ["the sender address refused", { code: "EENVELOPE", responseCode: 553, command: "MAIL FROM" }, "SESSION_REFUSED"],
    [
      "the connection closed after the message was sent",
      { code: "ECONNECTION", command: "CONN", message: "Connection closed unexpectedly" },
      "MAYBE_DELIVERED",
    ],
    ["the connection reset during the transfer", { code: "ESOCKET", command: "CONN", syscall: "read", message: "read ECONNRESET" }, "MAYBE_DELIVERED"],
    ["no answer after the message was sent", { code: "ETIMEDOUT", command: "CONN", message: "Timeout" }, "MAYBE_DELIVERED"],
    ["a timeout during the transfer", { code: "ETIMEDOUT", command: "DATA" }, "MAYBE_DELIVERED"],
    ["a dropped connection during the transfer", { code: "ESOCKET", command: "DATA" }, "MAYBE_DELIVERED"],
    ["a 550 refusal", { code: "EENVELOPE", responseCode: 550, command: "RCPT TO" }, "FINAL"],
    ["a 554 to DATA", { code: "EENVELOPE", responseCode: 554, command: "DATA" }, "FINAL"],
    ["a 554 after the message", { code: "EMESSAGE", responseCode: 554, command: "DATA" }, "FINAL"],
  ])("what a failure means for the reminder, its batch and the run: %s", (_label, fields, kind) => {
    expect(deliveryFailureKind(Object.assign(new Error("x"), fields))).toBe(kind);
  });

  it("treats a provider's own reasons and non-errors as final", () => {
    expect(deliveryFailureKind(new DeliveryError("The text-message gateway is not reachable."))).toBe("FINAL");
    expect(deliveryFailureKind("ECONNECTION")).toBe("FINAL");
  });
});

describe("an outbox folder that cannot be written", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "isotrack-outbox-errors-"));
    await writeFile(path.join(dir, "a-file"), "not a folder");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** What the outbox writers throw, for real, when OUTBOX_DIR is not a folder they can write. */
  async function outboxError(outboxDir: string, channel: "EMAIL" | "SMS"): Promise<unknown> {
    const message = { to: "jane.doe@example.test", reference: "00000000-0000-4000-8000-000000000001" };
    try {
      if (channel === "EMAIL") await createEmailSender({ smtpUrl: null, from: "c@example.test", outboxDir }).send({ ...message, subject: "s", text: "t" });
      else await outboxSmsProvider(outboxDir).send({ ...message, body: "b" });
    } catch (error) {
      return error;
    }
    throw new Error("the outbox was written");
  }

  it("waits, without counting an attempt, when the folder is a file or lies under one (the clinic's setup, not the patient's)", async () => {
    const under = await outboxError(path.join(dir, "a-file", "outbox"), "EMAIL");
    expect(under).toMatchObject({ code: "ENOTDIR" });
    expect(deliveryFailureKind(under)).toBe("OUTBOX_UNWRITABLE");
    expect(deliveryFailureReason(under)).toBe(
      "The outbox folder (OUTBOX_DIR) could not be written (ENOTDIR: its path is not a folder); the reminders wait and go out once it can be written.",
    );
    const itself = await outboxError(path.join(dir, "a-file"), "SMS");
    expect(itself).toMatchObject({ code: "EEXIST" });
    expect(deliveryFailureKind(itself)).toBe("OUTBOX_UNWRITABLE");
    // Never the path (it names the reminder's file) nor the address.
    expect(deliveryFailureReason(itself)).not.toMatch(/a-file|jane|0000/);
  });

  it("waits when the disk is full, as the operating system says it", async () => {
    const full = await writeFile("/dev/full", "x").catch((error: unknown) => error);
    expect(full).toMatchObject({ code: "ENOSPC", syscall: "write" });
    expect(deliveryFailureKind(full)).toBe("OUTBOX_UNWRITABLE");
    expect(deliveryFailureReason(full)).toBe(
      "The outbox folder (OUTBOX_DIR) could not be written (ENOSPC: the disk is full); the reminders wait and go out once it can be written.",
    );
  });

  it.each([
    ["no permission", { code: "EACCES", syscall: "open" }, "EACCES: the server may not write there"],
    ["an operation not permitted", { code: "EPERM", syscall: "rename" }, "EPERM: the server may not write there"],
    ["a read-only file system", { code: "EROFS", syscall: "mkdir" }, "EROFS: the server may not write there"],
    ["a quota reached", { code: "EDQUOT", syscall: "write" }, "EDQUOT: the disk is full"],
    ["too many open files", { code: "EMFILE", syscall: "open" }, "EMFILE: the server is short of resources for now"],
    ["too many open files in the system", { code: "ENFILE", syscall: "open" }, "ENFILE: the server is short of resources for now"],
    ["an input/output error", { code: "EIO", syscall: "write" }, "EIO: the disk failed to write"],
  ])("waits on %s (the fields Node gives a file system error)", (_label, fields, why) => {
    const error = Object.assign(new Error(`${fields.code}: x, ${fields.syscall} '/srv/outbox/email-1.eml'`), fields, { path: "/srv/outbox/email-1.eml" });
    expect(deliveryFailureKind(error)).toBe("OUTBOX_UNWRITABLE");
    expect(deliveryFailureReason(error)).toBe(
      `The outbox folder (OUTBOX_DIR) could not be written (${why}); the reminders wait and go out once it can be written.`,
    );
  });

  it("leaves a socket's errors to the mail server's rules, whatever their system call", () => {
    expect(deliveryFailureKind(Object.assign(new Error("write EPIPE"), { code: "ESOCKET", syscall: "write" }))).toBe("MAYBE_DELIVERED");
    expect(deliveryFailureKind(Object.assign(new Error("connect EACCES 10.0.0.1:25"), { code: "EACCES", syscall: "connect" }))).toBe("FINAL");
  });
});
