"use client";

/**
 * A form's onSubmit that asks before a destructive submission and cancels it unless confirmed. `when`
 * decides from the form's values whether this submission is the destructive one.
 */
export function confirmSubmit(message: string, when: (values: FormData) => boolean = () => true) {
  return (event: React.FormEvent<HTMLFormElement>) => {
    if (when(new FormData(event.currentTarget)) && !window.confirm(message)) event.preventDefault();
  };
}
