import { handleHl7Post } from "@/lib/hl7/endpoint";

/** POST /hl7: a lab interface sends one ORU^R01 message with its bearer token and gets an HL7 ACK back. */
export async function POST(request: Request) {
  return handleHl7Post(request);
}
