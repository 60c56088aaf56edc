import { describe, expect, it } from "vitest";
import { tokenCode } from "@/lib/confirmation-token";
import { confirmationsField, NOT_ASKED, tokenOf, TOO_MANY_CONFIRMATIONS } from "./confirmations";

const DIGEST = "0123456789abcdef";
const field = confirmationsField(tokenOf(["WEIGHT_FAR_FROM_RECORDED", "WEIGHT_PUTS_DOSE_ABOVE_LIMIT"]), 2);
const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) => [...new Set(r.error?.issues.map((i) => i.message) ?? [])];

describe("a confirmation token's code", () => {
  it.each([
    [`WEIGHT_FAR_FROM_RECORDED:${DIGEST}`, "WEIGHT_FAR_FROM_RECORDED"],
    [`UNUSUAL:6f1c2d3e-0000-4000-8000-000000000001:${DIGEST}`, "UNUSUAL:6f1c2d3e-0000-4000-8000-000000000001"],
    ["WEIGHT_FAR_FROM_RECORDED", null],
    [`WEIGHT_FAR_FROM_RECORDED:${DIGEST}0`, null],
    [`WEIGHT_FAR_FROM_RECORDED:${DIGEST.toUpperCase()}`, null],
    [`weight_far:${DIGEST}`, null],
    [`:${DIGEST}`, null],
    [`A:B:${DIGEST}`, null],
    [`${"A".repeat(200)}:${DIGEST}`, null],
    ["", null],
  ])("%j reads as %j", (token, code) => expect(tokenCode(token)).toBe(code));
});

describe("the confirmations a form sends", () => {
  it("absent, one or several tokens of the codes it may be asked about", () => {
    expect(field.parse(undefined)).toEqual([]);
    expect(field.parse(`WEIGHT_FAR_FROM_RECORDED:${DIGEST}`)).toEqual([`WEIGHT_FAR_FROM_RECORDED:${DIGEST}`]);
    const two = [`WEIGHT_PUTS_DOSE_ABOVE_LIMIT:${DIGEST}`, `WEIGHT_FAR_FROM_RECORDED:${DIGEST}`];
    expect(field.parse(two)).toEqual(two);
  });

  it.each([
    ["a bare code", "WEIGHT_FAR_FROM_RECORDED"],
    ["a code the form is not asked about", `DAILY_EQUIVALENT_ABOVE_1_MG_KG:${DIGEST}`],
    ["garbage", "'; drop table patients; --"],
    ["an empty value", ""],
    ["one good, one not", [`WEIGHT_FAR_FROM_RECORDED:${DIGEST}`, "bogus"]],
    ["a very long value", `WEIGHT_FAR_FROM_RECORDED:${DIGEST}${"f".repeat(10_000)}`],
  ])("%s is refused with one clear message", (_, ack) => {
    expect(messages(field.safeParse(ack))).toEqual([NOT_ASKED]);
  });

  it("more than it may be asked at once is refused", () => {
    expect(messages(field.safeParse(Array.from({ length: 3 }, () => `WEIGHT_FAR_FROM_RECORDED:${DIGEST}`)))).toEqual([TOO_MANY_CONFIRMATIONS]);
    expect(messages(field.safeParse(Array.from({ length: 5000 }, () => "x")))).toEqual([TOO_MANY_CONFIRMATIONS]);
  });
});
