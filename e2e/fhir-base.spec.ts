import { expect, test } from "./fixtures";

/**
 * The production server listens on 0.0.0.0, which is no address for a client: the FHIR API's links name the
 * address the client called (its Host header), as a client behind a name or a port mapping needs to follow them.
 */
test("the FHIR API's links name the address the client called, not the one the server listens on", async ({ playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const direct = await api.get("/fhir/metadata");
  expect(direct.status()).toBe(200);
  expect((await direct.json()).implementation.url).toBe(`${baseURL}/fhir`);

  const named = await api.get("/fhir/metadata", { headers: { Host: "clinic.example" } });
  expect((await named.json()).implementation.url).toBe("http://clinic.example/fhir");
  // A forwarded host is not trusted from a client (no trusted proxy is configured here).
  const forged = await api.get("/fhir/metadata", { headers: { Host: "clinic.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https" } });
  expect((await forged.json()).implementation.url).toBe("http://clinic.example/fhir");
  await api.dispose();
});
