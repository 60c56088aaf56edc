"use client";

import { confirmSubmit } from "@/components/confirm-submit";
import { Field, SelectField } from "@/components/form";
import { addDays } from "@/lib/domain/dates";
import { formatDate } from "@/lib/format";
import { transitionCourseAction } from "../courses/actions";
import { endEarlierAnchor } from "./course-anchors";
import { CourseForm, Panel } from "./course-forms";

/**
 * A course completed or stopped with a last day still ahead is in progress until then; its end may come
 * earlier (a positive pregnancy test stops it today), never later. Moved to today or before, the course is
 * ended and this form leaves the page: its answer stays at the course.
 */
export function EndEarlierForm({ course, endDate, today }: { course: { id: string; version: number; status: string }; endDate: string; today: string }) {
  return (
    <Panel title={`End earlier than ${formatDate(endDate)}`} testId="panel-end-earlier" id={endEarlierAnchor(course.id)}>
      <CourseForm
        action={transitionCourseAction}
        course={course}
        submit="End the course earlier"
        onSubmit={confirmSubmit("Move the course's last day earlier? It cannot be moved later again.")}
        leaves={(sent) => String(sent.get("date")) <= today}
      >
        {(state) => (
          <div className="grid gap-3 sm:grid-cols-3">
            <SelectField
              id={`ee-transition-${course.id}`}
              name="transition"
              label="Action"
              state={state}
              defaultValue={course.status === "STOPPED" ? "STOP" : "COMPLETE"}
              options={[
                { value: "COMPLETE", label: "Complete" },
                { value: "STOP", label: "Stop" },
              ]}
            />
            <Field id={`ee-date-${course.id}`} name="date" label="Last day taken" type="date" max={addDays(endDate, -1)} state={state} defaultValue={today} />
            <Field id={`ee-reason-${course.id}`} name="reason" label="Reason" state={state} />
          </div>
        )}
      </CourseForm>
    </Panel>
  );
}
