import { beforeAll, describe, expect, it } from "vitest";
import { importHl7FileAction } from "@/app/(portal)/labs/import/actions";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, makeUser, testDb } from "./helpers";

/** The upload form answers what is wrong with the file sent: none chosen, or one chosen that holds nothing. */
let nurse: { id: string };
beforeAll(async () => {
  nurse = await makeUser("NURSE");
});

async function upload(file: File) {
  const fd = new FormData();
  fd.append("file", file);
  actAs(nurse);
  return importHl7FileAction(IDLE, fd);
}

describe("uploading lab results", () => {
  it("an empty file chosen is said to be empty, and nothing is stored", async () => {
    const before = await testDb().hl7Message.count();
    expect(await upload(new File([], "results.hl7", { type: "text/plain" }))).toMatchObject({
      status: "error",
      fieldErrors: { file: ["The file chosen is empty: it holds no result messages. Check that it is the laboratory's file, then choose it again."] },
    });
    expect(await testDb().hl7Message.count()).toBe(before);
  });

  it.each(["", "blob"])("no file chosen (the browser sends an empty part, named %j) asks for one", async (name) => {
    expect(await upload(new File([], name, { type: "application/octet-stream" }))).toMatchObject({
      status: "error",
      fieldErrors: { file: ["Choose an .hl7 or .txt file of result messages."] },
    });
  });
});
