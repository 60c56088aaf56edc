/**
 * The ids of a course's form panels: a link to /patients/<id>#<one of these> opens the panel, scrolled into
 * view with its heading focused, on arrival (a new tab, a reload, another page) and from the page itself
 * (LazyDetails, openNamedDetails).
 */
export const changeDoseAnchor = (courseId: string) => `change-dose-${courseId}`;
/** The panel that pauses, resumes, completes or stops the course. */
export const courseStatusAnchor = (courseId: string) => `course-status-${courseId}`;
/** The panel that moves a last day still ahead earlier. */
export const endEarlierAnchor = (courseId: string) => `end-earlier-${courseId}`;
