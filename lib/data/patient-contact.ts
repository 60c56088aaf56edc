import "server-only";

/** The columns every list of patients to contact selects. */
export interface PatientContactColumns {
  patient_id: string;
  first_name: string;
  last_name: string;
  mrn: string;
  phone: string | null;
  email: string | null;
}

/** A patient as the office lists read them: "Last, First", MRN and how to reach them. */
export function patientContact(r: PatientContactColumns) {
  return { patientId: r.patient_id, patientName: `${r.last_name}, ${r.first_name}`, mrn: r.mrn, phone: r.phone, email: r.email };
}
