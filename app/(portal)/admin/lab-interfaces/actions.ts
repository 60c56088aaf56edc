"use server";

import { defineAction } from "@/lib/actions/client";
import { refused } from "@/lib/errors";
import { requestNewToken } from "@/lib/data/token-decisions";
import { createLabInterface, revokeLabInterface } from "@/lib/hl7/interfaces";
import { createLabInterfaceSchema, labInterfaceIdSchema } from "@/lib/validation/lab-interface";

const LAB_INTERFACES = ["/admin/lab-interfaces", "/approvals"];

/** An administrator creates an interface without a token: the dermatologist who approves it is shown its token, to hand to the laboratory. */
export const createLabInterfaceAction = defineAction({
  permission: "users.manage",
  schema: createLabInterfaceSchema,
  revalidate: LAB_INTERFACES,
  run: async (input, { user }) => {
    await createLabInterface(user, input.name);
    return `Lab interface ${input.name} created, without a token. A dermatologist approves it under Approvals and is shown its token, once, to hand to the laboratory.`;
  },
});

/** An administrator asks for a new token (one lost, one to rotate): a dermatologist issues it; none is shown here. */
export const requestLabInterfaceTokenAction = defineAction({
  permission: "users.manage",
  schema: labInterfaceIdSchema,
  revalidate: LAB_INTERFACES,
  run: async (input, { user }) => {
    await requestNewToken(user, { kind: "LAB_INTERFACE", id: input.interfaceId });
    return "New token asked for. A dermatologist issues it under Approvals and hands it to the laboratory; the token in service works until then.";
  },
});

export const revokeLabInterfaceAction = defineAction({
  permission: "users.manage",
  schema: labInterfaceIdSchema,
  revalidate: LAB_INTERFACES,
  run: async (input, { user }) => {
    if (!(await revokeLabInterface(user, input.interfaceId))) throw refused("That lab interface does not exist or is already revoked.");
    return "Lab interface revoked. Its token is refused from the next message on.";
  },
});
