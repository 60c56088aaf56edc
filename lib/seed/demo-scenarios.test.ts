import { describe, expect, it } from "vitest";
import { strengthRefusal } from "@/lib/domain/dosing/capsules";
import { productById } from "@/lib/domain/dosing/checks";
import { SCENARIOS } from "./demo-scenarios";

describe("the demo clinic's courses", () => {
  it("are written on a strength of their product that makes every dose of the course whole capsules", () => {
    const refused = SCENARIOS.flatMap((sc) => {
      const product = productById(sc.product);
      if (!product) return [`${sc.product}: no such product`];
      return sc.doses.flatMap((d) => {
        const why = strengthRefusal(d.mg, sc.strength, product.strengthsMg);
        return why ? [`${sc.product} ${sc.strength} mg, ${d.mg} mg: ${why}`] : [];
      });
    });
    expect(refused).toEqual([]);
  });
});
