"use server";

import { defineAction } from "@/lib/actions/client";
import { refused } from "@/lib/errors";
import { createLabInterface, revokeLabInterface } from "@/lib/hl7/interfaces";
import { createLabInterfaceSchema, labInterfaceIdSchema } from "@/lib/validation/lab-interface";

const TOKEN_NOTE =
  "Copy this token into the laboratory's interface now: it is shown this once and cannot be shown again. " +
  "It posts to /hl7 with 'Authorization: Bearer <token>'.";
const LAB_INTERFACES = ["/admin/lab-interfaces"];

export const createLabInterfaceAction = defineAction({
  permission: "users.manage",
  schema: createLabInterfaceSchema,
  revalidate: LAB_INTERFACES,
  run: async (input, { user }) => {
    const { token } = await createLabInterface(user, input.name);
    return {
      status: "ok",
      message: `Lab interface ${input.name} created. Its token works once a dermatologist approves it.`,
      reveal: { label: TOKEN_NOTE, values: [token] },
    };
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
