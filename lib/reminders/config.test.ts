import { describe, expect, it } from "vitest";
import { deliveryMode, reminderConfig as configOf } from "./config";

const reminderConfig = (vars: Record<string, string>) => configOf({ NODE_ENV: "test", ...vars });

describe("how reminders leave the clinic, as /admin/jobs says it", () => {
  it("names the mail server by host and port, never its user or password", () => {
    const mode = deliveryMode(reminderConfig({ SMTP_URL: "smtp://reminders:s3cret-pass@smtp.clinic.example:587", OUTBOX_DIR: "/srv/outbox" }));
    expect(mode).toEqual({ email: { via: "smtp", server: "smtp.clinic.example:587", tls: false }, sms: { via: "outbox" }, outboxDir: "/srv/outbox" });
    expect(JSON.stringify(mode)).not.toMatch(/s3cret|reminders@/);
    expect(deliveryMode(reminderConfig({ SMTP_URL: "smtps://u:p@mail.example" })).email).toEqual({ via: "smtp", server: "mail.example", tls: true });
  });

  it("says that without SMTP_URL every reminder is only written to the outbox folder", () => {
    expect(deliveryMode(reminderConfig({ OUTBOX_DIR: "/srv/outbox" }))).toEqual({ email: { via: "outbox" }, sms: { via: "outbox" }, outboxDir: "/srv/outbox" });
  });

  it("never repeats a URL it cannot read (it may hold a password)", () => {
    const mode = deliveryMode(reminderConfig({ SMTP_URL: "not a url with p4ss" }));
    expect(mode.email).toEqual({ via: "smtp", server: "(SMTP_URL cannot be read)", tls: false });
  });
});
