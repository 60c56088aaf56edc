import { afterEach, describe, expect, it } from "vitest";
import LoginPage from "@/app/(auth)/login/page";
import { actAs, callAction, makeUser } from "./helpers";

const params = <T extends object>(v: T) => Promise.resolve(v);

afterEach(() => actAs(null));

describe("the sign-in page for a user already signed in", () => {
  it("goes to the page asked for on this site", async () => {
    actAs(await makeUser("NURSE"));
    expect(await callAction(() => LoginPage({ searchParams: params({ next: "/monitoring?page=2" }) }))).toEqual({ redirect: "/monitoring?page=2" });
  });

  // Dot segments resolve "/a/..//evil.example" to "//evil.example", which a browser reads as another site.
  it.each(["/a/..//evil.example/login", "/%2e//evil.example?page=1"])("never sends the user to another site: next=%s", async (next) => {
    actAs(await makeUser("NURSE"));
    // The nurse's home (the first page of their navigation), as for any next= the page cannot use.
    expect(await callAction(() => LoginPage({ searchParams: params({ next }) }))).toEqual({ redirect: "/patients" });
  });
});
