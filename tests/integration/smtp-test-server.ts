import type { AddressInfo, Socket } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  to: string[];
  raw: string;
}

/**
 * A real SMTP server on a free local port (the smtp-server package): what the mailer sends is what it
 * receives, through the protocol. `refuseRecipients` makes it answer RCPT TO with 550; `deferRecipients`
 * answers RCPT TO for those addresses with 452 (mailbox full: try later); `refuseLogins` answers a login with
 * 535 (the clinic's mail password changed); `dropAfterData` makes it take a message whole and then drop the
 * connection before answering (the message may well be delivered).
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  refuseRecipients = false;
  deferRecipients = new Set<string>();
  refuseLogins = false;
  dropAfterData = false;
  private readonly server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth: (auth, _session, callback) =>
      this.refuseLogins ? callback(new Error("Authentication credentials invalid")) : callback(null, { user: auth.username }),
    onRcptTo: (address, _session, callback) => {
      if (this.deferRecipients.has(address.address)) return callback(Object.assign(new Error("Mailbox full, try again later"), { responseCode: 452 }));
      if (!this.refuseRecipients) return callback();
      callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        this.received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        if (!this.dropAfterData) return callback();
        const connections = (this.server as unknown as { connections: Set<{ id: string; _socket: Socket }> }).connections;
        for (const c of connections) if (c.id === session.id) c._socket.destroy();
      });
    },
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
