export interface FreshDatabase {
  name: string;
  /** The application role's URL. */
  url: string;
  appRole: string;
  ownerUrl: string;
  /** The superuser's URL on the fresh database (tests that play an attacker use it). */
  adminUrl: string;
  drop(): Promise<void>;
}
export function createFreshDatabase(adminUrl: string, prefix: string): Promise<FreshDatabase>;
