-- A course entered from paper records whose post-course pregnancy test was still ahead, or due and not yet
-- overdue, on the day it was entered: that test is followed up in the portal like any course's (decided by
-- lib/domain/pregnancy/monitoring.ts paperCourseTracksPostCourseTest when the course is entered). Courses
-- entered before this column keep false: nothing of theirs changes.
ALTER TABLE "courses" ADD COLUMN "post_course_test_tracked" BOOLEAN NOT NULL DEFAULT false;
