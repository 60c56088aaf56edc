import { describe, expect, expectTypeOf, it } from "vitest";
import * as Db from "@/lib/generated/prisma/enums";
import { CONTRACEPTION_FORM_KIND_LABELS, CONTRACEPTION_FORM_LABELS } from "@/lib/labels";
import {
  CONTRACEPTION_FORM_KIND,
  CONTRACEPTION_FORM_KINDS,
  CONTRACEPTION_FORMS,
  twoMethodsProblem,
  twoMethodsText,
  type ContraceptionForm,
} from "./contraception-methods";

const FIRST = { which: "first", message: "Choose the first method from the list." };
const SECOND = { which: "second", message: "Choose the second method: two methods are needed (or record committed abstinence instead)." };
const SAME = { which: "second", message: "Choose two different methods: the same method twice is one method." };

describe("the two methods of a contraception record", () => {
  it.each([
    // first, second, problem
    ["nothing chosen", null, null, FIRST],
    ["one method (the pill alone)", "COMBINED_PILL", null, SECOND],
    ["one method, in the second place", null, "MALE_CONDOM", FIRST],
    ["the same method twice", "COMBINED_PILL", "COMBINED_PILL", SAME],
    ["the same barrier twice", "MALE_CONDOM", "MALE_CONDOM", SAME],
    ["an IUD and a condom", "IUD", "MALE_CONDOM", null],
    ["a condom and an implant, in either order", "MALE_CONDOM", "HORMONAL_IMPLANT", null],
    ["two primary forms", "COMBINED_PILL", "IUD", null],
    // DOMAIN.md's sources give no pairing rule beyond two methods: two secondary forms are two methods.
    ["two secondary forms", "MALE_CONDOM", "VAGINAL_SPONGE", null],
    ["a partner's vasectomy and a diaphragm", "PARTNER_VASECTOMY", "DIAPHRAGM", null],
  ] as const)("%s", (_name, first, second, problem) => {
    expect(twoMethodsProblem(first, second)).toEqual(problem);
  });

  it("names the two forms in words, in the order chosen", () => {
    expect(twoMethodsText("IUD", "MALE_CONDOM")).toBe("Intrauterine device (IUD) + Male latex condom");
    expect(twoMethodsText("MALE_CONDOM", "COMBINED_PILL")).toBe("Male latex condom + Combined oral contraceptive pill");
  });

  it("offers the forms iPLEDGE lists, primary and secondary, as the database stores them", () => {
    expectTypeOf<ContraceptionForm>().toEqualTypeOf<Db.ContraceptionForm>();
    expect([...CONTRACEPTION_FORMS].sort()).toEqual(Object.values(Db.ContraceptionForm).sort());
    const ofKind = (kind: string) => CONTRACEPTION_FORMS.filter((f) => CONTRACEPTION_FORM_KIND[f] === kind);
    expect(ofKind("PRIMARY")).toEqual([
      "TUBAL_STERILIZATION",
      "PARTNER_VASECTOMY",
      "IUD",
      "HORMONAL_IMPLANT",
      "HORMONAL_INJECTION",
      "COMBINED_PILL",
      "HORMONAL_PATCH",
      "VAGINAL_RING",
    ]);
    expect(ofKind("SECONDARY")).toEqual(["MALE_CONDOM", "DIAPHRAGM", "CERVICAL_CAP", "VAGINAL_SPONGE"]);
  });

  it("has a name for every form and each group, and no two forms share one", () => {
    expect(Object.keys(CONTRACEPTION_FORM_LABELS).sort()).toEqual([...CONTRACEPTION_FORMS].sort());
    expect(Object.keys(CONTRACEPTION_FORM_KIND_LABELS).sort()).toEqual([...CONTRACEPTION_FORM_KINDS].sort());
    const names = Object.values(CONTRACEPTION_FORM_LABELS);
    expect(new Set(names).size).toBe(names.length);
    for (const name of [...names, ...Object.values(CONTRACEPTION_FORM_KIND_LABELS)]) expect(name.trim()).not.toBe("");
  });
});
