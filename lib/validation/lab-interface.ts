import { z } from "zod";
import { requiredText, uuid } from "./common";

export const createLabInterfaceSchema = z.object({ name: requiredText("a name for the laboratory interface", 100) });

export const labInterfaceIdSchema = z.object({ interfaceId: uuid });
