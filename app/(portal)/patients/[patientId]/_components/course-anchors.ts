/** The id of a course's "Change the dose" panel: a link to /patients/<id>#<this> opens it (LazyDetails). */
export const changeDoseAnchor = (courseId: string) => `change-dose-${courseId}`;
