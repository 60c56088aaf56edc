import type { Metadata } from "next";
import { requirePagePermission } from "@/lib/auth/session";
import { createPatientAction } from "../actions";
import { PatientForm } from "../patient-form";

export const metadata: Metadata = { title: "New patient" };

export default async function NewPatientPage() {
  const user = await requirePagePermission("patients.write");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">New patient</h1>
      <PatientForm action={createPatientAction} submitLabel="Create patient" category={user.role === "DERMATOLOGIST" ? "choose" : "default"} />
    </div>
  );
}
