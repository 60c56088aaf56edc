// Shown while a page of this section loads; the portal layout has already checked the page's permission.
export { PageSkeleton as default } from "@/components/page-skeleton";
